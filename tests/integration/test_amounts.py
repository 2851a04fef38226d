"""Amounts as buyers type and read them, through the pages, on both databases: any usual
way of writing an amount is taken, the page shows it back grouped and takes that back,
and a value out of range is refused in the buyer's words."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from procure.models import Organisation, Tender
from procure.vocabulary import Role
from tests.factories import context_form, purchase_form
from tests.integration.test_wizard import form_values, new_tender, walk_to_review

NNBSP = "\u202f"


def in_english(client) -> None:
    client.post("/language", data={"language": "en", "next": "/"})


def saved_answer(session, tender_id: int, step: str, name: str) -> Decimal:
    session.expire_all()
    return Decimal(session.get(Tender, tender_id).answers[step][name])


@pytest.mark.parametrize(
    ("english", "typed"),
    [
        (False, "800 000 €"),
        (False, f"800{NNBSP}000{NNBSP}€"),
        (False, "800000,00"),
        (True, "EUR 800,000.00"),
        (True, "€800,000"),
        (True, "800 000 €"),
    ],
)
def test_step_1_takes_the_value_as_the_buyer_types_it(buyer, session, english, typed):
    if english:
        in_english(buyer)
    tender_id = new_tender(buyer)
    response = buyer.post(
        f"/tenders/{tender_id}/step/purchase", data=purchase_form(estimated_value=typed)
    )
    assert response.status_code == 302, response.text
    assert saved_answer(session, tender_id, "purchase", "estimated_value") == 800000
    page = buyer.get(f"/tenders/{tender_id}/step/purchase").text
    shown = "800,000" if english else f"800{NNBSP}000"
    assert f'value="{shown}"' in page


@pytest.mark.parametrize("english", [False, True])
def test_a_saved_step_posted_back_as_shown_keeps_its_values(buyer, session, english):
    if english:
        in_english(buyer)
    tender_id = new_tender(buyer)
    base = f"/tenders/{tender_id}/step"
    posted = purchase_form(estimated_value="1 200 000,50")
    assert buyer.post(f"{base}/purchase", data=posted).status_code == 302
    assert buyer.post(f"{base}/context", data=context_form(labour_share="40")).status_code == 302
    page = buyer.get(f"{base}/purchase").text
    shown = "1,200,000.50" if english else f"1{NNBSP}200{NNBSP}000,50"
    assert f'value="{shown}"' in page
    values = form_values(page)
    values.update({k: v for k, v in posted.items() if k not in values})  # radios, text areas
    assert buyer.post(f"{base}/purchase", data=values).status_code == 302
    assert saved_answer(session, tender_id, "purchase", "estimated_value") == Decimal("1200000.5")


def test_an_ambiguous_value_follows_the_page_language_and_the_page_says_so(buyer, session):
    tender_id = new_tender(buyer)
    response = buyer.post(
        f"/tenders/{tender_id}/step/purchase",
        data=purchase_form(estimated_value="1.200"),
        follow_redirects=True,
    )
    assert "Montant estimé HT (€)" in response.text
    # a flash message is typeset: narrow no-break spaces inside the guillemets
    assert f"«{NNBSP}1.200{NNBSP}» a été lu comme 1{NNBSP}200." in response.text
    assert saved_answer(session, tender_id, "purchase", "estimated_value") == 1200


@pytest.mark.parametrize(
    ("english", "message"),
    [
        (False, "Le montant doit être inférieur à 100 milliards d&#39;euros."),
        (True, "The amount must be less than 100 billion euros."),
    ],
)
def test_a_value_out_of_range_is_refused_in_the_buyer_s_words(buyer, session, english, message):
    if english:
        in_english(buyer)
    tender_id = new_tender(buyer)
    response = buyer.post(
        f"/tenders/{tender_id}/step/purchase",
        data=purchase_form(estimated_value="100 000 000 000 €"),
    )
    assert response.status_code == 200
    assert message in response.text
    assert "Number must be" not in response.text
    assert "1e+11" not in response.text
    assert 'value="100' in response.text  # what was typed, grouped, to correct


def test_a_lot_value_takes_an_amount_with_its_sign(buyer, session):
    tender_id = new_tender(buyer)
    posted = purchase_form(estimated_value="")
    posted.update(
        {
            "lots-0-title": "Repas",
            "lots-0-cpv_main": "55523100-3",
            "lots-0-estimated_value": "700 000 €",
            "lots-1-title": "Goûters",
            "lots-1-cpv_main": "55523100-3",
            "lots-1-estimated_value": "EUR 100,000.50",
        }
    )
    response = buyer.post(f"/tenders/{tender_id}/step/purchase", data=posted)
    assert response.status_code == 302, response.text
    session.expire_all()
    lots = session.get(Tender, tender_id).answers["purchase"]["lots"]
    assert [Decimal(lot["estimated_value"]) for lot in lots] == [700000, Decimal("100000.5")]


@pytest.mark.parametrize("english", [False, True])
def test_step_4_takes_typed_amounts_and_percentages(buyer, session, english):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    if english:
        in_english(buyer)
    base = f"/tenders/{tender_id}/step/variables"
    values = form_values(buyer.get(base).text)
    rate = "v__insertion_hours__insertion_rate"
    penalty = "v__insertion_hours__penalty_per_hour"
    assert rate in values
    assert penalty in values
    values.update(
        {
            "hourly_cost": "EUR 30.00" if english else "30 €",
            rate: "6 %",
            penalty: "€1,500" if english else "1 500 €",
        }
    )
    response = buyer.post(base, data=values)
    assert response.status_code == 302, response.text
    session.expire_all()
    tender = session.get(Tender, tender_id)
    insertion = next(tc for tc in tender.clauses if tc.clause.slug == "insertion-hours")
    assert Decimal(str(insertion.variable_values["insertion_rate"])) == 6
    assert Decimal(str(insertion.variable_values["penalty_per_hour"])) == 1500
    assert Decimal(tender.answers["insertion"]["hourly_cost"]) == 30
    page = buyer.get(base).text
    assert f'value="{"1,500" if english else f"1{NNBSP}500"}"' in page
    assert buyer.post(base, data=form_values(page)).status_code == 302  # shown, taken back


def test_step_4_refuses_a_rate_out_of_its_bounds_in_french(buyer):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    base = f"/tenders/{tender_id}/step/variables"
    values = form_values(buyer.get(base).text)
    values["v__insertion_hours__insertion_rate"] = "25 %"
    response = buyer.post(base, data=values)
    assert response.status_code == 200
    assert f"Saisissez un pourcentage compris entre 1{NNBSP}% et 20{NNBSP}%." in response.text


def test_the_weights_total_shows_a_decimal_comma_in_french(buyer):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    base = f"/tenders/{tender_id}/step/criteria"
    criteria = form_values(buyer.get(base).text)
    criteria.update({"price_weight": "60,5", "technical_weight": "50"})
    response = buyer.post(base, data=criteria)
    assert response.status_code == 200
    assert re.search(
        rf"doivent totaliser 100{NNBSP}% ; elles totalisent \d+,5{NNBSP}%\.", response.text
    )
    total = re.search(r"data-weights-total>([^<]+)<", response.text).group(1)
    assert total.endswith(f",5{NNBSP}%")
    assert f"100{NNBSP}%" in response.text


def test_the_simulator_reads_prices_as_typed_and_shows_them_grouped(buyer):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    in_english(buyer)
    base = f"/tenders/{tender_id}/step/criteria"
    values = form_values(buyer.get(base).text)
    values.update(
        {
            "action": "simulate",
            "bid0_name": "A",
            "bid0_price": "EUR 800,000.00",
            "bid1_name": "B",
            "bid1_price": "€1,000,000",
        }
    )
    page = buyer.post(base, data=values).text
    assert 'value="800,000"' in page
    assert 'value="1,000,000"' in page
    assert "Resulting ranking" in page


def test_the_organisation_hourly_cost_takes_an_amount_with_its_sign(client, auth, session):
    auth.login_as(Role.ADMIN)
    response = client.post(
        "/admin/organisation",
        data={"category": "sub_central", "review_threshold": "215 000 €", "hourly_cost": "28,50 €"},
    )
    assert response.status_code == 302, response.text
    session.expire_all()
    organisation = session.scalars(select(Organisation)).one()
    assert (organisation.review_threshold, organisation.hourly_cost) == (
        Decimal("215000"),
        Decimal("28.5"),
    )
    page = client.get("/admin/organisation").text
    assert f'value="215{NNBSP}000"' in page
    assert 'value="28,50"' in page
