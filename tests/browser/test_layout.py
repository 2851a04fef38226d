"""The main pages on a phone (375 px), a tablet (768 px) and a desktop (1280 px): no
horizontal page scroll, wide tables scroll inside a named, focusable box, tags and
checklist chips readable at a glance (colour, icon and text). A screenshot of every page
is saved for a person to look at, under ``test-artifacts/screenshots/<width>/``
(git-ignored, kept by CI)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from procure.review.services import submit_tender
from procure.vocabulary import Role
from tests.browser.conftest import TIMEOUT_MS, expect, sign_in
from tests.conftest import ROOT
from tests.factories import make_organisation, make_tender, make_user

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = (375, 768, 1280)  # a phone, a tablet held upright, a desktop
WIZARD_STEPS = ("purchase", "context", "clauses", "variables", "criteria", "review")
# Award criteria that the step-5 simulator shows as columns, and clauses of every kind.
CLAUSES = (
    "insertion-hours",
    "fair-trade-award-criterion",
    "school-catering-menu-quality-award",
    "environmental-performance-criterion",
    "ghg-reduction-plan-criterion",
)
BIDS = (("Traiteur Martin", "412000,50", 7), ("Cuisine Centrale", "398500", 5))

# Problems of the page's width and of its tables, each a sentence naming the element.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const width = window.innerWidth;
  const describe = (element) => element.outerHTML.slice(0, 100);
  if (document.documentElement.scrollWidth > width) {
    const culprits = Array.from(document.querySelectorAll("body *"))
      .filter((element) => element.getBoundingClientRect().right > width + 0.5)
      .filter((element) => !element.parentElement.closest(".table-scroll"))
      .slice(-3).map(describe);
    problems.push(`the page is ${document.documentElement.scrollWidth} px wide for ${width} px: `
      + culprits.join(" | "));
  }
  for (const table of document.querySelectorAll("main table")) {
    const box = table.closest(".table-scroll");
    if (!box) {
      problems.push(`a table outside a scroll box: ${describe(table)}`);
      continue;
    }
    const named = (box.getAttribute("aria-label") || "").trim()
      || (box.getAttribute("aria-labelledby") || "").split(/\\s+/)
        .some((id) => (document.getElementById(id)?.textContent || "").trim());
    if (box.getAttribute("role") !== "region" || box.tabIndex !== 0 || !named) {
      problems.push(`a scroll box without role, tabindex or name: ${describe(box)}`);
    }
    if (getComputedStyle(box).overflowX !== "auto") {
      problems.push(`a scroll box that does not scroll: ${describe(box)}`);
    }
  }
  return problems;
}"""

# Every tag of the page: its category, value, text, colours, icon markup and contrast.
TAGS = """() => {
  const channel = (value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (css) => {
    const [r, g, b] = css.match(/[\\d.]+/g).map(Number);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (!/rgba\\(.*, 0\\)$/.test(colour) && colour !== "transparent") return colour;
    }
    return "rgb(255, 255, 255)";
  };
  return Array.from(document.querySelectorAll(".tag")).map((tag) => {
    const text = getComputedStyle(tag).color;
    const fill = background(tag);
    const [light, dark] = [luminance(text), luminance(fill)].sort((a, b) => b - a);
    const icon = tag.querySelector("svg");
    return {
      category: tag.dataset.tag || "",
      value: tag.dataset.value || "",
      text: tag.textContent.trim(),
      colour: `${text} on ${fill}`,
      contrast: (light + 0.05) / (dark + 0.05),
      icon: icon ? icon.innerHTML : "",
      iconHidden: icon ? icon.getAttribute("aria-hidden") === "true" : false,
    };
  });
}"""


@dataclass(frozen=True)
class Demo:
    """A town with a buyer, a legal reviewer and an administrator; a tender saved up to
    step 5 with five responsible-purchasing clauses; another sent for legal review."""

    buyer: str
    legal: str
    admin: str
    tender_id: int
    reviewed_id: int


@pytest.fixture(scope="module")
def demo(live_server) -> Demo:
    with Session(live_server.engine) as session:
        town = make_organisation(session, "Ville de Largeur-sur-Écran")
        buyer, legal, admin = (
            make_user(session, role=role, organisation=town, email=f"{name}.largeur@example.org")
            for role, name in (
                (Role.BUYER, "acheteur"),
                (Role.LEGAL, "juriste"),
                (Role.ADMIN, "admin"),
            )
        )
        tender = make_tender(
            session,
            owner=buyer,
            title="Restauration scolaire des écoles maternelles et élémentaires 2027-2030",
            clauses=list(CLAUSES),
            values={},
        )
        reviewed = make_tender(session, owner=buyer, clauses=["insertion-hours"], values={})
        session.flush()
        submit_tender(session, reviewed, actor=buyer, lock_version=None)
        session.commit()
        return Demo(buyer.email, legal.email, admin.email, tender.id, reviewed.id)


