"""The compliance checklist names clauses by their titles and values by their labels,
on both databases."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from procure.models import User
from tests.factories import make_tender


def checklist_text(page: str) -> str:
    """The checklist's words as a reader sees them, without the tags."""
    start = page.index('<ul class="checklist">')
    return html.unescape(re.sub(r"<[^>]+>", " ", page[start : page.index("</ul>", start)]))


def test_the_checklist_names_a_clause_not_chosen_by_its_title(buyer, session):
    owner = session.scalars(select(User).where(User.email == "acheteuse@example.org")).one()
    tender = make_tender(session, owner=owner, clauses=["egalim-quality-share"])
    session.commit()

    page = buyer.get(f"/tenders/{tender.id}/step/review").text
    text = checklist_text(page)

    title = "Menu végétarien hebdomadaire et option végétarienne quotidienne"
    assert f"La clause « {title} » n'est pas retenue." in text
    assert "Part minimale de produits durables et de qualité = 50 %" in text
    assert f'href="/library/vegetarian-menu">{title}</a>' in page.replace("\u202f", " ")
    assert "vegetarian-menu n'est" not in text
    assert "quality_share" not in text
