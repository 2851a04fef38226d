// Progressive enhancements for the guided form: every page works without this file.
"use strict";

(function liveWeightTotal() {
  const form = document.querySelector("form[data-weights]");
  if (!form) return;
  const total = form.querySelector("[data-weights-total]");
  const inputs = Array.from(form.querySelectorAll(
    "input[name=price_weight], input[name=technical_weight], input[name^=w__]"));
  const language = document.documentElement.lang || "fr";
  function update() {
    const sum = inputs.reduce((acc, input) => {
      const value = parseFloat(String(input.value).replace(",", "."));
      return acc + (Number.isFinite(value) ? value : 0);
    }, 0);
    const number = sum.toLocaleString(language, { maximumFractionDigits: 2 });
    total.textContent = language.startsWith("fr") ? `${number}\u202f%` : `${number}%`;
    total.parentElement.classList.toggle("weights-total--wrong", Math.abs(sum - 100) > 0.001);
  }
  inputs.forEach((input) => input.addEventListener("input", update));
  update();
})();

(function cpvSearch() {
  const input = document.querySelector("input[data-cpv-search]");
  const box = document.getElementById("cpv-suggestions");
  if (!input || !box) return;
  box.removeAttribute("role");
  box.setAttribute("aria-live", "polite");
  let timer = null;
  let lastQuery = "";

  function show(results) {
    box.replaceChildren();
    if (!results.length) {
      box.hidden = true;
      return;
    }
    const list = document.createElement("ul");
    results.forEach((result) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button-link";
      button.textContent = result.code + " — " + result.label;
      button.addEventListener("click", () => {
        input.value = result.code;
        box.hidden = true;
        input.focus();
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    box.appendChild(list);
    box.hidden = false;
  }

  input.addEventListener("input", () => {
    const query = input.value.trim();
    if (query === lastQuery) return;
    lastQuery = query;
    clearTimeout(timer);
    if (query.length < 2 || /^\d{8}-\d$/.test(query)) {
      show([]);
      return;
    }
    timer = setTimeout(() => {
      fetch("/api/cpv?q=" + encodeURIComponent(query), {headers: {Accept: "application/json"}})
        .then((response) => (response.ok ? response.json() : {results: []}))
        .then((data) => show(data.results))
        .catch(() => show([]));
    }, 200);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") show([]);
  });
})();

(function tickedCounts() {
  // Step 3: each heading says how many of its clauses are ticked; count again as boxes
  // change. A group's heading (h2) counts its whole section, a document's (h3) its list.
  document.querySelectorAll("[data-ticked-count]").forEach((count) => {
    const heading = count.closest("h2, h3");
    const scope = heading && (heading.tagName === "H2"
      ? heading.closest("section") : heading.nextElementSibling);
    if (!scope) return;
    const boxes = Array.from(scope.querySelectorAll("input[name=clauses]"));
    const format = count.dataset.format;
    function update() {
      const ticked = boxes.filter((box) => box.checked).length;
      count.textContent = "— " + format.replace("{ticked}", String(ticked));
    }
    boxes.forEach((box) => box.addEventListener("change", update));
  });
})();
