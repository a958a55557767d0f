// Beside's pages: what htmx leaves to us. No inline script anywhere (the CSP allows none).
"use strict";

// A form or button with data-then goes there once its request succeeded; "{id}" in it is
// the id the answer gave (a new household goes on to adding its first child).
document.addEventListener("htmx:afterRequest", (event) => {
  const elt = event.detail.elt;
  let then = elt.dataset.then;
  if (!event.detail.successful || !then) {
    return;
  }
  if (then.includes("{id}")) {
    then = then.replace("{id}", encodeURIComponent(JSON.parse(event.detail.xhr.responseText).id));
  }
  if (elt.matches("form[data-sign-in], form[data-sign-up]") && !then.includes("#")) {
    then += window.location.hash;  // an invitation's token rides along, never to the server
  }
  if (elt.matches("form[data-sign-up]")) {
    signInAfterSignUp(elt, then);
    return;
  }
  window.location.assign(then);
});

// A new account signs in at once with what was typed. The sign-up answer is the same
// whether the address had an account (so it tells no one who is here); if it had one with
// another password, signing in fails and the form says so.
async function signInAfterSignUp(form, then) {
  const answer = await fetch("/api/v1/auth/session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: form.elements.email.value, password: form.elements.password.value }),
  });
  if (answer.ok) {
    window.location.assign(then);
  } else {
    say(form, "That did not sign you in. If this address already has an account, sign in with its password.");
  }
}

// JSON from a form, typed as the records expect (they are strict): a number field sends a
// number, boxes sharing a name inside [data-list] send a list (even of one), and a field
// left empty is not sent at all (not said, so not recorded; never ""). htmx's json-enc
// sends every value as text.
htmx.defineExtension("json-form", {
  onEvent(name, event) {
    if (name === "htmx:configRequest") {
      event.detail.headers["Content-Type"] = "application/json";
    }
  },
  encodeParameters(xhr, parameters, elt) {
    xhr.overrideMimeType("text/json");
    const form = elt.closest("form") || elt;
    const body = {};
    for (const list of form.querySelectorAll("[data-list]")) {
      body[list.dataset.list] = [];
    }
    parameters.forEach((value, key) => {
      const field = form.querySelector(`[name="${CSS.escape(key)}"]`);
      if (Array.isArray(body[key])) {
        body[key].push(value);
      } else if (value === "") {
        // not said
      } else if (field && field.type === "number") {
        body[key] = Number(value);
      } else {
        body[key] = value;
      }
    });
    return JSON.stringify(body);
  },
});

// A field left empty in a form with data-drop-empty is not sent: not said, not "".
document.addEventListener("htmx:configRequest", (event) => {
  if (event.detail.elt.matches("form[data-drop-empty]")) {
    for (const [name, value] of [...event.detail.formData.entries()]) {
      if (value === "") {
        event.detail.formData.delete(name);
      }
    }
  }
});

// An invitation's token is the link's fragment, which the browser never sends by itself:
// the Join button posts it. Without one, the link was cut short.
document.addEventListener("htmx:configRequest", (event) => {
  if (event.detail.elt.matches("form[data-invitation]")) {
    const token = window.location.hash.slice(1);
    if (!token) {
      event.preventDefault();
      say(event.detail.elt, "This link is missing its end. Ask for the whole link again.");
      return;
    }
    event.detail.formData.set("token", token);
  }
});

// Links that carry the page's fragment on (sign in from an invitation, and back).
for (const link of document.querySelectorAll("a[data-keep-hash]")) {
  link.href += window.location.hash;
}

// A time-zone field starts as the phone's zone.
for (const input of document.querySelectorAll("input[data-time-zone]")) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone) {
    input.value = zone;
  }
}

// A journal file brought in: read on the phone or computer and sent as it is, with the
// page's token; the answer says what was added (or which entry could not be read).
document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-import]");
  if (!form) {
    return;
  }
  event.preventDefault();
  const file = form.elements.file.files[0];
  const status = form.querySelector("[role=status]");
  status.hidden = true;
  say(form, "");
  if (!file) {
    say(form, "Choose the file first.");
    return;
  }
  const headers = { "Content-Type": "application/json", ...JSON.parse(document.body.getAttribute("hx-headers") || "{}") };
  let answer;
  try {
    const merge = form.elements.merge.checked ? "?merge=true" : "";
    answer = await fetch(form.dataset.import + merge, { method: "POST", headers, body: await file.text() });
  } catch (_) {
    say(form, "No connection right now. Nothing was added; try again in a moment.");
    return;
  }
  const text = await answer.text();
  if (answer.ok) {
    status.textContent = `Done: ${JSON.parse(text).summary}.`;
    status.hidden = false;
    return;
  }
  let words = "That file could not be brought in.";
  try {
    words = JSON.parse(text).error.message || words;
  } catch (_) {
    // not our JSON error
  }
  say(form, words);
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
