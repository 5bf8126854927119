{% load static %}/* Inspectorate field service worker, shell version {{ version }}.
 * Scope: /field/ only. It keeps the app shell (styles, scripts, the offline page) and the field pages
 * (a visit's company facts, findings and open Notas). It never stores an API answer, a complaint page or
 * anything outside the field pages and the static files: complainant identities and messages never
 * reach this device's caches. Workbox is vendored under static/vendor/workbox (no CDN). */
importScripts("{% static 'vendor/workbox/workbox-sw.js' %}");
workbox.setConfig({ modulePathPrefix: "{% static 'vendor/workbox/' %}", debug: false });

const SHELL = "field-shell-{{ version }}";
const PAGES = "field-pages";
const OFFLINE_URL = "{{ offline_url }}";
const SHELL_URLS = [
  OFFLINE_URL,
  "{% static 'vendor/bootstrap/bootstrap.min.css' %}",
  "{% static 'vendor/bootstrap/bootstrap.bundle.min.js' %}",
  "{% static 'vendor/idb/idb.umd.js' %}",
  "{% static 'css/app.css' %}",
  "{% static 'css/inspections.css' %}",
  "{% static 'css/field.css' %}",
  "{% static 'js/app.js' %}",
  "{% static 'js/pwa.js' %}",
  "{% static 'js/field.js' %}",
  "{% static 'js/provisions.js' %}",
  "{% static 'favicon.svg' %}",
];
const STATIC_PREFIX = "{% static '' %}";
const FIELD_PREFIX = "{% link 'field:home' %}";
// Field pages that are never kept: they change with every answer, or hold nothing for offline work.
const NEVER_KEPT = ["conflicts/", "session/", "sw.js", "manifest.webmanifest"].map((p) => FIELD_PREFIX + p);
const FOURTEEN_DAYS = 14 * 24 * 60 * 60;

// Only a page the server really answered for this user: no redirect (to the login page), no error.
const onlyRealPages = {
  cacheWillUpdate: async ({ response }) => (response && response.status === 200 && !response.redirected ? response : null),
};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_URLS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("field-shell-") && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  // Logging out on this device: the pages of the account that left are dropped (the outbox is kept).
  if (event.data && event.data.type === "forget-pages") {
    event.waitUntil(caches.delete(PAGES));
  }
});

const isFieldPage = ({ request, url }) =>
  request.mode === "navigate" &&
  url.origin === self.location.origin &&
  url.pathname.startsWith(FIELD_PREFIX) &&
  !NEVER_KEPT.some((p) => url.pathname.startsWith(p));

workbox.routing.registerRoute(
  isFieldPage,
  new workbox.strategies.NetworkFirst({
    cacheName: PAGES,
    networkTimeoutSeconds: 6,
    plugins: [onlyRealPages, new workbox.expiration.ExpirationPlugin({ maxEntries: 100, maxAgeSeconds: FOURTEEN_DAYS })],
  })
);

workbox.routing.registerRoute(
  ({ url, request }) => url.origin === self.location.origin && url.pathname.startsWith(STATIC_PREFIX) && request.method === "GET",
  // Static files live in the shell cache: the ones installed with the worker and the ones met later.
  new workbox.strategies.StaleWhileRevalidate({
    cacheName: SHELL,
    plugins: [onlyRealPages, new workbox.expiration.ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: FOURTEEN_DAYS })],
  })
);

// A field page never kept, without signal: the offline page says what still works.
workbox.routing.setCatchHandler(async ({ request }) => {
  if (request.mode === "navigate") {
    const shell = await caches.open(SHELL);
    return (await shell.match(OFFLINE_URL)) || Response.error();
  }
  return Response.error();
});
