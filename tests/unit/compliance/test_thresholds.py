from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from procure.compliance import ThresholdError, applicable_threshold, eu_threshold
from procure.compliance.thresholds import CpvRange, social_services_list
from procure.vocabulary import ContractType, OrganisationCategory
from tests.factories import make_purchase

IN_2025 = dt.date(2025, 6, 1)
IN_2026 = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("contract_type", "category", "cpv", "expected_2025", "expected_2026"),
    [
        (ContractType.WORKS, OrganisationCategory.SUB_CENTRAL, "45453000-7", 5_538_000, 5_404_000),
        (ContractType.WORKS, OrganisationCategory.CENTRAL, "45453000-7", 5_538_000, 5_404_000),
        (ContractType.SUPPLIES, OrganisationCategory.CENTRAL, "30213100-6", 143_000, 140_000),
        (ContractType.SUPPLIES, OrganisationCategory.SUB_CENTRAL, "30213100-6", 221_000, 216_000),
        (ContractType.SERVICES, OrganisationCategory.SUB_CENTRAL, "90919200-4", 221_000, 216_000),
        (
            ContractType.SERVICES,
            OrganisationCategory.NETWORK_OPERATOR,
            "90919200-4",
            443_000,
            432_000,
        ),
        (ContractType.SERVICES, OrganisationCategory.SUB_CENTRAL, "55524000-9", 750_000, 750_000),
        (ContractType.SERVICES, OrganisationCategory.CENTRAL, "85311000-2", 750_000, 750_000),
    ],
)
def test_threshold_depends_on_type_buyer_and_period(
    contract_type: ContractType,
    category: OrganisationCategory,
    cpv: str,
    expected_2025: int,
    expected_2026: int,
) -> None:
    purchase = make_purchase(contract_type=contract_type, buyer_category=category, cpv_main=cpv)

    assert eu_threshold(purchase, IN_2025) == Decimal(expected_2025)
    assert eu_threshold(purchase, IN_2026) == Decimal(expected_2026)


def test_periods_change_on_the_first_of_january() -> None:
    purchase = make_purchase(contract_type=ContractType.SUPPLIES)

    assert eu_threshold(purchase, dt.date(2025, 12, 31)) == Decimal(221_000)
    assert eu_threshold(purchase, dt.date(2026, 1, 1)) == Decimal(216_000)


def test_threshold_defaults_to_the_launch_date() -> None:
    purchase = make_purchase(launch_date=dt.date(2025, 3, 1))

    assert eu_threshold(purchase) == Decimal(221_000)


def test_social_services_are_decided_by_the_main_cpv_code() -> None:
    cleaning_with_catering = make_purchase(
        contract_type=ContractType.SERVICES,
        cpv_main="90919200-4",
        cpv_additional=("55524000-9",),
    )

    assert eu_threshold(cleaning_with_catering, IN_2026) == Decimal(216_000)


def test_catering_supplies_are_not_social_services() -> None:
    food = make_purchase(contract_type=ContractType.SUPPLIES, cpv_main="55524000-9")

    assert eu_threshold(food, IN_2026) == Decimal(216_000)


def test_utilities_social_services_use_the_utilities_value() -> None:
    purchase = make_purchase(
        contract_type=ContractType.SERVICES,
        buyer_category=OrganisationCategory.NETWORK_OPERATOR,
        cpv_main="55520000-1",
    )

    assert eu_threshold(purchase, IN_2026) == Decimal(1_000_000)


def test_defence_supplies_of_a_central_authority_use_the_sub_central_value() -> None:
    purchase = make_purchase(
        contract_type=ContractType.SUPPLIES,
        buyer_category=OrganisationCategory.CENTRAL,
        defence_or_security=True,
    )

    threshold = applicable_threshold(purchase, IN_2026)

    assert threshold.value == Decimal(216_000)
    assert "défense" in threshold.basis["fr"]


def test_threshold_explains_its_basis_in_both_languages() -> None:
    purchase = make_purchase(contract_type=ContractType.SERVICES, cpv_main="55524000-9")

    basis = applicable_threshold(purchase, IN_2026).basis

    assert basis == {
        "fr": "services sociaux et spécifiques, acheteur sous-central, 2026-2027",
        "en": "social and other specific services, sub-central buyer, 2026-2027",
    }


@pytest.mark.parametrize("day", [dt.date(2023, 12, 31), dt.date(2028, 1, 1)])
def test_a_date_outside_every_period_is_reported_not_guessed(day: dt.date) -> None:
    with pytest.raises(ThresholdError, match=r"thresholds\.yaml"):
        eu_threshold(make_purchase(), day)


@pytest.mark.parametrize(
    "cpv",
    [
        "80500000-9",  # training: within 80000000 to 80660000
        "80000000-4",
        "80660000-8",
        "55523000-2",  # catering for other institutions (care homes...)
        "79100000-5",  # legal services
        "79700000-1",  # investigation and security services
        "92000000-1",  # recreational, cultural and sporting services
        "79952000-2",  # event services
        "64000000-6",  # postal services
        "75300000-9",  # compulsory social security services
        "85323000-9",
    ],
)
def test_annex_xiv_services_use_the_social_services_threshold(cpv: str) -> None:
    purchase = make_purchase(contract_type=ContractType.SERVICES, cpv_main=cpv)

    assert eu_threshold(purchase, IN_2026) == Decimal(750_000)


@pytest.mark.parametrize(
    "cpv",
    [
        "90919200-4",  # office cleaning
        "77310000-6",  # green areas
        "90511000-2",  # refuse collection
        "72413000-8",  # website design
    ],
)
def test_services_outside_annex_xiv_keep_the_general_threshold(cpv: str) -> None:
    purchase = make_purchase(contract_type=ContractType.SERVICES, cpv_main=cpv)

    assert eu_threshold(purchase, IN_2026) == Decimal(216_000)


def test_training_at_400_000_is_below_the_social_services_threshold() -> None:
    training = make_purchase(
        contract_type=ContractType.SERVICES, cpv_main="80500000-9", estimated_value=400_000
    )

    threshold = applicable_threshold(training, IN_2026)

    assert training.estimated_value < threshold.value == Decimal(750_000)
    assert threshold.basis["en"].startswith("social and other specific services")


def test_a_range_covers_its_ends_and_the_codes_under_its_last_code() -> None:
    # Synthetic codes: the rule, not the vocabulary, is under test.
    span = CpvRange("10100000", "10200000")

    assert "10100000" in span
    assert "10200000" in span
    assert "10250000" in span  # under 10200000
    assert "10300000" not in span
    assert "10000000" not in span


def test_the_annex_xiv_list_is_dated_sourced_and_marked_unverified() -> None:
    services = social_services_list()

    assert services.as_of == dt.date(2026, 12, 3)
    assert "FACTS.md §10.13" in services.source
    assert services.verified is False


def test_a_choice_resting_on_the_unverified_list_carries_a_caveat() -> None:
    training = make_purchase(contract_type=ContractType.SERVICES, cpv_main="80500000-9")
    cleaning = make_purchase(contract_type=ContractType.SERVICES, cpv_main="90919200-4")

    caveat = applicable_threshold(training, IN_2026).caveat

    assert caveat is not None
    assert "2026-12-03" in caveat["fr"]
    assert "Annex XIV" in caveat["en"]
    assert applicable_threshold(cleaning, IN_2026).caveat is None
