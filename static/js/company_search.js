// The visit planner's company search as you type. Progressive enhancement: without this
// script the search box is a plain GET form that reloads the page with the matches.
(function () {
  "use strict";
  var DELAY_MS = 250;

  function setup(input) {
    var select = document.getElementById(input.dataset.companySelect);
    var status = input.form.querySelector("[data-company-search-status]");
    if (!select) return;
    var timer = null;
    var latest = 0;

    function fill(results) {
      var placeholder = select.options.length ? select.options[0].cloneNode(true) : null;
      select.innerHTML = "";
      if (placeholder) select.appendChild(placeholder);
      results.forEach(function (row) {
        var option = document.createElement("option");
        option.value = String(row.id);
        option.textContent = row.label;
        select.appendChild(option);
      });
      if (results.length === 1) select.value = String(results[0].id);
      if (status && input.dataset.foundText) status.textContent = input.dataset.foundText + " " + results.length;
    }

    function search() {
      var query = input.value.trim();
      if (query.length < 2) return;
      var ticket = ++latest;
      fetch(input.dataset.companySearch + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : { results: [] };
      }).then(function (data) {
        if (ticket === latest) fill(data.results || []);
      }).catch(function () { /* the Search button still works */ });
    }

    input.addEventListener("input", function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(search, DELAY_MS);
    });
  }

  document.querySelectorAll("input[data-company-search]").forEach(setup);
})();
