// Kinship Hub: small progressive enhancements. Every page works without this file.

import HidePage from "../sgds/hide-this-page.js";

document.body.classList.add("js-enabled");

// Quick exit is the design system's "Hide this page": it empties the page, opens the neutral
// site and replaces this page in the history (so Back does not return here); Escape does the same.
const hidePage = document.querySelector(".ds_hide-page");
if (hidePage) new HidePage(hidePage).init();

document.addEventListener("click", (event) => {
  const print = event.target.closest(".js-print");
  if (print) {
    event.preventDefault();
    window.print();
  }
});

// Buttons that only make sense with JavaScript (print) are hidden until it runs.
for (const el of document.querySelectorAll(".js-only")) el.hidden = false;

// Forms marked data-submit-once disable their submit button after the first press.
for (const form of document.querySelectorAll("form[data-submit-once]")) {
  form.addEventListener("submit", () => {
    for (const button of form.querySelectorAll("button[type=submit]")) {
      setTimeout(() => { button.disabled = true; }, 0);
    }
  });
}
