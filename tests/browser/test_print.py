"""Browser test: a review page prints as its content alone, diffs readable in black and
white (one page load, then the print media emulated)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from procure.vocabulary import Role
from tests.browser.conftest import expect, sign_in
from tests.factories import make_organisation, make_tender, make_user


def test_a_review_page_prints_without_navigation_or_buttons(live_server, page):
    with Session(live_server.engine) as session:
        organisation = make_organisation(session, "Ville de l’Impression")
        buyer = make_user(
            session, role=Role.BUYER, organisation=organisation, email="impression@example.org"
        )
        make_user(
            session,
            role=Role.LEGAL,
            organisation=organisation,
            email="impression-droit@example.org",
        )
        tender = make_tender(session, owner=buyer, clauses=["insertion-hours"])
        session.commit()
        tender_id = tender.id
    sign_in(page, "impression-droit@example.org")
    page.goto(f"/review/tenders/{tender_id}")
    navigation = page.get_by_role("navigation", name="Navigation principale")
    breadcrumbs = page.get_by_role("navigation", name="Fil d’Ariane")
    check_button = page.get_by_role("button", name="Contrôler le fichier")
    for shown in (navigation, breadcrumbs, check_button):
        expect(shown).to_be_visible()

    page.emulate_media(media="print")
    for hidden in (navigation, breadcrumbs, check_button, page.locator(".site-header")):
        expect(hidden).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # A diff without colour: insertions underlined, deletions struck through.
    styles = page.evaluate(
        """() => ['ins', 'del'].map((name) => {
            const element = document.createElement(name);
            element.textContent = 'mot';
            document.querySelector('main').append(element);
            const style = getComputedStyle(element);
            return [style.textDecorationLine, style.backgroundColor, style.color];
        })"""
    )
    assert styles == [
        ["underline", "rgba(0, 0, 0, 0)", "rgb(0, 0, 0)"],
        ["line-through", "rgba(0, 0, 0, 0)", "rgb(0, 0, 0)"],
    ]
