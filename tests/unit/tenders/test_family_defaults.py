"""A purchase of a family the library writes clauses for gets them by default, not the
generic clause that meets the same obligation: one clause per need, the trade's own.

Each purchase comes from tests/data/purchases.yaml; its default dossier is the one a
tender file with ``clauses: auto`` gets (tests/unit/tenders/test_default_dossiers.py).
"""

from __future__ import annotations

import pytest

from tests.unit.compliance.test_purchase_table import PURCHASES
from tests.unit.tenders.test_default_dossiers import default_dossier

GENERIC = {
    "environmental-execution-condition",
    "environmental-performance-criterion",
    "ecolabel-or-equivalent",
}
# purchase id -> the family clauses its default dossier holds; none of GENERIC may join them
# except those listed as still needed (no family clause meets that obligation).
EXPECTED = {
    "it-laptops-600k": (
        {"electronics-supply-chain-labour-rights", "it-ecolabel-tco-epeat"},
        {"environmental-performance-criterion"},  # the IT criterion is comprehensive only
    ),
    "ministry-furniture-140000": (
        {
            "refurbished-furniture-supply",
            "furniture-durability-award",
            "furniture-repair-spare-parts-service",
            "textile-supply-chain-social-audits",
        },
        set(),
    ),
    "workwear-250k": (
        {
            "textile-agec-reuse-recycled",
            "textile-durability-award",
            "textile-take-back-reuse-recycling",
            "textile-supply-chain-social-audits",
        },
        set(),
    ),
    "electric-vehicles-500k": (
        {"clean-vehicles-supply", "vehicles-energy-emissions-award"},
        {"environmental-execution-condition"},  # no family condition for buying vehicles
    ),
    "school-bus-transport-900k": (
        {
            "clean-vehicles-transport-services",
            "passenger-transport-accessible-vehicles",
            "vehicles-energy-emissions-award",
        },
        set(),
    ),
    "waste-collection-2-4m": (  # the refuse-collection clauses, not the general ones
        {"waste-collection-low-emission-vehicles", "waste-collection-environmental-award"},
        set(),
    ),
    "electricity-2m": (
        {
            "renewable-electricity-supply",
            "energy-supply-traceability-award",
            "energy-consumption-data-services",
        },
        set(),
    ),
    "training-services-750k": (
        {
            "training-low-carbon-delivery",
            "training-accessible-services",
            "training-environmental-quality-award",
        },
        set(),
    ),
    "printed-matter-100k": (
        {
            "printing-paper-inks-specification",
            "printing-waste-and-deliveries",
            "printing-environmental-award",
        },
        set(),
    ),
    "event-organisation-300k": (
        {
            "event-waste-reuse-plan",
            "event-reusable-equipment-specification",
            "event-environmental-award",
        },
        set(),
    ),
}
BY_ID = {entry["id"]: entry for entry in PURCHASES}


@pytest.mark.parametrize("purchase_id", sorted(EXPECTED))
def test_the_default_dossier_of_a_family_purchase_holds_the_family_clauses(
    purchase_id: str,
) -> None:
    family_clauses, still_generic = EXPECTED[purchase_id]
    slugs = {clause.slug for clause in default_dossier(BY_ID[purchase_id]).clauses}

    assert family_clauses <= slugs
    assert slugs & GENERIC == still_generic


def test_a_supply_above_the_threshold_gets_insertion_in_its_attached_services() -> None:
    slugs = {clause.slug for clause in default_dossier(BY_ID["office-supplies-216000"]).clauses}

    assert "supply-logistics-insertion-hours" in slugs
    assert "reuse-siae-repair-subcontracting" not in slugs
