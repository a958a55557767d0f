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
