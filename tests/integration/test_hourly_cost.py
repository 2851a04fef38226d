"""One hourly cost sizes the insertion hours of a tender: the organisation's, shown the
same way at steps 3 and 4, written in the clause and in the justification note."""

from __future__ import annotations

import io
from decimal import Decimal

from docx import Document
from sqlalchemy import select

from procure.compliance import Outcome, check
from procure.models import Tender, User
from procure.tenders.snapshots import snapshot_of
from tests.integration.test_wizard import form_values, new_tender, walk_to_review

# purchase_form: 1 200 000 € excl. VAT; context_form: 40 % labour; insertion-hours: 5 %.
HOURS_AT_32 = 750  # 1 200 000 × 40 % × 5 % ÷ 32


def set_hourly_cost(session, cost: str) -> None:
    """Set the organisation's cost, as its administrator would at /admin/organisation."""
    buyer = session.scalar(select(User).where(User.email == "acheteuse@example.org"))
    buyer.organisation.hourly_cost = Decimal(cost)
    session.commit()


def document_text(client, tender_id: int, name: str) -> str:
    response = client.get(f"/tenders/{tender_id}/documents/{name}.docx?language=fr")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_organisation_cost_sizes_the_hours_at_every_step(buyer, session):
    set_hourly_cost(session, "32")
    tender_id = new_tender(buyer)
    review = walk_to_review(buyer, tender_id)
    tender = session.get(Tender, tender_id)
    insertion = next(tc for tc in tender.clauses if tc.clause.slug == "insertion-hours")
    assert insertion.variable_values["insertion_hours"] == HOURS_AT_32
    assert Decimal(tender.answers["insertion"]["hourly_cost"]) == 32

    computation = f"÷ 32\u202f€ ≈ <strong>{HOURS_AT_32}\u202fh</strong>"
    clauses = buyer.get(f"/tenders/{tender_id}/step/clauses").text
    assert "Heures proposées à l’étape 4" in clauses
    assert computation in clauses
    variables = buyer.get(f"/tenders/{tender_id}/step/variables").text
    assert computation in variables
    assert "Le coût horaire de votre organisation est de 32\u202f€" in variables
    assert "Liste de contrôle de conformité" in review
    sizing = next(r for r in check(snapshot_of(tender)) if r.rule_id == "insertion-hours-sizing")
    assert sizing.outcome == Outcome.PASSED  # the checklist computes with the same cost

    ccap = document_text(buyer, tender_id, "ccap")
    assert f"au moins {HOURS_AT_32:n} heures" in ccap.replace("\u202f", " ").replace("\xa0", " ")
    note = document_text(buyer, tender_id, "note")
    assert "32\u202f€" in note
    assert str(HOURS_AT_32) in note
    assert "valeur usuelle" not in note  # the cost was given, not assumed


def test_a_tender_keeps_its_own_cost_when_the_buyer_changes_it(buyer, session):
    set_hourly_cost(session, "32")
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    values = form_values(buyer.get(f"/tenders/{tender_id}/step/variables").text)
    values["hourly_cost"] = "25"
    response = buyer.post(f"/tenders/{tender_id}/step/variables", data=values)
    assert response.status_code == 302
    session.expire_all()
    tender = session.get(Tender, tender_id)
    assert tender.answers["insertion"]["hourly_cost"] == "25"
    assert "÷ 25\u202f€ ≈" in buyer.get(f"/tenders/{tender_id}/step/clauses").text
