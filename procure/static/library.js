// The library's filters apply as they are chosen: a ticked box, or a pause in typing,
// fetches the same page and swaps in its results and counts. The form, its focus and
// the scroll position stay where they are; a polite live region says how many clauses
// match. Without this file the "Apply" button submits the form as before.
"use strict";

(function liveLibraryFilters() {
  const form = document.querySelector("form[data-live-filters]");
  const results = document.querySelector("[data-filter-results]");
  if (!form || !results) return;
  const status = form.querySelector("[data-filter-status]");
  const apply = form.querySelector("[data-filter-apply]");
  const TYPING_PAUSE = 400; // ms without a keystroke before a search is sent
  let timer = null;
  let pending = null;
  let lastQuery = new URLSearchParams(new FormData(form)).toString();

  if (apply) apply.hidden = true;

  function refresh() {
    clearTimeout(timer);
    const query = new URLSearchParams(new FormData(form)).toString();
    if (query === lastQuery) return;
    lastQuery = query;
    if (pending) pending.abort();
    pending = new AbortController();
    const url = form.action.split("?")[0] + (query ? "?" + query : "");
    results.setAttribute("aria-busy", "true");
    fetch(url, {signal: pending.signal, headers: {Accept: "text/html"}})
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then((html) => {
        const page = new DOMParser().parseFromString(html, "text/html");
        const fresh = page.querySelector("[data-filter-results]");
        if (!fresh) throw new Error("no results in the page");
        const nodes = Array.from(fresh.childNodes); // a copy: the live list empties as nodes move
        results.replaceChildren(...nodes.map((node) => document.importNode(node, true)));
        const counts = form.querySelectorAll(".count");
        const freshCounts = page.querySelectorAll("form[data-live-filters] .count");
        counts.forEach((count, index) => {
          if (freshCounts[index]) count.textContent = freshCounts[index].textContent;
        });
        history.replaceState(null, "", url);
        const title = results.querySelector("#results-title");
        if (status && title) status.textContent = title.textContent.trim();
      })
      .catch((error) => {
        if (error.name === "AbortError") return;
        form.submit(); // the page as the server draws it, as without this file
      })
      .finally(() => results.removeAttribute("aria-busy"));
  }

  form.addEventListener("change", (event) => {
    if (event.target.type === "checkbox") refresh();
  });
  form.addEventListener("input", (event) => {
    if (event.target.type === "checkbox") return;
    clearTimeout(timer);
    timer = setTimeout(refresh, TYPING_PAUSE);
  });
  form.addEventListener("submit", (event) => {
    // Enter in a text field: search now rather than after the pause
    event.preventDefault();
    refresh();
  });
})();
