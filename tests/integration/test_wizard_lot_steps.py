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
        **{"lots": LOTS, "clauses": ["insertion-hours"], **overrides},
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
    assert "Lot 2 : heures d’insertion" in page
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


# -- step 5 --------------------------------------------------------------------------

AWARD = "circularity-award-criterion"


def award_tender(session) -> int:
    """The two lots, with a responsible-purchasing criterion on lot 1 only."""
    return lot_tender(
        session,
        clauses=["insertion-hours", AWARD],
        clause_lots={AWARD: [1]},
        criteria={"price_weight": "60", "technical_weight": "40"},
    )


def per_lot_weights(buyer, tender_id: int, **weights: str) -> dict[str, str]:
    values = form_values(buyer.get(f"/tenders/{tender_id}/step/criteria").text)
    values["lot_scope"] = "per_lot"
    values.update(
        {
            "l1__price_weight": "50",
            "l1__technical_weight": "30",
            f"l1__w__{AWARD}": "20",
            "l2__price_weight": "60",
            "l2__technical_weight": "40",
            **weights,
        }
    )
    return values


def test_each_lot_shows_its_own_weights_with_the_criteria_that_apply_to_it(buyer, session):
    tender_id = award_tender(session)

    page = buyer.get(f"/tenders/{tender_id}/step/criteria").text

    assert 'name="lot_scope" type="radio" value="same" checked' in page or re.search(
        r'<input checked[^>]*name="lot_scope"[^>]*value="same"', page
    )
    values = form_values(page)
    assert f"l1__w__{AWARD}" in values
    assert f"l2__w__{AWARD}" not in values
    assert "l2__price_weight" in values


def test_same_criteria_for_all_lots_is_refused_when_a_criterion_is_on_some_lots(buyer, session):
    tender_id = award_tender(session)
    values = form_values(buyer.get(f"/tenders/{tender_id}/step/criteria").text)
    values["lot_scope"] = "same"

    response = buyer.post(f"/tenders/{tender_id}/step/criteria", data=values)

    assert response.status_code == 200
    assert "ne s’applique pas à tous les lots (lot 1 seulement)" in response.text
    session.expire_all()
    assert session.get(Tender, tender_id).answers.get("lot_criteria") in (None, {})


def test_weights_per_lot_are_saved_under_each_lots_key(buyer, session):
    tender_id = award_tender(session)

    response = buyer.post(
        f"/tenders/{tender_id}/step/criteria", data=per_lot_weights(buyer, tender_id)
    )

    assert response.status_code == 302
    session.expire_all()
    tender = session.get(Tender, tender_id)
    saved = tender.answers["lot_criteria"]
    assert saved["lot-1"]["price_weight"] == "50"
    assert saved["lot-1"]["clause_weights"] == {AWARD: "20"}
    assert saved["lot-2"]["technical_weight"] == "40"
    assert saved["lot-2"]["clause_weights"] == {}
    snapshot = snapshot_of(tender)
    assert [int(c.weight) for c in snapshot.criteria_for(1)] == [50, 30, 20]
    assert [int(c.weight) for c in snapshot.criteria_for(2)] == [60, 40]
    page = buyer.get(f"/tenders/{tender_id}/step/criteria").text
    assert form_values(page)["l1__price_weight"] == "50"  # shown back as saved, no ",00"


def test_a_lot_whose_weights_do_not_total_100_is_named(buyer, session):
    tender_id = award_tender(session)

    response = buyer.post(
        f"/tenders/{tender_id}/step/criteria",
        data=per_lot_weights(buyer, tender_id, l2__technical_weight="30"),
    )

    assert response.status_code == 200
    assert "Lot 2 : les pondérations doivent totaliser 100" in response.text
    session.expire_all()
    assert not session.get(Tender, tender_id).answers.get("lot_criteria")


def test_each_lot_keeps_its_own_price_formula_and_sub_criteria(buyer, session):
    tender_id = award_tender(session)
    values = per_lot_weights(
        buyer,
        tender_id,
        l2__price_formula="linear",
        **{"l2__subcriteria-0-name": "Délais de livraison", "l2__subcriteria-0-weight": "100"},
    )

    response = buyer.post(f"/tenders/{tender_id}/step/criteria", data=values)

    assert response.status_code == 302
    session.expire_all()
    tender = session.get(Tender, tender_id)
    saved = tender.answers["lot_criteria"]
    assert saved["lot-2"]["price_formula"] == "linear"
    assert saved["lot-2"]["subcriteria"] == [{"name": "Délais de livraison", "weight": "100"}]
    assert saved["lot-1"]["price_formula"] == "proportional"
    assert saved["lot-1"]["subcriteria"] == []
    snapshot = snapshot_of(tender)
    assert snapshot.price_formula_for(2) == "linear"
    assert snapshot.price_formula_for(1) == "proportional"
    technical = snapshot.criteria_for(2)[1]
    assert [(s.label, int(s.weight)) for s in technical.subcriteria] == [
        ("Délais de livraison", 100)
    ]
    page = buyer.get(f"/tenders/{tender_id}/step/criteria").text
    assert form_values(page)["l2__price_formula"] == "linear"
    assert form_values(page)["l2__subcriteria-0-name"] == "Délais de livraison"


def test_the_simulator_ranks_the_bids_of_the_lot_chosen_on_its_own_weights(buyer, session):
    tender_id = award_tender(session)
    values = per_lot_weights(buyer, tender_id)
    assert buyer.post(f"/tenders/{tender_id}/step/criteria", data=values).status_code == 302
    values = form_values(buyer.get(f"/tenders/{tender_id}/step/criteria").text)
    values["lot_scope"] = "per_lot"  # form_values leaves radio buttons out
    bids = {
        "action": "simulate",
        "bid0_name": "Alpha",
        "bid0_price": "100000",
        "bid0_technical": "5",
        f"bid0_{AWARD}": "0",
        "bid1_name": "Beta",
        "bid1_price": "110000",
        "bid1_technical": "5",
        f"bid1_{AWARD}": "10",
    }

    lot_1 = buyer.post(
        f"/tenders/{tender_id}/step/criteria", data={**values, **bids, "simulated_lot": "1"}
    ).text
    lot_2 = buyer.post(
        f"/tenders/{tender_id}/step/criteria", data={**values, **bids, "simulated_lot": "2"}
    ).text

    # lot 1 weighs the circularity criterion at 20 %: Beta's full marks win it
    assert re.search(r"<td>1</td><th scope=\"row\">Beta</th>", lot_1)
    assert '<option value="1" selected>' in lot_1
    # lot 2 has no such criterion (price 60, technical 40): the cheaper Alpha wins
    assert re.search(r"<td>1</td><th scope=\"row\">Alpha</th>", lot_2)
    assert f'id="bid0_{AWARD}"' not in lot_2
    session.expire_all()
    assert session.get(Tender, tender_id).answers["simulation"]["lot"] == 2
    # the lot last simulated is shown again
    assert '<option value="2" selected>' in buyer.get(f"/tenders/{tender_id}/step/criteria").text
