"""A clause never contradicts the purchase: its duration, its single lot."""

from __future__ import annotations

from procure.library.content import ClauseContent
from procure.snapshot import purchase_facts
from procure.tenders.fit import LibraryEntry, is_applicable, purchase_families
from tests.factories import clause_library, make_purchase, make_snapshot


def entry(slug: str) -> LibraryEntry:
    return LibraryEntry(slug, 1, ClauseContent.from_mapping(clause_library()[slug].content))


def test_the_duration_a_clause_prints_is_the_purchase_s():
    assert purchase_facts(make_purchase(duration_months=48))["duration_months"] == 48


def test_a_single_lot_contract_reserves_the_contract_itself():
    facts = purchase_facts(make_purchase(lots=1))
    assert facts["reserved_scope"] == {"fr": "le présent marché", "en": "this contract"}
    assert "reserved_scope" not in purchase_facts(make_purchase(lots=3))  # the buyer names it


def test_a_clause_about_one_lot_needs_a_contract_in_lots():
    snapshot = make_snapshot(cpv_main="15300000-1", catering=True, lots=1)
    families = purchase_families(snapshot.purchase, snapshot.context)
    reserved_lot = entry("food-lot-reserved-esat-siae")
    assert not is_applicable(reserved_lot, snapshot.purchase, families)
    in_lots = make_snapshot(cpv_main="15300000-1", catering=True, lots=4)
    assert is_applicable(reserved_lot, in_lots.purchase, families)
