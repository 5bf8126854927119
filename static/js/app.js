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
  // The navbar bell's unread count, fetched after the page so no page pays a query for it.
  var bell = document.querySelector("[data-bell-url]");
  if (bell && window.fetch) {
    fetch(bell.getAttribute("data-bell-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || !data.unread) return;
        var badge = bell.querySelector("[data-testid=bell-count]");
        badge.textContent = data.unread > 99 ? "99+" : String(data.unread);
        badge.hidden = false;
        // The link's name once ("Notifikasi", shown or hidden by width) and the count.
        bell.setAttribute("aria-label", bell.querySelector("span").textContent.trim() + " " + badge.textContent);
      })
      .catch(function () {});
  }
  // The navbar's "More" menu is a <details>: it opens and closes without script. Here it also
  // tells assistive technology its state, closes on Escape (focus back on its heading) and
  // closes when the pointer or focus goes elsewhere.
  document.querySelectorAll("[data-nav-more]").forEach(function (menu) {
    var summary = menu.querySelector("summary");
    var sync = function () { summary.setAttribute("aria-expanded", menu.open ? "true" : "false"); };
    sync();
    menu.addEventListener("toggle", sync);
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) { menu.open = false; summary.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
    menu.addEventListener("focusout", function (event) {
      if (menu.open && event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
    });
  });
})();
