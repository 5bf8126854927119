// Every page: registers the field service worker (scope /field/ only), shows when the device has no
// signal, and drops the kept field pages when someone logs out on this device.
(function () {
  "use strict";
  var body = document.body;
  var indicator = document.querySelector("[data-connection]");

  function showConnection() {
    if (!indicator) return;
    var online = navigator.onLine;
    indicator.hidden = online;
    body.classList.toggle("is-offline", !online);
  }
  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);
  showConnection();

  if (!("serviceWorker" in navigator) || !body.dataset.swUrl) return;
  if (body.dataset.authenticated === "1") {
    navigator.serviceWorker.register(body.dataset.swUrl, { scope: body.dataset.swScope }).catch(function () {
      // Without a worker the pages still work online; nothing to tell the user here.
    });
  }
  document.querySelectorAll("form[data-logout]").forEach(function (form) {
    form.addEventListener("submit", function () {
      if ("caches" in window) caches.delete("field-pages");
      navigator.serviceWorker.getRegistration(body.dataset.swScope).then(function (registration) {
        if (registration && registration.active) registration.active.postMessage({ type: "forget-pages" });
      });
    });
  });
})();
