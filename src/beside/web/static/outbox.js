// Taps that work with no connection (issue 12, item 3). A tap on the moment page is sent by
// this file, not by htmx: when the phone has no connection it is kept on the phone (local
// storage) and sent when the connection comes back, or when a page of ours opens again.
// Safari has no background sync, so nothing here relies on it. A tap that starts an entry
// carries an id made here; the server stores a repeat of it once (journal.entries.sent_before),
// so a tap whose first answer was lost on the way can be sent again safely. Each tap says how
// many minutes ago it happened, counted when it is sent, so a tap kept for an hour keeps its
// own time and the phone's clock need not agree with the server's.
"use strict";

const OUTBOX = "beside.outbox";

function kept() {
  try {
    return JSON.parse(localStorage.getItem(OUTBOX)) || [];
  } catch (_) {
    return [];
  }
}

function keep(taps) {
  if (taps.length) {
    localStorage.setItem(OUTBOX, JSON.stringify(taps));
  } else {
    localStorage.removeItem(OUTBOX);
  }
}

// 32 hex digits, as the store's own ids; getRandomValues also works over plain http on a
// home network, where crypto.randomUUID does not exist.
function phoneId() {
  return [...crypto.getRandomValues(new Uint8Array(16))]
    .map((byte) => byte.toString(16).padStart(2, "0"))
    .join("");
}

function csrfHeaders() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}");
  } catch (_) {
    return {};
  }
}

// Send one tap. {kept: true} when there was no connection; else the answer's status and text.
async function send(tap) {
  // a waking's end is never later than now: minutes ago at least as long as it was awake
  const ago = Math.max(0, (Date.now() - tap.since) / 60000, tap.body.awake_min || 0);
  const body = { ...tap.body, minutes_ago: ago };
  const page = csrfHeaders();
  const headers = { "Content-Type": "application/json", ...(Object.keys(page).length ? page : tap.csrf) };
  let answer;
  try {
    answer = await fetch(tap.path, { method: "POST", headers, body: JSON.stringify(body) });
  } catch (_) {
    return { kept: true };
  }
  return { status: answer.status, ok: answer.ok, text: await answer.text() };
}

function errorWords(text) {
  try {
    return JSON.parse(text).error.message;
  } catch (_) {
    return "Something went wrong; please try again.";
  }
}

function moment() {
  return document.getElementById("moment");
}

function swap(html) {
  const place = moment();
  place.innerHTML = html;
  htmx.process(place);
  place.dispatchEvent(new CustomEvent("htmx:afterSwap", { bubbles: true }));
}

function alertIn(text) {
  const place = moment() && moment().querySelector("[role=alert]");
  if (place) {
    place.textContent = text;
  }
}

// What is waiting on this phone, said in one line above the taps (or on the offline page).
function showKept(extra) {
  const place = document.getElementById("outbox");
  if (!place) {
    return;
  }
  const taps = kept();
  const words = taps.map((tap) => tap.words).join("; ");
  if (taps.length) {
    place.textContent = `Kept on this phone until the connection is back: ${words}. Nothing is lost; it is saved as soon as it can be.`;
  } else {
    place.textContent = extra || "";
  }
  place.hidden = !place.textContent;
}

async function tapped(tap) {
  // the browser knows it is offline: keep the tap without trying (when it only believes it
  // is online, a failed send keeps it just the same)
  const answer = navigator.onLine === false ? { kept: true } : await send(tap);
  if (answer.kept) {
    keep([...kept(), tap]);
    showKept();
    return false;
  }
  if (answer.status === 401) {
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
    return false;
  }
  if (!answer.ok) {
    alertIn(errorWords(answer.text));
    return false;
  }
  swap(answer.text);
  return true;
}

function newTap(path, body, words, since) {
  return { queued: phoneId(), path: `${moment().dataset.base}/${path}`, body, words, since, csrf: csrfHeaders() };
}

// The taps kept on this phone, oldest first, until one finds no connection. A tap the
// server refuses (a bad value, a night already ended) is dropped and said; one refused for
// want of a sign-in waits for it.
let flushing = false;
async function flush() {
  if (flushing || !kept().length || navigator.onLine === false) {
    return;
  }
  flushing = true;
  let saved = 0;
  const refused = [];
  try {
    for (const tap of kept()) {
      const answer = await send(tap);
      if (answer.kept || answer.status === 401) {
        break;
      }
      keep(kept().filter((other) => other.queued !== tap.queued));
      if (answer.ok) {
        saved += 1;
      } else {
        refused.push(`${tap.words} (${errorWords(answer.text)})`);
      }
    }
  } finally {
    flushing = false;
  }
  let words = saved ? "Saved what was kept on this phone." : "";
  if (refused.length) {
    words += ` Not saved: ${refused.join("; ")}.`;
  }
  showKept(words.trim());
  const place = moment();
  if (saved && place && place.querySelector("[data-taps]")) {
    const answer = await fetch(`${place.dataset.base}/taps`);
    if (answer.ok) {
      swap(await answer.text());
    }
  }
}

// A waking: the phone times it from "awake" and sends it whole once the child is back asleep.
let beforeWaking = null;
let waking = null;

function startWaking(signalled) {
  const place = moment();
  const view = document.getElementById("waking-view");
  beforeWaking = place.innerHTML;
  waking = { started: Date.now(), signalled };
  place.replaceChildren(view.content.cloneNode(true));
  htmx.process(place);
  place.querySelector("time").dataset.started = new Date(waking.started).toISOString();
  place.dispatchEvent(new CustomEvent("htmx:afterSwap", { bubbles: true }));
  place.querySelector("h1").focus();
}

function endWaking() {
  const place = moment();
  place.innerHTML = beforeWaking;
  htmx.process(place);
  place.dispatchEvent(new CustomEvent("htmx:afterSwap", { bubbles: true }));
  waking = null;
}

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-tap], button[data-awake], button[data-back-asleep], button[data-not-awake]");
  if (!button || !moment()) {
    return;
  }
  if (button.dataset.awake !== undefined) {
    startWaking(button.dataset.awake === "true");
  } else if (button.dataset.notAwake !== undefined) {
    endWaking();
  } else if (button.dataset.backAsleep !== undefined) {
    const minutes = Math.round((Date.now() - waking.started) / 60000);
    const tap = newTap(
      "waking",
      {
        entry_id: phoneId(),
        signalled: waking.signalled,
        resettled_by: button.dataset.backAsleep,
        awake_min: Math.max(Date.now() - waking.started, 1) / 60000,
      },
      `awake ${minutes < 1 ? "under a minute" : `${minutes} min`}, back to sleep: ${button.textContent.trim().toLowerCase()}`,
      waking.started,
    );
    button.disabled = true;
    if (!(await tapped(tap))) {
      button.disabled = false;
      if (kept().some((other) => other.queued === tap.queued)) {
        endWaking();
        showKept();
      }
    }
  } else {
    const body = JSON.parse(button.dataset.vals || "{}");
    if (button.dataset.new !== undefined) {
      body.entry_id = phoneId();
    }
    button.disabled = true;
    await tapped(newTap(button.dataset.tap, body, button.dataset.kept || button.textContent.trim(), Date.now()));
    button.disabled = false;
  }
});

window.addEventListener("online", flush);
window.addEventListener("pageshow", () => { showKept(); flush(); });
setInterval(flush, 30000);

// The installable app's service worker keeps the page's own files and an offline page
// (never a page with a child's records: those are no-store, and the worker leaves them be).
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {
    // not a secure context (plain http on a home network): the taps above still keep
  });
}
