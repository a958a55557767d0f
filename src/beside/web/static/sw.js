// Beside's service worker (issue 12, item 3): the app opens with no connection. It keeps the
// page's own files and an offline page, which holds no one's records; pages with a child's
// records are never kept (they are no-store, and nothing lingers on a shared tablet). Taps
// made offline wait in the page's own storage (outbox.js), not here: Safari has no
// background sync.
"use strict";

const SHELL = "beside-shell-v1";
const FILES = [
  "/offline",
  "/static/app.css",
  "/static/app.js",
  "/static/outbox.js",
  "/static/theme.js",
  "/static/htmx.min.js",
  "/static/json-enc.js",
  "/static/icon.svg",
  "/static/manifest.json",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL)
      .then((cache) => cache.addAll(FILES.map((path) => new Request(path, { credentials: "omit" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name !== SHELL).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    // the page from the server when it answers; with no connection, the offline page
    event.respondWith(fetch(request).catch(() => caches.match("/offline")));
  } else if (url.pathname.startsWith("/static/")) {
    // the newest file when the server answers (kept for next time), else the kept one
    event.respondWith(
      fetch(request)
        .then((answer) => {
          if (answer.ok) {
            const copy = answer.clone();
            caches.open(SHELL).then((cache) => cache.put(url.pathname, copy));
          }
          return answer;
        })
        .catch(() => caches.match(url.pathname)),
    );
  }
});
