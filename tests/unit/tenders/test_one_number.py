"""A clause never contradicts the purchase: its duration, its single lot."""

from __future__ import annotations

from procure.library.content import ClauseContent
from procure.snapshot import purchase_facts
from procure.tenders.fit import LibraryEntry, is_applicable, purchase_families
from procure.vocabulary import OrganisationCategory
from tests.factories import clause_library, make_purchase, make_snapshot


def entry(slug: str) -> LibraryEntry:
    return LibraryEntry(slug, 1, ClauseContent.from_mapping(clause_library()[slug].content))


def test_the_duration_a_clause_prints_is_the_purchase_s():
    assert purchase_facts(make_purchase(duration_months=48))["duration_months"] == 48


def test_a_single_lot_contract_reserves_the_contract_itself():
    facts = purchase_facts(make_purchase(lots=1))
    assert facts["reserved_scope"] == {"fr": "le présent marché", "en": "this contract"}


def test_a_clause_reserves_the_lots_it_applies_to_and_names_a_single_one():
    in_lots = make_purchase(lots=4)
    assert purchase_facts(in_lots, (2,))["reserved_scope"] == {
        "fr": "le lot n° 2",
        "en": "lot No 2",
    }
    assert purchase_facts(in_lots, (2,))["lot_number"] == "2"
    assert purchase_facts(in_lots, (1, 3, 4))["reserved_scope"]["fr"] == (
        "chacun des lots n° 1, 3 et 4"
    )
    assert "lot_number" not in purchase_facts(in_lots, (1, 3))
    every_lot = purchase_facts(in_lots)["reserved_scope"]
    assert every_lot == {
        "fr": "chacun des lots du présent marché",
        "en": "each lot of this contract",
    }


def test_a_state_restaurant_asks_for_all_its_meat_and_fish_sustainable():
    assert (
        purchase_facts(make_purchase(buyer_category=OrganisationCategory.CENTRAL))[
            "meat_fish_share"
        ]
        == 100
    )
    assert "meat_fish_share" not in purchase_facts(make_purchase())  # 60 % or more: the buyer's


def test_a_clause_about_one_lot_needs_a_contract_in_lots():
    snapshot = make_snapshot(cpv_main="15300000-1", catering=True, lots=1)
    families = purchase_families(snapshot.purchase, snapshot.context)
    reserved_lot = entry("food-lot-reserved-esat-siae")
    assert not is_applicable(reserved_lot, snapshot.purchase, families)
    in_lots = make_snapshot(cpv_main="15300000-1", catering=True, lots=4)
    assert is_applicable(reserved_lot, in_lots.purchase, families)


def test_a_tender_file_cannot_make_a_clause_print_another_duration():
    from procure.compliance import Outcome, check
    from procure.documents.tender_file import parse_tender

    tender = {
        "purchase": {
            "title": "Accompagnement culturel",
            "organisation": "Ville",
            "buyer_category": "sub_central",
            "subject": "Ateliers culturels",
            "contract_type": "services",
            "defence_or_security": False,
            "cpv_main": "79622000-0",
            "estimated_value": 150000,
            "duration_months": 48,
            "lots": 1,
            "procedure": "adapted",
            "launch_date": "2026-12-14",
        },
        "context": {"labour_share": 60},
        "ambition": "core",
        "clauses": [{"id": "reserved-ess-services", "values": {"duration_months": 36}}],
    }
    snapshot = parse_tender(tender, clause_library())
    (reserved,) = snapshot.clauses
    assert reserved.values["duration_months"] == 48  # the purchase's, not the file's 36
    results = {result.rule_id: result for result in check(snapshot)}
    assert results["reserved-ess-services-duration"].outcome is Outcome.FAILED
