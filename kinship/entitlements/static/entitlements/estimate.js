// While the estimate is being worked out, ask again every few seconds and show it when it is
// ready. A meta refresh would reload on a timer the reader cannot control (WCAG 2.2.1); this
// reloads once, when there is something new. Without JavaScript, the "Check now" link does it.
(function () {
  var pending = document.querySelector("[data-estimate-pending]");
  if (!pending || !window.fetch) return;
  var wait = (parseInt(pending.getAttribute("data-estimate-pending"), 10) || 3) * 1000;
  function poll() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (html.indexOf("data-estimate-pending") === -1) window.location.replace(window.location.href);
        else window.setTimeout(poll, wait);
      })
      .catch(function () { window.setTimeout(poll, wait * 2); });
  }
  window.setTimeout(poll, wait);
})();
