"""axe-core, run inside the rendered page: the WCAG 2.1 A and AA rules.

Where axe-core comes from: the PyPI package ``axe-playwright-python`` (in the ``test``
extra of setup.cfg) ships axe-core's own ``axe.min.js`` (MPL-2.0; axe-core 4.12 in
version 0.1.8). We take only that file and run axe ourselves, so that CI installs it
with pip like every other test dependency: no node, no npm step, nothing from a CDN.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from tests.conftest import unavailable

# The four tag sets of WCAG 2.1 levels A and AA (2.0 rules are tagged wcag2a/wcag2aa).
WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

# Before the run, two changes so that axe-core checks everything a user may see:
# - every disclosure is opened: axe-core skips what is hidden, and what a <details> holds
#   is as much part of the page as the rest;
# - the scroll shadows of wide tables (style.css, .table-scroll: gradients drawn at the
#   box's edges, inside the cells' padding) are taken off: axe-core cannot compute a
#   contrast over a gradient and leaves every cell of every table "to be reviewed", so
#   the text is checked against the page's own background instead.
RUN_AXE = """async (tags) => {
  for (const details of document.querySelectorAll("details:not([open])")) details.open = true;
  for (const box of document.querySelectorAll(".table-scroll")) box.style.background = "none";
  const results = await axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(" ")),
    summaries: violation.nodes.map((node) => node.failureSummary),
  }));
}"""


@cache
def axe_source() -> str:
    """The text of axe.min.js, as the PyPI package ships it."""
    try:
        import axe_playwright_python
    except ImportError:
        unavailable("axe-core is not installed (pip install -e '.[test]')")
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations axe-core finds in the page as it is now.

    The script is evaluated through the DevTools protocol (``page.evaluate``), which the
    page's Content-Security-Policy does not govern: ``add_script_tag(content=…)`` adds an
    inline <script> that the app's ``script-src 'self'`` rightly blocks, and the policy
    must stay as strict in the tests as in production (no ``bypass_csp`` either)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(RUN_AXE, list(WCAG_21_AA))


def describe(violations: list[dict[str, Any]]) -> str:
    """One readable block per violation: rule, impact, what it asks, each element."""
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for target, summary in zip(violation["targets"], violation["summaries"], strict=True):
            detail = " ".join((summary or "").split())
            lines.append(f"    - {target}: {detail[:300]}")
    return "\n".join(lines)
