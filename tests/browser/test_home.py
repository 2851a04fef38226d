"""The home page of each role in the browser: it fits a phone and a desktop screen, passes
the accessibility sweep, and each card opens its link wherever it is clicked."""

from __future__ import annotations

import itertools
import re

import pytest
from sqlalchemy.orm import Session

from procure.vocabulary import Role, TenderStatus
from tests.browser.conftest import expect, expect_step, sign_in
from tests.browser.test_accessibility import accessibility_problems
from tests.factories import make_organisation, make_tender, make_user

pytestmark = pytest.mark.browser
WIDTHS = (1280, 375)
LONG_TITLE = (
    "Restauration scolaire des écoles maternelles et élémentaires de la commune, "
    "avec livraison en liaison froide"
)
_numbers = itertools.count(1)


def someone_with_a_tender(live_server, role: Role) -> str:
    """A user of a new organisation whose buyer has a tender at step 3 (in review when the
    user is a legal reviewer); returns the user's email address."""
    number = next(_numbers)
    with Session(live_server.engine) as session:
        organisation = make_organisation(session, f"Ville d’Accueil {number}")
        user = make_user(
            session, role=role, organisation=organisation, email=f"accueil{number}@example.org"
        )
        owner = user if role != Role.LEGAL else make_user(session, organisation=organisation)
        tender = make_tender(session, owner=owner, title=LONG_TITLE)
        if role == Role.LEGAL:
            tender.status = TenderStatus.IN_REVIEW
        session.commit()
        return user.email


@pytest.mark.parametrize("role", [Role.BUYER, Role.LEGAL, Role.ADMIN])
def test_home_fits_phones_and_desktops_and_passes_the_accessibility_sweep(
    page, live_server, role, tmp_path
):
    sign_in(page, someone_with_a_tender(live_server, role))
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour")
        expect(page.locator(".card__link").first).to_be_visible()
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{role} home at {width} px scrolls sideways by {overflow} px"
        assert accessibility_problems(page) == []
        page.screenshot(path=tmp_path / f"home-{role}-{width}.png", full_page=True)


def test_a_draft_card_opens_the_tender_where_it_was_left_from_anywhere_on_it(page, live_server):
    sign_in(page, someone_with_a_tender(live_server, Role.BUYER))
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto("/")
    card = page.locator(".card--link", has_text="Étape 3 sur 6")
    box = card.bounding_box()
    # Near the card's bottom corner, away from the link's text: the link covers the card.
    card.click(position={"x": 8, "y": box["height"] - 8})
    expect_step(page, 3)


def test_the_new_tender_card_is_one_button_reached_by_keyboard(page, live_server):
    sign_in(page, someone_with_a_tender(live_server, Role.BUYER))
    page.goto("/")
    card = page.locator(".card--action")
    expect(card.locator("a, button, input:not([type=hidden])")).to_have_count(1)
    card.get_by_role("button", name="Nouvelle consultation").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/tenders/\d+/step/purchase$"))
    expect_step(page, 1)
