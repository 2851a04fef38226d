"""The guided form with a contract divided into lots: step 1's lots, step 3's clauses
lot by lot, the review and tender pages (issue 14)."""

from __future__ import annotations

import re

from procure.models import Tender, TenderClause
from tests.factories import context_form, purchase_form
from tests.integration.test_wizard import checked_clauses, new_tender

LOTS = (
    ("Repas des écoles", "55524000-9", "500000"),
    ("Repas des crèches", "55523100-3", "300000"),
    ("Goûters", "15800000-6", "100000"),
)


def lots_form(lots=LOTS, **overrides) -> dict:
    data = purchase_form(estimated_value="", **overrides)
    for index, (title, cpv, value) in enumerate(lots):
        data[f"lots-{index}-title"] = title
        data[f"lots-{index}-cpv_main"] = cpv
        data[f"lots-{index}-estimated_value"] = value
    return data


def divided_tender(client, lots=LOTS) -> int:
    tender_id = new_tender(client)
    base = f"/tenders/{tender_id}/step"
    response = client.post(f"{base}/purchase", data=lots_form(lots))
    assert response.status_code == 302, response.text
    assert client.post(f"{base}/context", data=context_form()).status_code == 302
    return tender_id


def test_step_one_stores_three_lots_with_keys_and_their_sum(buyer, session):
    tender_id = divided_tender(buyer)
    purchase = session.get(Tender, tender_id).answers["purchase"]
    assert [lot["title"] for lot in purchase["lots"]] == [title for title, _, _ in LOTS]
    keys = [lot["key"] for lot in purchase["lots"]]
    assert all(keys)
    assert len(set(keys)) == 3
    assert purchase["estimated_value"] == "900000"


def lot_keys(session, tender_id: int) -> list[str]:
    session.expire_all()
    return [lot["key"] for lot in session.get(Tender, tender_id).answers["purchase"]["lots"]]


def chosen(session, tender_id: int, slug: str) -> TenderClause | None:
    session.expire_all()
    return next(
        (tc for tc in session.get(Tender, tender_id).clauses if tc.clause.slug == slug), None
    )


def test_lot_buttons_keep_what_was_typed_and_survive_a_reload(buyer):
    tender_id = divided_tender(buyer)
    url = f"/tenders/{tender_id}/step/purchase"
    typed = lots_form(title="Repas 2027")
    page = buyer.post(url, data={**typed, "lot_action": "add"}).text
    assert 'name="lots-3-title"' in page
    assert 'value="Repas 2027"' in page
    assert buyer.get(url).text.count('name="lots-3-title"') == 1  # a draft, after a reload

    page = buyer.post(url, data={**typed, "lot_action": "remove:1"}).text
    titles = re.findall(r'name="lots-\d-title"[^>]*value="([^"]*)"', page)
    assert titles == ["Repas des écoles", "Goûters"]
    assert "lots-2-title" not in buyer.get(url).text

    page = buyer.post(url, data={**typed, "lot_action": "up:1"}).text
    titles = re.findall(r'name="lots-\d-title"[^>]*value="([^"]*)"', page)
    assert titles == ["Repas des crèches", "Repas des écoles", "Goûters"]
    reloaded = buyer.get(url).text
    assert re.findall(r'name="lots-\d-title"[^>]*value="([^"]*)"', reloaded) == titles


def clauses_form(page: str, **extra) -> dict:
    """Step 3 as posted: the ticked clauses and lot boxes, with ``extra`` added."""
    data = {
        "ambition": "core",
        "clauses": checked_clauses(page),
        "clause_lots": re.findall(r'name="clause_lots"[^>]*value="([^"]+)"\s+checked', page),
    }
    for name, values in extra.items():
        data[name] = [*data[name], *values]
    return data


