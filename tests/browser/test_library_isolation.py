"""The security audit's library scenario in a browser: a jurist of town B adapts a
reference clause; B's administrator cannot approve it, a second jurist of B does; town
A's jurist never sees the draft and A's buyers keep the reference text."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from procure.typography import typeset
from procure.vocabulary import Role
from tests.browser.conftest import TIMEOUT_MS, expect, sign_in
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.browser
ADAPTED = "Le titulaire réserve aux habitants de la ville B au moins"
ORIGINAL = "Le titulaire réserve à des personnes éloignées de l'emploi au moins"
REVIEW_PAGE = "/review/clauses/insertion-hours/versions/1"


@pytest.fixture
def towns(live_server) -> dict[str, str]:
    """Two towns: B with two jurists, an administrator and a buyer; A with a jurist and a
    buyer. Returns their email addresses by name."""
    emails = {}
    with Session(live_server.engine) as session:
        for town, people in (
            ("a", ((Role.LEGAL, "juriste"), (Role.BUYER, "acheteur"))),
            (
                "b",
                (
                    (Role.LEGAL, "juriste"),
                    (Role.LEGAL, "juriste2"),
                    (Role.ADMIN, "admin"),
                    (Role.BUYER, "acheteur"),
                ),
            ),
        ):
            organisation = make_organisation(session, f"Ville {town.upper()} (isolation)")
            for role, name in people:
                email = f"{name}.{town}.isolation@example.org"
                make_user(session, role=role, organisation=organisation, email=email)
                emails[f"{name}-{town}"] = email
        session.commit()
    return emails


def as_user(browser: Any, live_server, email: str) -> Any:
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    sign_in(page, email)
    return page


def test_a_town_adapts_a_reference_clause_for_itself_alone(browser, live_server, towns):
    jurist_b = as_user(browser, live_server, towns["juriste-b"])
    jurist_b.goto("/library/insertion-hours")
    expect(jurist_b.get_by_text("Bibliothèque de référence")).to_be_visible()
    jurist_b.get_by_role("link", name="Adapter pour mon organisation").click()
    text = jurist_b.locator('textarea[name="text_fr"]')
    text.fill(text.input_value().replace(ORIGINAL, ADAPTED))
    jurist_b.get_by_role("button", name="Enregistrer comme brouillon").click()
    expect(jurist_b.get_by_text("Variante de votre organisation")).to_be_visible()
    jurist_b.get_by_role("button", name="Soumettre à la relecture").click()
    expect(jurist_b.get_by_role("button", name="Approuver")).to_have_count(0)  # four eyes

    admin_b = as_user(browser, live_server, towns["admin-b"])
    admin_b.goto(REVIEW_PAGE)
    expect(admin_b.get_by_text(ADAPTED)).not_to_have_count(0)
    expect(admin_b.get_by_role("button", name="Approuver")).to_have_count(0)

    jurist_a = as_user(browser, live_server, towns["juriste-a"])
    jurist_a.goto("/review/")
    expect(jurist_a.get_by_text("insertion-hours")).to_have_count(0)
    jurist_a.goto(REVIEW_PAGE)  # the reference's version 1, not B's variant
    expect(jurist_a.get_by_text(ADAPTED)).to_have_count(0)
    expect(jurist_a.get_by_role("button", name="Approuver")).to_have_count(0)

    jurist2_b = as_user(browser, live_server, towns["juriste2-b"])
    jurist2_b.goto(REVIEW_PAGE)
    jurist2_b.get_by_role("button", name="Approuver").click()
    expect(jurist2_b.get_by_text("Approuvée").first).to_be_visible()

    buyer_b = as_user(browser, live_server, towns["acheteur-b"])
    buyer_b.goto("/library/insertion-hours")
    expect(buyer_b.get_by_text(ADAPTED)).to_be_visible()
    buyer_a = as_user(browser, live_server, towns["acheteur-a"])
    buyer_a.goto("/library/insertion-hours")
    expect(buyer_a.get_by_text(typeset(ORIGINAL, "fr"))).to_be_visible()  # as the page shows it
    expect(buyer_a.get_by_text(ADAPTED)).to_have_count(0)
    for page in (jurist_b, admin_b, jurist_a, jurist2_b, buyer_b, buyer_a):
        page.context.close()