def visit(page: Any, path: str, name: str, width: int, found: dict[str, list[str]]) -> None:
    """Open ``path``, save its screenshot and note its layout problems under ``name``."""
    response = page.goto(path)
    assert response is not None, f"{path} did not answer"
    assert response.ok, f"{path} answered {response.status}"
    check(page, name, width, found)


def check(page: Any, name: str, width: int, found: dict[str, list[str]]) -> None:
    folder = SCREENSHOTS / str(width)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png", full_page=True)
    problems = page.evaluate(LAYOUT_PROBLEMS)
    if problems:
        found[f"{name} ({page.url})"] = problems


def simulate(page: Any) -> None:
    """Step 5: fill two sample bids, every criterion marked, and run the simulator."""
    marks = page.locator("input[type=number][name^=bid0_]")
    assert marks.count() >= 4, "the simulator should show a column per criterion"
    for index, (name, price, mark) in enumerate(BIDS):
        page.locator(f"#bid{index}_name").fill(name)
        page.locator(f"#bid{index}_price").fill(price)
        for field in page.locator(f"input[type=number][name^=bid{index}_]").all():
            field.fill(str(mark))
    page.get_by_role("button", name="Simuler le classement").click()
    expect(page.get_by_role("heading", name="Classement obtenu")).to_be_visible()


def switch_user(page: Any, email: str) -> None:
    page.context.clear_cookies()
    sign_in(page, email)


@pytest.mark.parametrize("width", WIDTHS)
def test_main_pages_fit_the_screen_and_tables_scroll_in_their_own_box(page, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    found: dict[str, list[str]] = {}

    visit(page, "/sign-in", "sign-in", width, found)
    sign_in(page, demo.buyer)
    visit(page, "/", "home-buyer", width, found)
    visit(page, "/tenders/", "my-tenders", width, found)
    visit(page, "/library/", "library", width, found)
    visit(page, "/library/insertion-hours", "clause", width, found)
    for number, slug in enumerate(WIZARD_STEPS, start=1):
        visit(page, f"/tenders/{demo.tender_id}/step/{slug}", f"step-{number}-{slug}", width, found)
        if slug == "criteria":
            simulate(page)
            check(page, "step-5-simulator", width, found)
    visit(page, f"/review/tenders/{demo.reviewed_id}", "review-tender-buyer", width, found)

    switch_user(page, demo.legal)
    visit(page, "/review/", "review-queue", width, found)
    visit(page, f"/review/tenders/{demo.reviewed_id}", "review-tender", width, found)
    visit(page, "/review/clause-sets/", "clause-sets", width, found)
    visit(page, "/library/?status=approved", "library-legal", width, found)

    switch_user(page, demo.admin)
    visit(page, "/admin/", "admin", width, found)
    visit(page, "/admin/users", "admin-users", width, found)
    visit(page, "/admin/users/invite", "admin-invite", width, found)
    visit(page, "/admin/organisation", "admin-organisation", width, found)
    visit(page, "/admin/templates", "admin-templates", width, found)
    visit(page, "/admin/audit/", "audit-log", width, found)

    assert not found, "layout problems:\n" + "\n".join(
        f"{name}: {problem}" for name, problems in found.items() for problem in problems
    )


def test_a_wide_table_scrolls_inside_its_box_with_the_keyboard(page, demo):
    """At 375 px the simulator's table is wider than the screen: its box scrolls, the
    page does not, and a keyboard user reaches the box with Tab and scrolls it."""
    page.set_viewport_size({"width": 375, "height": 900})
    sign_in(page, demo.buyer)
    page.goto(f"/tenders/{demo.tender_id}/step/criteria")
    box = page.get_by_role("region", name="Offres fictives")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth"), "the table fits: no test"
    box.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=TIMEOUT_MS)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def tags_of(page: Any, path: str) -> list[dict[str, Any]]:
    page.goto(path)
    return page.evaluate(TAGS)


def assert_readable(tags: list[dict[str, Any]], where: str) -> None:
    for tag in tags:
        assert tag["text"], f"{where}: a tag without text ({tag})"
        contrast = tag["contrast"]
        assert contrast >= 4.5, f"{where}: {tag['text']!r} has contrast {contrast:.2f}"
        if tag["category"]:
            assert tag["icon"], f"{where}: {tag['text']!r} has no icon"
            assert tag["iconHidden"], f"{where}: the icon of {tag['text']!r} is not aria-hidden"


