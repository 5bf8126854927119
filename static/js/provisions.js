// Finding form: the legal-provision list follows the chosen norm category and can be searched.
// Progressive enhancement only: without this script the list is grouped by category.
(function () {
  "use strict";

  function setup(select) {
    var category = document.getElementById(select.dataset.categoryField);
    var tools = document.createElement("div");
    tools.className = "d-flex flex-wrap gap-2 align-items-center mb-2";

    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control";
    search.placeholder = select.dataset.searchLabel || "";
    search.setAttribute("aria-label", select.dataset.searchLabel || "");
    search.dataset.testid = "provision-search";

    var allBox = document.createElement("div");
    allBox.className = "form-check";
    var all = document.createElement("input");
    all.type = "checkbox";
    all.className = "form-check-input";
    all.id = select.id + "-all";
    var allLabel = document.createElement("label");
    allLabel.className = "form-check-label";
    allLabel.htmlFor = all.id;
    allLabel.textContent = select.dataset.allLabel || "";
    allBox.appendChild(all);
    allBox.appendChild(allLabel);

    tools.appendChild(search);
    tools.appendChild(allBox);
    select.parentNode.insertBefore(tools, select);

    function apply() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var wanted = all.checked || !category ? "" : category.value;
      select.querySelectorAll("option[data-category]").forEach(function (option) {
        var text = option.textContent.toLowerCase();
        var show = (!wanted || option.dataset.category === wanted) &&
          words.every(function (w) { return text.indexOf(w) !== -1; });
        option.hidden = !show;
        option.disabled = !show;
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      var chosen = select.options[select.selectedIndex];
      if (chosen && chosen.hidden) select.value = "";
    }

    search.addEventListener("input", apply);
    all.addEventListener("change", apply);
    if (category) category.addEventListener("change", apply);
    apply();
  }

  document.querySelectorAll("select[data-provision-picker]").forEach(setup);
})();
