// Enhancements every page shares; pages work without them.
"use strict";

(function focusErrorSummary() {
  // After a form comes back with errors, move the focus to the list of errors so that
  // keyboard and screen-reader users start there.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