def test_tags_have_a_colour_per_category_an_icon_per_value_and_readable_text(page, demo):
    sign_in(page, demo.legal)
    library = tags_of(page, "/library/?per_page=100")
    clause = tags_of(page, "/library/insertion-hours")
    switch_user(page, demo.buyer)  # step 3 is the buyer's
    step_3 = tags_of(page, f"/tenders/{demo.tender_id}/step/clauses")
    for tags, where in ((library, "library"), (clause, "clause page"), (step_3, "step 3")):
        assert_readable(tags, where)

    categorised = [tag for tag in library + clause + step_3 if tag["category"]]
    categories = {tag["category"] for tag in categorised}
    assert {"kind", "pillar", "theme", "ambition", "status"} <= categories
    assert {tag["category"] for tag in step_3} >= {"kind", "ambition"}

    # Kind, theme and ambition share one colour within their category; no two
    # categories look alike. Pillars and statuses have a colour per value.
    colours: dict[str, set[str]] = {}
    for tag in categorised:
        key = tag["category"]
        if key not in ("kind", "pillar", "theme", "ambition", "status"):
            continue  # step 3's "met" chips are checklist outcomes, tested below
        if key in ("pillar", "status"):
            key = f"{key}:{tag['value']}"
        colours.setdefault(key, set()).add(tag["colour"])
    assert all(len(found) == 1 for found in colours.values()), colours
    assert len({next(iter(found)) for found in colours.values()}) == len(colours), colours

    # Within a category, each value has its own icon.
    for category in categories:
        icons: dict[str, set[str]] = {}
        for tag in categorised:
            if tag["category"] == category:
                icons.setdefault(tag["icon"], set()).add(tag["value"])
        assert all(len(values) == 1 for values in icons.values()), (category, icons)


def test_checklist_chips_differ_by_colour_and_icon(page, demo):
    sign_in(page, demo.buyer)
    page.goto(f"/tenders/{demo.tender_id}/step/review")
    # A written reason turns a failure into a justified item: all four outcomes show.
    page.locator("textarea[name^=justify__]").first.fill("Les livraisons sont faites à pied.")
    page.get_by_role("button", name="Enregistrer les justifications").click()
    page.wait_for_load_state("load")  # the page saved again, with its stylesheet applied
    expect(page.locator(".tag--outcome-justified").first).to_be_visible()
    chips = [tag for tag in page.evaluate(TAGS) if tag["category"] == "outcome"]
    assert_readable(chips, "checklist")
    by_outcome: dict[str, set[tuple[str, str]]] = {}
    for chip in chips:
        by_outcome.setdefault(chip["value"], set()).add((chip["colour"], chip["icon"]))
    assert set(by_outcome) == {"passed", "failed", "justified", "not_applicable"}, by_outcome
    assert all(len(looks) == 1 for looks in by_outcome.values()), by_outcome
    looks = [next(iter(found)) for found in by_outcome.values()]
    assert len({colour for colour, _ in looks}) == len(looks), by_outcome
    assert len({icon for _, icon in looks}) == len(looks), by_outcome
    items = page.locator(".checklist__item")
    assert items.count() == len(chips), "every checklist item has its outcome chip"


def test_the_required_star_follows_every_label_on_its_line(page, demo):
    """Text fields, choices and checkboxes alike: the star comes right after the label
    (or ends the legend), on the label's last line, never below it; screen readers skip
    it and read the control's `required` attribute."""
    for email, path in (
        (demo.buyer, f"/tenders/{demo.tender_id}/step/purchase"),
        (demo.admin, "/admin/users/invite"),
    ):
        switch_user(page, email)
        page.goto(path)
        stars = page.locator(".required")
        assert stars.count() >= 2, f"{path}: no required field to check"
        placed = stars.evaluate_all(
            """stars => stars.map((star) => {
              const legend = star.closest("legend");
              const label = star.previousElementSibling;
              const holder = legend || (label && label.tagName === "LABEL" ? label : null);
              if (!holder) return {text: star.parentElement.outerHTML, placed: false};
              const [own, line] = [star.getBoundingClientRect(), holder.getBoundingClientRect()];
              return {
                text: holder.textContent.trim(),
                placed: own.top < line.bottom && own.bottom > line.bottom - own.height * 1.5,
                hidden: star.getAttribute("aria-hidden") === "true",
                inLabel: Boolean(star.closest("label")),
              };
            })"""
        )
        misplaced = [star["text"] for star in placed if not star["placed"]]
        assert not misplaced, f"{path}: stars away from their label: {misplaced}"
        assert all(star["hidden"] and not star["inLabel"] for star in placed), placed


def test_screenshots_are_saved_as_artefacts(page, demo):
    """The artefact folder holds real images (the layout test writes them)."""
    page.set_viewport_size({"width": 375, "height": 900})
    visit(page, "/sign-in", "sign-in-check", 375, {})
    image = SCREENSHOTS / "375" / "sign-in-check.png"
    assert image.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert image.stat().st_size > 5_000, f"{image} looks blank"
