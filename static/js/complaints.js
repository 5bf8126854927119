// Complaints: company search on the intake forms, anonymous switch, print button.
// Progressive enhancement only: without JavaScript the company name is simply typed.
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
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

  function choose(company) {
    idInput.value = company.id;
    nameInput.value = company.name;
    if (district && company.district_id) district.value = String(company.district_id);
    chosen.textContent = company.name + " — " + company.district;
    chosen.classList.remove("d-none");
    clearResults();
  }

  function search() {
    var q = nameInput.value.trim();
    if (q === last) return;
    last = q;
    idInput.value = "";
    chosen.classList.add("d-none");
    if (q.length < 3) { clearResults(); return; }
    fetch(url + "?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
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

  nameInput.setAttribute("autocomplete", "off");
  nameInput.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  });
})();
