"""Collective catering: EGalim shares, vegetarian menu, plastic containers."""

from __future__ import annotations

import datetime as dt

import pytest

from procure.compliance import Outcome
from procure.vocabulary import ContractType, OrganisationCategory
from tests.factories import chosen, make_snapshot
from tests.unit.compliance.tenders import outcome, results_by_id


def catering(*clauses: object, **overrides: object) -> dict[str, object]:
    return {
        "contract_type": ContractType.SERVICES,
        "cpv_main": "55524000-9",
        "estimated_value": 1_200_000,
        "catering": True,
        "clauses": clauses,
        **overrides,
    }


# -- egalim-quality-organic-shares -----------------------------------------------------


def test_egalim_shares_pass_with_the_legal_minimums() -> None:
    snapshot = make_snapshot(**catering(chosen("egalim-quality-share")))

    result = results_by_id(snapshot)["egalim-quality-organic-shares"]

    assert result.outcome is Outcome.PASSED
    assert result.why["en"] == (
        "Clause 'Minimum share of sustainable and quality products, including organic products "
        "(EGalim)': Minimum share of sustainable and quality products = 50 %; "
        "Minimum share of organic products = 20 %."
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"quality_share": 40},
            "Part minimale de produits durables et de qualité vaut 40 %, sous le minimum de 50 %.",
        ),
        (
            {"organic_share": 15},
            "Part minimale de produits biologiques vaut 15 %, sous le minimum de 20 %.",
        ),
    ],
)
def test_egalim_shares_below_the_minimums_fail(values: dict[str, int], message: str) -> None:
    snapshot = make_snapshot(**catering(chosen("egalim-quality-share", **values)))

    result = results_by_id(snapshot)["egalim-quality-organic-shares"]

    assert result.outcome is Outcome.FAILED
    assert message in result.why["fr"]


def test_egalim_shares_fail_when_the_clause_is_missing() -> None:
    result = results_by_id(make_snapshot(**catering()))["egalim-quality-organic-shares"]

    assert result.outcome is Outcome.FAILED
    assert result.satisfying_clauses == ("egalim-quality-share",)


def test_egalim_applies_to_food_bought_for_collective_catering_only() -> None:
    food = {"contract_type": ContractType.SUPPLIES, "cpv_main": "15800000-6"}

    assert outcome("egalim-quality-organic-shares", make_snapshot(**food, catering=True)) is (
        Outcome.FAILED
    )
    assert outcome("egalim-quality-organic-shares", make_snapshot(**food)) is (
        Outcome.NOT_APPLICABLE
    )
    assert outcome("egalim-quality-organic-shares", make_snapshot()) is Outcome.NOT_APPLICABLE


def test_egalim_shares_apply_from_2022() -> None:
    snapshot = make_snapshot(**catering())

    assert outcome("egalim-quality-organic-shares", snapshot, dt.date(2021, 12, 31)) is (
        Outcome.NOT_APPLICABLE
    )
    assert outcome("egalim-quality-organic-shares", snapshot, dt.date(2022, 1, 1)) is (
        Outcome.FAILED
    )


# -- egalim-meat-fish-share -------------------------------------------------------------


@pytest.mark.parametrize(("share", "expected"), [(60, Outcome.PASSED), (59, Outcome.FAILED)])
def test_meat_and_fish_share_is_at_least_60_percent(share: int, expected: Outcome) -> None:
    snapshot = make_snapshot(**catering(chosen("egalim-meat-fish-share", meat_fish_share=share)))

    assert outcome("egalim-meat-fish-share", snapshot) is expected


def test_meat_and_fish_share_applies_from_2024() -> None:
    snapshot = make_snapshot(**catering())

    assert outcome("egalim-meat-fish-share", snapshot, dt.date(2023, 12, 31)) is (
        Outcome.NOT_APPLICABLE
    )
    assert outcome("egalim-meat-fish-share", snapshot, dt.date(2024, 1, 1)) is Outcome.FAILED


# -- egalim-meat-fish-share-state -----------------------------------------------------------


@pytest.mark.parametrize(("share", "expected"), [(100, Outcome.PASSED), (60, Outcome.FAILED)])
def test_state_catering_needs_all_meat_and_fish_sustainable(share: int, expected: Outcome) -> None:
    snapshot = make_snapshot(
        **catering(
            chosen("egalim-meat-fish-share", meat_fish_share=share),
            buyer_category=OrganisationCategory.CENTRAL,
        )
    )

    result = results_by_id(snapshot)["egalim-meat-fish-share-state"]

    assert result.outcome is expected
    assert result.verified is False


