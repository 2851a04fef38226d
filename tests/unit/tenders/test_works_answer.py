"""The buyer's answer on what works do decides the works families, as the codes cannot:
45210000 (building construction) says neither new building nor renovation."""

from __future__ import annotations

from procure.library.families import PurchaseFamily
from procure.snapshot import Context
from procure.tenders.fit import purchase_families
from procure.vocabulary import ContractType
from tests.factories import make_purchase
from tests.unit.compliance.test_purchase_table import PURCHASES
from tests.unit.tenders.test_default_dossiers import default_dossier

WORKS = make_purchase(contract_type=ContractType.WORKS, cpv_main="45210000-2")
NEW = PurchaseFamily.BUILDING_NEW
RENOVATION = PurchaseFamily.BUILDING_RENOVATION


def test_without_an_answer_a_construction_code_counts_as_new_building_and_renovation() -> None:
    assert {NEW, RENOVATION} <= purchase_families(WORKS, Context())


def test_the_answer_replaces_what_the_codes_say() -> None:
    families = purchase_families(WORKS, Context(works=frozenset({"building_new"})))
    assert NEW in families
    assert RENOVATION not in families


def test_the_answer_is_ignored_for_supplies_and_services() -> None:
    supplies = make_purchase(contract_type=ContractType.SUPPLIES, cpv_main="30213100-6")
    families = purchase_families(supplies, Context(works=frozenset({"demolition"})))
    assert PurchaseFamily.DEMOLITION not in families


def test_a_new_building_gets_re2020_and_no_demolition_diagnosis_by_default() -> None:
    entry = next(entry for entry in PURCHASES if entry["id"] == "new-building-8m")
    slugs = {clause.slug for clause in default_dossier(entry).clauses}
    assert "re2020-new-building-compliance" in slugs
    assert "pemd-diagnosis-follow-through" not in slugs
