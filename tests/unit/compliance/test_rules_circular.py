"""Circular economy: AGEC art. 58 reuse and recycled-content shares (décret 2024-134)."""

from __future__ import annotations

import datetime as dt

import pytest

from procure.compliance import Outcome, Severity
from procure.vocabulary import ContractType, OrganisationCategory
from tests.factories import chosen, make_snapshot
from tests.unit.compliance.tenders import outcome, results_by_id

LAPTOPS = {"contract_type": ContractType.SUPPLIES, "cpv_main": "30213100-6"}


# -- agec-reuse-recycled-supplies -------------------------------------------------------


def test_covered_supplies_without_a_reuse_clause_get_a_warning() -> None:
    result = results_by_id(make_snapshot(**LAPTOPS))["agec-reuse-recycled-supplies"]

    assert result.outcome is Outcome.FAILED
    assert result.severity is Severity.WARNING
    assert not result.blocks_download
    assert result.verified is False
    assert "it-refurbished-equipment-share" in result.satisfying_clauses


def test_covered_supplies_with_a_refurbished_share_pass() -> None:
    snapshot = make_snapshot(**LAPTOPS, clauses=(chosen("it-refurbished-equipment-share"),))

    assert outcome("agec-reuse-recycled-supplies", snapshot) is Outcome.PASSED


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"contract_type": ContractType.SERVICES}, "supplies"),
        ({"cpv_main": "09310000-5"}, "CPV"),
        ({"buyer_category": OrganisationCategory.NETWORK_OPERATOR}, "utility"),
    ],
)
def test_agec_rule_covers_state_and_local_supplies_in_listed_categories(
    overrides: dict[str, object], reason: str
) -> None:
    result = results_by_id(make_snapshot(**{**LAPTOPS, **overrides}))[
        "agec-reuse-recycled-supplies"
    ]

    assert result.outcome is Outcome.NOT_APPLICABLE
    assert reason in result.why["en"]


def test_agec_rule_applies_from_1_july_2024() -> None:
    snapshot = make_snapshot(**LAPTOPS)

    assert outcome("agec-reuse-recycled-supplies", snapshot, dt.date(2024, 6, 30)) is (
        Outcome.NOT_APPLICABLE
    )
    assert outcome("agec-reuse-recycled-supplies", snapshot, dt.date(2024, 7, 1)) is (
        Outcome.FAILED
    )


# -- agec-textile-rates ---------------------------------------------------------------------


def textiles(**values: int) -> dict[str, object]:
    return {
        "contract_type": ContractType.SUPPLIES,
        "cpv_main": "18110000-3",
        "clauses": (chosen("textile-agec-reuse-recycled", **values),),
    }


def test_textile_clause_with_the_decree_rates_passes() -> None:
    assert outcome("agec-textile-rates", make_snapshot(**textiles())) is Outcome.PASSED


@pytest.mark.parametrize(
    "values",
    [{"reuse_share": 8}, {"recycled_share_2027": 20}, {"recycled_share_2030": 25}],
)
def test_textile_clause_below_the_decree_rates_gets_advice(values: dict[str, int]) -> None:
    result = results_by_id(make_snapshot(**textiles(**values)))["agec-textile-rates"]

    assert result.outcome is Outcome.FAILED
    assert result.action["fr"].startswith("Pour les textiles hors EPI")


def test_textile_rates_only_apply_when_the_textile_clause_is_chosen() -> None:
    snapshot = make_snapshot(contract_type=ContractType.SUPPLIES, cpv_main="18110000-3")

    assert outcome("agec-textile-rates", snapshot) is Outcome.NOT_APPLICABLE
    assert outcome("agec-reuse-recycled-supplies", snapshot) is Outcome.FAILED


def test_agec_rule_leaves_supplies_inside_services_contracts_open() -> None:
    # Whether décret 2024-134 counts supplies bought within a works or services
    # contract is left open by FACTS §10.15: the rule does not claim it.
    maintenance = make_snapshot(
        contract_type=ContractType.SERVICES,
        cpv_main="50312000-5",
        cpv_additional=("30213100-6",),
    )

    assert outcome("agec-reuse-recycled-supplies", maintenance) is Outcome.NOT_APPLICABLE
