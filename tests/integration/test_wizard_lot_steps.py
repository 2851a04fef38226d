"""Steps 4 and 5 and the checklist on a tender divided into lots."""

from __future__ import annotations

import re

from sqlalchemy import select

from procure.models import Tender, User
from procure.tenders.snapshots import snapshot_of
from tests.factories import make_tender
from tests.integration.test_wizard import form_values

# purchase_form: 1 200 000 € of school catering, 40 % labour; the organisation sets no
# hourly cost, so 28 € sizes the hours; insertion-hours asks 5 %.
LOTS = [
    {
        "title": "Cuisine",
        "cpv_main": "55524000-9",
        "estimated_value": "800000",
        "labour_share": "50",
    },
    {"title": "Livraison", "cpv_main": "55524000-9", "estimated_value": "400000"},
]
LOT_1_HOURS = 714  # 800 000 × 50 % × 5 % ÷ 28
LOT_2_HOURS = 286  # 400 000 × 40 % (the contract's share) × 5 % ÷ 28
FIELD = "v__insertion_hours__insertion_hours"


def buyer_user(session) -> User:
    return session.scalar(select(User).where(User.email == "acheteuse@example.org"))


def lot_tender(session, **overrides) -> int:
    tender = make_tender(
        session,
        owner=buyer_user(session),
        clauses=["insertion-hours"],
        **{"lots": LOTS, **overrides},
    )
    session.commit()
    return tender.id


def insertion_clause(session, tender_id: int):
    session.expire_all()
    tender = session.get(Tender, tender_id)
    return next(tc for tc in tender.clauses if tc.clause.slug == "insertion-hours")


def test_insertion_hours_are_asked_once_per_lot_with_each_lots_proposal(buyer, session):
    tender_id = lot_tender(session)

    page = buyer.get(f"/tenders/{tender_id}/step/variables").text

    values = form_values(page)
    assert FIELD not in values  # not asked once for the whole contract
    assert values[f"{FIELD}__lot1"] == str(LOT_1_HOURS)
    assert values[f"{FIELD}__lot2"] == str(LOT_2_HOURS)
    assert "Lot 2 : heures d&#39;insertion" in page or "Lot 2 : heures d'insertion" in page
    assert re.search(r"Lot 1 :.*800\s000.*50.*714", page)  # the computation, lot by lot
    assert re.search(r"Lot 2 :.*400\s000.*40.*286", page)


def test_the_hours_of_each_lot_are_saved_under_the_lots_key(buyer, session):
    tender_id = lot_tender(session)
    base = f"/tenders/{tender_id}/step"
    values = form_values(buyer.get(f"{base}/variables").text)
    values[f"{FIELD}__lot2"] = "300"

    response = buyer.post(f"{base}/variables", data=values)

    assert response.status_code == 302
    clause = insertion_clause(session, tender_id)
    assert clause.lot_values == {
        "lot-1": {"insertion_hours": LOT_1_HOURS},
        "lot-2": {"insertion_hours": 300},
    }
    assert "insertion_hours" not in clause.variable_values
    snapshot = snapshot_of(session.get(Tender, tender_id))
    assert snapshot.for_lot(2).clause("insertion-hours").values["insertion_hours"] == 300
    page = buyer.get(f"{base}/variables").text
    assert form_values(page)[f"{FIELD}__lot2"] == "300"  # shown back as saved


def test_a_bad_number_of_hours_for_a_lot_is_refused_naming_the_lot(buyer, session):
    tender_id = lot_tender(session)
    base = f"/tenders/{tender_id}/step"
    values = form_values(buyer.get(f"{base}/variables").text)
    values[f"{FIELD}__lot1"] = "beaucoup"

    response = buyer.post(f"{base}/variables", data=values)

    assert response.status_code == 200
    assert "Lot 1 : heures d" in response.text
    assert insertion_clause(session, tender_id).lot_values == {}


def test_an_insertion_clause_on_one_lot_is_asked_once_and_sized_on_that_lot(buyer, session):
    tender_id = lot_tender(session, clause_lots={"insertion-hours": [2]})

    values = form_values(buyer.get(f"/tenders/{tender_id}/step/variables").text)

    assert values[FIELD] == str(LOT_2_HOURS)
    assert f"{FIELD}__lot1" not in values
    assert f"{FIELD}__lot2" not in values


def test_an_undivided_tender_asks_the_hours_once_for_the_contract(buyer, session):
    tender = make_tender(session, owner=buyer_user(session), clauses=["insertion-hours"])
    session.commit()

    values = form_values(buyer.get(f"/tenders/{tender.id}/step/variables").text)

    assert values[FIELD] == "857"  # 1 200 000 × 40 % × 5 % ÷ 28
    assert not [name for name in values if "__lot" in name]


def test_the_checklist_names_the_lot_a_social_condition_misses(buyer, session):
    tender_id = lot_tender(
        session,
        clause_lots={"insertion-hours": [1]},
        values={"insertion-hours": {"insertion_hours": 714}},
        criteria={"price_weight": "60", "technical_weight": "40"},
    )

    page = buyer.get(f"/tenders/{tender_id}/step/review").text

    item = re.search(
        r'<li class="checklist__item checklist__item--failed[^"]*">(?:(?!</li>).)*'
        r"Condition d.exécution sociale(?:(?!</li>).)*</li>",
        page,
        re.S,
    )
    assert item is not None
    assert '<span class="tag">Lot 2</span>' in item.group(0)
