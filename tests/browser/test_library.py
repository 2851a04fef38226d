"""The clause library in a browser: search, filter, counts, and a clause page."""

from __future__ import annotations

import re

import pytest

from procure.vocabulary import Role
from tests.browser.conftest import expect, sign_in

pytestmark = pytest.mark.browser
RESULT_COUNT = re.compile(r"^(\d+) clauses?$")


def result_count(page) -> int:
    heading = page.get_by_role("heading", level=2, name=RESULT_COUNT)
    return int(RESULT_COUNT.match(heading.inner_text().strip()).group(1))


def test_search_and_filter_the_library_then_open_a_clause(buyer):
    page = buyer
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Bibliothèque"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bibliothèque de clauses")
    everything = result_count(page)

    # with JavaScript the filters apply as they are chosen: no "Appliquer" button
    expect(page.get_by_role("button", name="Appliquer")).to_be_hidden()
    status = page.get_by_role("status").filter(has_text=RESULT_COUNT)
    page.get_by_label("Rechercher dans les titres et les textes").fill("végétarien")
    expect(page).to_have_url(re.compile(r"q=v%C3%A9g%C3%A9tarien"))  # after a typing pause
    vegetarian = result_count(page)
    expect(status).to_have_text(f"{vegetarian} clause" + ("s" if vegetarian > 1 else ""))
    assert vegetarian < everything
    food = page.get_by_role("group", name="Thème").get_by_role(
        "checkbox", name="Alimentation durable"
    )
    food.check()
    expect(page).to_have_url(re.compile(r"q=v%C3%A9g%C3%A9tarien.*theme=sustainable_food"))
    expect(food).to_be_focused()  # the form stays in place: the focus is where it was
    # the URL changes with the results and the announcement, in one step
    assert status.inner_text().strip() == page.locator("#results-title").inner_text().strip()
    expect(page.get_by_label("Rechercher dans les titres et les textes")).to_have_value(
        "végétarien"
    )
    expect(food).to_be_checked()
    found = result_count(page)
    assert 0 < found < everything
    results = page.locator(".clause-list > li")
    expect(results).to_have_count(found)
    # Each facet shows how many of the matching clauses it holds.
    food_label = page.get_by_role("group", name="Thème").locator(
        "label", has=page.get_by_role("checkbox", name="Alimentation durable")
    )
    expect(food_label).to_contain_text(f"({found})")

    vegetarian_menu = page.get_by_role(
        "link", name="Menu végétarien hebdomadaire et option végétarienne quotidienne"
    )
    vegetarian_menu.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Menu végétarien hebdomadaire et option végétarienne quotidienne"
    )
    variable = page.locator(".clause-text mark.variable").first
    expect(variable).to_be_visible()
    expect(variable).to_have_text("1")
    background = variable.evaluate("element => getComputedStyle(element).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the variable is not highlighted"


def test_legal_staff_add_a_variable_row_with_the_keyboard(live_server, page):
    sign_in(page, live_server.make_user(Role.LEGAL))
    page.goto("/library/insertion-hours/edit")
    page.get_by_role("button", name="Ajouter une variable").focus()
    page.keyboard.press("Enter")
    name = page.get_by_label("Variable 5 — Nom")
    expect(page.get_by_role("group", name="Variable 5")).to_be_visible()
    expect(name).to_have_value("")
    # Enter in a field submits the form as a save, never as a row's "Supprimer"
    name.fill("delai")
    name.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Variable 5 — Libellé (français)")
    expect(page.get_by_label("Variable 1 — Nom")).to_have_value("insertion_hours")
    expect(page.get_by_label("Variable 5 — Nom")).to_have_value("delai")


def test_without_javascript_the_filters_apply_with_the_button(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, live_server.make_user(Role.BUYER))
        page.goto("/library/")
        everything = result_count(page)
        page.get_by_role("group", name="Thème").get_by_role(
            "checkbox", name="Alimentation durable"
        ).check()
        assert result_count(page) == everything  # nothing applies by itself
        page.get_by_role("button", name="Appliquer").click()
        expect(page).to_have_url(re.compile(r"theme=sustainable_food"))
        assert 0 < result_count(page) < everything
    finally:
        context.close()
