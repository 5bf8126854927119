// Management area: the company-import page follows its import without reloading.
// Progressive enhancement only: without this script the page refreshes itself (meta refresh).
(function () {
  "use strict";
  var box = document.querySelector("[data-import-progress]");
  if (!box || !box.dataset.running) return;
  var url = box.dataset.statusUrl;
  var bar = box.querySelector("[data-import-bar]");
  var percent = box.querySelector("[data-import-percent]");
  var status = box.querySelector("[data-import-status]");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.value = data.percent;
        percent.textContent = data.percent;
        status.textContent = data.status_label;
        // Finished: load the page once more for the report of every line.
        if (!data.running) { window.location.reload(); return; }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
