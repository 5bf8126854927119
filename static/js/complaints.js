// Complaints: company search on the intake forms, anonymous switch, print button.
// Progressive enhancement only: without JavaScript the company name is simply typed.
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy");
      var done = function () { button.textContent = button.getAttribute("data-copied"); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () {});
      } else {
        var field = document.createElement("textarea");
        field.value = text;
        document.body.appendChild(field);
        field.select();
        try { document.execCommand("copy"); done(); } catch (e) { /* the code stays on screen */ }
        document.body.removeChild(field);
      }
    });
  });

  var anonymous = document.getElementById("id_is_anonymous");
  var identity = document.getElementById("identity-fields");
  function syncAnonymous() {
    if (anonymous && identity) identity.classList.toggle("is-hidden", anonymous.checked);
  }
  if (anonymous) { anonymous.addEventListener("change", syncAnonymous); syncAnonymous(); }

  var form = document.querySelector("form[data-company-search]");
  if (!form) return;
  var url = form.getAttribute("data-company-search");
  var nameInput = form.querySelector("#id_company_name");
  var idInput = form.querySelector("#id_company");
  var district = form.querySelector("#id_district");
  var results = document.getElementById("company-results");
  var chosen = document.getElementById("company-chosen");
  if (!nameInput || !idInput || !results) return;
  var timer = null;
  var last = "";

  function clearResults() { while (results.firstChild) results.removeChild(results.firstChild); }

  // The district decides the office the complaint goes to: the search looks only in it, and
  // choosing a company never changes it. Changing the district forgets the chosen company.
  function choose(company) {
    idInput.value = company.id;
    nameInput.value = company.name;
    chosen.textContent = company.name + " — " + company.district;
    chosen.classList.remove("d-none");
    clearResults();
  }

  function search() {
    var q = nameInput.value.trim();
    var where = district ? district.value : "";
    if (q + "|" + where === last) return;
    last = q + "|" + where;
    idInput.value = "";
    chosen.classList.add("d-none");
    if (q.length < 3) { clearResults(); return; }
    if (district && !where) {
      clearResults();
      var hint = document.createElement("p");
      hint.className = "list-group-item small text-muted mb-0";
      hint.textContent = results.getAttribute("data-choose-district");
      results.appendChild(hint);
      return;
    }
    fetch(url + "?q=" + encodeURIComponent(q) + "&district=" + encodeURIComponent(where), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) {
        clearResults();
        (data.results || []).forEach(function (company) {
          var b = document.createElement("button");
          b.type = "button";
          b.className = "list-group-item list-group-item-action";
          b.textContent = company.name + " — " + company.district;
          b.addEventListener("click", function () { choose(company); });
          results.appendChild(b);
        });
      })
      .catch(clearResults);
  }

  if (district) {
    district.addEventListener("change", function () {
      idInput.value = "";
      chosen.classList.add("d-none");
      search();
    });
  }

  nameInput.setAttribute("autocomplete", "off");
  nameInput.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  });
})();
