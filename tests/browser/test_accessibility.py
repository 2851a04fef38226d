"""A basic accessibility sweep of the main pages, checked in the rendered page itself.

Our own house rules, beside the axe-core audit of test_axe.py: one h1, a language, a
name for every form control, text alternatives for images, the four landmarks and
unique ids.
"""

from __future__ import annotations

import pytest

from procure.vocabulary import Role
from tests.browser.conftest import sign_in, walk_to_review

pytestmark = pytest.mark.browser

WIZARD_STEPS = ("purchase", "context", "clauses", "variables", "criteria", "review")

# Returns a list of problems, each a short sentence naming the element.
PROBLEMS = """() => {
  const problems = [];
  const describe = (element) => element.outerHTML.slice(0, 120);
  const text = (element) => (element ? element.textContent.trim() : "");

  const h1 = document.querySelectorAll("h1");
  if (h1.length !== 1) problems.push(`${h1.length} h1 elements instead of one`);
  if (!document.documentElement.lang) problems.push("html has no lang");
  if (!document.title.trim()) problems.push("the page has no title");

  for (const control of document.querySelectorAll("input, select, textarea")) {
    if (control.type === "hidden") continue;
    const labelled = Array.from(control.labels || []).some((label) => text(label));
    const ariaLabel = (control.getAttribute("aria-label") || "").trim();
    const labelledBy = (control.getAttribute("aria-labelledby") || "").split(/\\s+/)
      .some((id) => text(document.getElementById(id)));
    if (!labelled && !ariaLabel && !labelledBy) {
      problems.push(`no accessible name: ${describe(control)}`);
    }
  }
  for (const control of document.querySelectorAll("button, a[href]")) {
    const name = text(control) || control.getAttribute("aria-label") || control.title;
    if (!name) problems.push(`no accessible name: ${describe(control)}`);
  }
  for (const image of document.querySelectorAll("img:not([alt])")) {
    problems.push(`image without alt: ${describe(image)}`);
  }
  for (const landmark of ["main", "nav", "header", "footer"]) {
    if (!document.querySelector(landmark)) problems.push(`no <${landmark}> landmark`);
  }
  if (document.querySelectorAll("main").length > 1) problems.push("more than one <main>");

  const seen = new Map();
  for (const element of document.querySelectorAll("[id]")) {
    seen.set(element.id, (seen.get(element.id) || 0) + 1);
  }
  for (const [id, count] of seen) {
    if (count > 1) problems.push(`id "${id}" used ${count} times`);
  }
  for (const element of document.querySelectorAll("[aria-describedby], [aria-labelledby]")) {
    const ids = [element.getAttribute("aria-describedby"), element.getAttribute("aria-labelledby")]
      .filter(Boolean).join(" ").split(/\\s+/);
    for (const id of ids) {
      if (!document.getElementById(id)) {
        problems.push(`points at missing #${id}: ${describe(element)}`);
      }
    }
  }
  return problems;
}"""


def accessibility_problems(page) -> list[str]:
    return page.evaluate(PROBLEMS)


def test_main_pages_pass_the_basic_accessibility_checks(page, live_server):
    found: dict[str, list[str]] = {}

    def check(path: str) -> None:
        response = page.goto(path)
        assert response is not None
        assert response.ok, f"{path} answered {response.status}"
        problems = accessibility_problems(page)
        if problems:
            found[path] = problems

    check("/")
    check("/sign-in")
    sign_in(page, live_server.make_user(Role.BUYER))
    check("/")
    check("/library/")
    check("/library/vegetarian-menu")
    check("/tenders/")
    check("/account")
    tender_id = walk_to_review(page)
    for slug in WIZARD_STEPS:
        check(f"/tenders/{tender_id}/step/{slug}")

    assert not found, "accessibility problems:\n" + "\n".join(
        f"{path}: {problem}" for path, problems in found.items() for problem in problems
    )
