// Inspections: autosave of the visit record. Progressive enhancement only: without this
// script every section is still saved by its own form's submit button.
(function () {
  "use strict";
  var DELAY_MS = 1500;

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setup(form) {
    var status = form.querySelector("[data-autosave-status]");
    var timer = null;
    var inFlight = false;
    var pending = false;

    function show(text) { if (status) status.textContent = text; }

    function save() {
      if (inFlight) { pending = true; return; }
      inFlight = true;
      show(form.dataset.savingText || "…");
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrfToken(form), "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (result) {
        if (result.ok) {
          form.dataset.dirty = "";
          show((form.dataset.savedText || "✓") + " " + new Date().toLocaleTimeString());
        } else {
          var errors = result.data && result.data.errors ? result.data.errors : {};
          var first = Object.keys(errors).map(function (k) { return [].concat(errors[k])[0]; })[0];
          show(first ? String(first.message || first) : "!");
        }
      }).catch(function () {
        show(form.dataset.offlineText || "offline");
      }).then(function () {
        inFlight = false;
        if (pending) { pending = false; save(); }
      });
    }

    function schedule() {
      form.dataset.dirty = "1";
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, DELAY_MS);
    }

    form.querySelectorAll("textarea, input[type=number], input[type=datetime-local]").forEach(function (field) {
      field.addEventListener("input", schedule);
      field.addEventListener("change", schedule);
    });
    // Leaving the page with unsaved typing: save now (the request survives the navigation).
    window.addEventListener("pagehide", function () {
      if (form.dataset.dirty && navigator.sendBeacon) {
        var data = new FormData(form);
        navigator.sendBeacon(form.action, data);
      }
    });
  }

  document.querySelectorAll("form[data-autosave]").forEach(setup);
})();