def test_step_three_offers_each_clause_by_lot_with_default_ticks(buyer):
    tender_id = divided_tender(buyer)
    page = buyer.get(f"/tenders/{tender_id}/step/clauses").text
    assert "Lot 2 — Repas des crèches" in page
    assert (
        "Lots pour « Marché ou lot réservé aux structures d’insertion par l’activité économique »"
        in page
    )
    ticked = re.findall(r'name="clause_lots"[^>]*value="([^"]+)"\s+checked', page)
    assert "egalim-quality-share" in checked_clauses(page)
    # EGalim applies to meals, not to the snacks' CPV: lots 1 and 2 only
    assert {"egalim-quality-share:1", "egalim-quality-share:2"} <= set(ticked)


def test_a_reservation_is_saved_for_lot_two_only_and_kept_by_its_key(buyer, session):
    tender_id = divided_tender(buyer)
    url = f"/tenders/{tender_id}/step/clauses"
    data = clauses_form(
        buyer.get(url).text, clauses=["reserved-insertion"], clause_lots=["reserved-insertion:2"]
    )
    response = buyer.post(url, data=data)
    assert response.status_code == 302, response.text
    keys = lot_keys(session, tender_id)
    assert chosen(session, tender_id, "reserved-insertion").lots == [keys[1]]
    page = buyer.get(url).text
    assert 'value="reserved-insertion:2" checked' in page
    assert 'value="reserved-insertion:1" checked' not in page

    # lot 2 moves first: the reservation follows it
    moved = lots_form((LOTS[1], LOTS[0], LOTS[2]))
    for index, key in enumerate((keys[1], keys[0], keys[2])):
        moved[f"lots-{index}-key"] = key
    purchase_url = f"/tenders/{tender_id}/step/purchase"
    assert buyer.post(purchase_url, data=moved).status_code == 302
    assert chosen(session, tender_id, "reserved-insertion").lots == [keys[1]]
    page = buyer.get(url).text
    assert 'value="reserved-insertion:1" checked' in page
    assert 'value="reserved-insertion:2" checked' not in page


def test_every_lot_ticked_is_stored_as_all_lots(buyer, session):
    tender_id = divided_tender(buyer)
    url = f"/tenders/{tender_id}/step/clauses"
    every = [f"reserved-insertion:{n}" for n in (1, 2, 3)]
    data = clauses_form(buyer.get(url).text, clauses=["reserved-insertion"], clause_lots=every)
    assert buyer.post(url, data=data).status_code == 302
    assert chosen(session, tender_id, "reserved-insertion").lots == []


def test_a_lot_that_does_not_exist_is_refused_by_name(buyer, session):
    tender_id = divided_tender(buyer)
    url = f"/tenders/{tender_id}/step/clauses"
    data = clauses_form(
        buyer.get(url).text, clauses=["reserved-insertion"], clause_lots=["reserved-insertion:7"]
    )
    response = buyer.post(url, data=data)
    assert response.status_code == 200
    assert "Lots de chaque clause" in response.text
    assert "il n’y a pas de lot 7" in response.text
    assert chosen(session, tender_id, "reserved-insertion") is None


def test_a_clause_naming_one_lot_is_refused_on_two_lots(buyer, session):
    tender_id = divided_tender(buyer)
    url = f"/tenders/{tender_id}/step/clauses"
    slug = "food-lot-reserved-esat-siae"
    page = buyer.get(url).text
    data = clauses_form(page, clauses=[slug], clause_lots=[f"{slug}:1", f"{slug}:2"])
    response = buyer.post(url, data=data)
    assert response.status_code == 200
    assert "désigne un seul lot : cochez exactement un lot" in response.text
    assert chosen(session, tender_id, slug) is None
    data = clauses_form(page, clauses=[slug], clause_lots=[f"{slug}:2"])
    assert buyer.post(url, data=data).status_code == 302
    assert chosen(session, tender_id, slug).lots == [lot_keys(session, tender_id)[1]]


