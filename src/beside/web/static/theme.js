// Night colours before the first paint (loaded in <head>, not deferred): dark from 7 p.m. to
// 7 a.m. by the phone's clock, or when the phone is dark, unless the parent chose otherwise
// with the button (kept on this device only). Nothing bright at 3 a.m.
"use strict";
(() => {
  const KEY = "beside-colours";

  function dark() {
    const chosen = localStorage.getItem(KEY);
    if (chosen === "dark" || chosen === "light") {
      return chosen === "dark";
    }
    const hour = new Date().getHours();
    return hour >= 19 || hour < 7 || window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  function apply() {
    const on = dark();
    document.documentElement.classList.toggle("dark", on);
    document.documentElement.classList.toggle("light", !on);
    for (const button of document.querySelectorAll("[data-colours]")) {
      button.textContent = on ? "Day colours" : "Night colours";
      button.setAttribute("aria-pressed", String(on));
    }
  }

  apply();
  document.addEventListener("DOMContentLoaded", apply);
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-colours]")) {
      localStorage.setItem(KEY, dark() ? "light" : "dark");
      apply();
    }
  });
})();
