// Inspectorate: progressive enhancement only; every page works without JavaScript.
(function () {
  "use strict";
  // Forms marked data-submit-once disable their submit buttons after the first submit,
  // so a double tap on a slow connection sends one request.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-submit-once]")) return;
    if (form.dataset.submitted) { event.preventDefault(); return; }
    form.dataset.submitted = "1";
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.setAttribute("aria-busy", "true"); });
  });
})();
