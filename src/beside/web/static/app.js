// Beside's pages: what htmx leaves to us. No inline script anywhere (the CSP allows none).
"use strict";

// A form or button with data-then goes there once its request succeeded.
document.addEventListener("htmx:afterRequest", (event) => {
  const then = event.detail.elt.dataset.then;
  if (event.detail.successful && then) {
    window.location.assign(then);
  }
});

// A refused request says why, in the form's alert, and keeps what was typed.
function say(elt, text) {
  const place = (elt.closest("form") || document).querySelector("[role=alert]");
  if (place) {
    place.textContent = text;
  }
}

document.addEventListener("htmx:responseError", (event) => {
  if (event.detail.xhr.status === 401 && !event.detail.elt.closest("form[data-sign-in]")) {
    // the session ended (signed out elsewhere, or unused too long): sign in, then come back
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
    return;
  }
  let text = "Something went wrong; please try again.";
  try {
    text = JSON.parse(event.detail.xhr.responseText).error.message || text;
  } catch (_) {
    // not our JSON error: keep the general words
  }
  say(event.detail.elt, text);
});

document.addEventListener("htmx:sendError", (event) => {
  say(event.detail.elt, "No connection right now. Nothing was sent; try again in a moment.");
});

// A running timer shows the minutes since its start, from the server's clock of the start.
function tick() {
  for (const time of document.querySelectorAll("time[data-started]")) {
    const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(time.dataset.started)) / 1000));
    time.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  }
}
setInterval(tick, 1000);

// While a timer runs, the screen stays on where the browser allows it (Wake Lock).
let wakeLock = null;
async function keepAwake() {
  const running = document.querySelector("time[data-started]") !== null;
  if (running && wakeLock === null && "wakeLock" in navigator && !document.hidden) {
    try {
      wakeLock = await navigator.wakeLock.request("screen");
      wakeLock.addEventListener("release", () => { wakeLock = null; });
    } catch (_) {
      // refused (battery saver, an older browser): the timer still runs
    }
  } else if (!running && wakeLock !== null) {
    wakeLock.release();
    wakeLock = null;
  }
}
document.addEventListener("htmx:afterSwap", () => { tick(); keepAwake(); });
document.addEventListener("visibilitychange", keepAwake);