def test_two_reservations_exclude_each_other_only_on_a_common_lot(buyer, session):
    tender_id = divided_tender(buyer)
    url = f"/tenders/{tender_id}/step/clauses"
    page = buyer.get(url).text
    both = ["reserved-insertion", "reserved-disability"]
    same = clauses_form(
        page, clauses=both, clause_lots=["reserved-insertion:2", "reserved-disability:2"]
    )
    response = buyer.post(url, data=same)
    assert response.status_code == 200
    assert "s’excluent" in response.text
    apart = clauses_form(
        page, clauses=both, clause_lots=["reserved-insertion:2", "reserved-disability:3"]
    )
    assert buyer.post(url, data=apart).status_code == 302
    keys = lot_keys(session, tender_id)
    assert chosen(session, tender_id, "reserved-disability").lots == [keys[2]]


def test_an_unsplit_contract_keeps_its_reason_and_step_three_unchanged(buyer, session):
    tender_id = new_tender(buyer)
    base = f"/tenders/{tender_id}/step"
    reason = "Une seule cuisine centrale prépare tous les repas."
    assert (
        buyer.post(f"{base}/purchase", data=purchase_form(unsplit_reason=reason)).status_code == 302
    )
    assert buyer.post(f"{base}/context", data=context_form()).status_code == 302
    assert session.get(Tender, tender_id).answers["purchase"]["unsplit_reason"] == reason
    page = buyer.get(f"{base}/clauses").text
    assert 'name="clause_lots"' not in page
    data = {"ambition": "core", "clauses": checked_clauses(page)}
    assert buyer.post(f"{base}/clauses", data=data).status_code == 302
    session.expire_all()
    assert all(tc.lots == [] for tc in session.get(Tender, tender_id).clauses)


def test_review_and_tender_pages_name_the_lots_of_each_clause(buyer):
    tender_id = divided_tender(buyer)
    url = f"/tenders/{tender_id}/step/clauses"
    slugs = ["reserved-insertion", "reserved-disability"]
    ticks = ["reserved-insertion:1", "reserved-insertion:3", "reserved-disability:2"]
    data = {"ambition": "core", "clauses": slugs, "clause_lots": ticks}
    assert buyer.post(url, data=data).status_code == 302
    for page in (
        buyer.get(f"/tenders/{tender_id}/step/review").text,
        buyer.get(f"/review/tenders/{tender_id}").text,
    ):
        assert lots_under("structures d’insertion par l’activité économique", page) == "Lots 1 et 3"
        assert lots_under("entreprises adaptées, aux ESAT", page) == "Lot 2"


def lots_under(title: str, page: str) -> str:
    """The lots named under the first clause whose title holds ``title``."""
    return re.search(re.escape(title) + r'.*?class="tag clause-lots">([^<]*)</span>', page, re.S)[1]


MEALS_AND_CLEANING = (
    ("Repas des écoles", "55524000-9", "600000"),
    ("Nettoyage des offices", "90919200-4", "300000"),
)


def test_an_approved_clause_set_on_a_divided_tender_meets_each_lots_obligations(buyer, session):
    from sqlalchemy import select

    from procure.models import User
    from tests.factories import make_approved_set

    town = session.scalar(select(User).where(User.email == "acheteuse@example.org")).organisation
    make_approved_set(session, town, "cantine", ["egalim-quality-share", "vegetarian-menu"])
    tender_id = divided_tender(buyer, MEALS_AND_CLEANING)

    page = buyer.post(
        f"/tenders/{tender_id}/step/clauses", data={"ambition": "core", "action": "set:cantine"}
    ).text

    ticked = set(re.findall(r'name="clause_lots"[^>]*value="([^"]+)"\s+checked', page))
    # the set's catering clauses go to the meals lot only
    assert {"egalim-quality-share:1", "vegetarian-menu:1"} <= ticked
    assert not {"egalim-quality-share:2", "vegetarian-menu:2"} & ticked
    # the cleaning lot gets its own clause for each obligation the set leaves unmet there
    assert any(value.endswith(":2") for value in ticked)
    assert "Pas encore satisfaite pour" not in page
    assert "Ne concerne que le lot 1." in page  # EGalim: the meals lot