def test_local_authority_catering_keeps_the_60_percent_rate() -> None:
    snapshot = make_snapshot(**catering(chosen("egalim-meat-fish-share")))

    assert outcome("egalim-meat-fish-share-state", snapshot) is Outcome.NOT_APPLICABLE


# -- school-vegetarian-menu -----------------------------------------------------------------


def test_school_catering_with_a_weekly_vegetarian_menu_passes() -> None:
    snapshot = make_snapshot(**catering(chosen("vegetarian-menu")))

    assert outcome("school-vegetarian-menu", snapshot) is Outcome.PASSED


def test_school_catering_without_the_vegetarian_menu_fails() -> None:
    result = results_by_id(make_snapshot(**catering()))["school-vegetarian-menu"]

    assert result.outcome is Outcome.FAILED
    assert result.why["fr"] == (
        "La clause « Menu végétarien hebdomadaire et option végétarienne quotidienne » "
        "n'est pas retenue."
    )


def test_zero_vegetarian_menus_a_week_fails() -> None:
    snapshot = make_snapshot(**catering(chosen("vegetarian-menu", vegetarian_menus_per_week=0)))

    assert outcome("school-vegetarian-menu", snapshot) is Outcome.FAILED


@pytest.mark.parametrize(
    ("cpv", "expected"),
    [
        ("55523100-3", Outcome.FAILED),
        ("55524000-9", Outcome.FAILED),
        ("55523000-2", Outcome.NOT_APPLICABLE),
        ("55520000-1", Outcome.NOT_APPLICABLE),
    ],
)
def test_vegetarian_menu_rule_covers_school_catering_codes(cpv: str, expected: Outcome) -> None:
    snapshot = make_snapshot(**catering(cpv_main=cpv))

    assert outcome("school-vegetarian-menu", snapshot) is expected


# -- school-catering-plastic-containers ---------------------------------------------------------


def test_school_catering_needs_plastic_free_containers() -> None:
    without = make_snapshot(**catering())
    with_clause = make_snapshot(**catering(chosen("catering-plastic-free-containers")))

    assert outcome("school-catering-plastic-containers", without) is Outcome.FAILED
    assert outcome("school-catering-plastic-containers", with_clause) is Outcome.PASSED


def test_plastic_ban_applies_from_2025_and_rests_on_unverified_facts() -> None:
    snapshot = make_snapshot(**catering())

    before = results_by_id(snapshot, dt.date(2024, 12, 31))["school-catering-plastic-containers"]

    assert before.outcome is Outcome.NOT_APPLICABLE
    assert before.verified is False
    assert outcome("school-catering-plastic-containers", snapshot, dt.date(2025, 1, 1)) is (
        Outcome.FAILED
    )


# -- collective catering only (purchase families) ------------------------------------------


def test_animal_feed_is_not_collective_catering() -> None:
    feed = make_snapshot(contract_type=ContractType.SUPPLIES, cpv_main="15700000-5")

    for rule_id in ("egalim-quality-organic-shares", "egalim-meat-fish-share"):
        assert outcome(rule_id, feed) is Outcome.NOT_APPLICABLE


def test_any_purchase_the_buyer_says_serves_collective_catering_gets_egalim() -> None:
    # Fresh fruit and vegetables (CPV 03) bought for a canteen count towards the shares.
    produce = make_snapshot(
        contract_type=ContractType.SUPPLIES, cpv_main="03221000-6", catering=True
    )

    result = results_by_id(produce)["egalim-quality-organic-shares"]

    assert result.outcome is Outcome.FAILED


def test_care_home_catering_gets_egalim_but_not_the_school_rules() -> None:
    care_home = make_snapshot(**catering(cpv_main="55523000-2"))

    assert outcome("egalim-quality-organic-shares", care_home) is Outcome.FAILED
    assert outcome("school-vegetarian-menu", care_home) is Outcome.NOT_APPLICABLE
    assert outcome("school-catering-plastic-containers", care_home) is Outcome.NOT_APPLICABLE


def test_the_vegetarian_menu_rule_cites_l230_5_6_of_the_code_rural() -> None:
    result = results_by_id(make_snapshot(**catering()))["school-vegetarian-menu"]

    assert ("CRPM", "L230-5-6") in result.legal_basis
    assert result.verified is True
