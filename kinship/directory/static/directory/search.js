// Progressive enhancement: a "Print this list" button (printing works from the browser's
// own menu without JavaScript, using the print stylesheet).
for (const button of document.querySelectorAll(".js-print")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
