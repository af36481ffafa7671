// Kinship Hub: small progressive enhancements. Every page works without this file.

// Quick exit: leave for a neutral site and replace this page in the history, so the back
// button does not return here. Escape does the same.
function quickExit(event) {
  const link = document.querySelector(".js-quick-exit");
  if (!link) return;
  if (event) event.preventDefault();
  document.body.style.display = "none";
  document.title = ".";
  window.location.replace(link.dataset.altlink || link.href);
}

document.addEventListener("click", (event) => {
  const target = event.target.closest(".js-quick-exit");
  if (target) quickExit(event);
  const print = event.target.closest(".js-print");
  if (print) {
    event.preventDefault();
    window.print();
  }
});

document.addEventListener("keyup", (event) => {
  if (event.key === "Escape" && document.querySelector(".js-quick-exit")) quickExit(event);
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
