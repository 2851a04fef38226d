"""SPASER, lots, criteria weights, labels and insertion-hour sizing."""

from __future__ import annotations

import datetime as dt

import pytest

from procure.compliance import Outcome, Severity
from procure.formatting import NNBSP
from procure.vocabulary import ClauseKind, ContractType
from tests.factories import chosen, make_snapshot
from tests.unit.compliance.tenders import (
    clause_criterion,
    inline_clause,
    outcome,
    price,
    results_by_id,
    technical,
)

# -- spaser-adopted -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("annual", "has_spaser", "expected"),
    [
        (None, False, Outcome.NOT_APPLICABLE),
        (49_999_999, False, Outcome.NOT_APPLICABLE),
        (50_000_000, False, Outcome.NOT_APPLICABLE),
        (50_000_001, False, Outcome.FAILED),
        (120_000_000, True, Outcome.PASSED),
    ],
)
def test_spaser_is_expected_strictly_above_50_million_of_annual_purchases(
    annual: int | None, has_spaser: bool, expected: Outcome
) -> None:
    snapshot = make_snapshot(annual_purchases=annual, has_spaser=has_spaser)

    result = results_by_id(snapshot)["spaser-adopted"]

    assert result.outcome is expected
    assert not result.blocks_download


def test_spaser_threshold_applies_from_2023() -> None:
    snapshot = make_snapshot(annual_purchases=60_000_000)

    assert outcome("spaser-adopted", snapshot, dt.date(2022, 12, 31)) is Outcome.NOT_APPLICABLE
    assert outcome("spaser-adopted", snapshot, dt.date(2024, 1, 1)) is Outcome.FAILED


# -- lots-sme-access --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lots", "expected"),
    [
        (30_000, 1, Outcome.FAILED),
        (215_999, 1, Outcome.FAILED),
        (216_000, 1, Outcome.FAILED),
        (900_000, 3, Outcome.PASSED),
    ],
)
def test_a_single_lot_needs_reasons_at_every_value(
    value: int, lots: int, expected: Outcome
) -> None:
    snapshot = make_snapshot(estimated_value=value, lots=lots)

    assert outcome("lots-sme-access", snapshot) is expected


def test_not_splitting_is_a_warning_on_l2113_10_and_l2113_11() -> None:
    result = results_by_id(make_snapshot(estimated_value=50_000))["lots-sme-access"]

    assert result.severity is Severity.WARNING
    assert result.legal_basis == (("CCP", "L2113-10"), ("CCP", "L2113-11"))
    assert "considérations de droit et de fait" in result.action["fr"]
    assert "global contract" in result.action["en"]


def test_defence_contracts_are_not_bound_to_split() -> None:
    snapshot = make_snapshot(estimated_value=900_000, defence_or_security=True)

    assert outcome("lots-sme-access", snapshot) is Outcome.NOT_APPLICABLE


def test_single_lot_can_be_justified() -> None:
    snapshot = make_snapshot(
        estimated_value=900_000,
        justifications={"lots-sme-access": "Prestation indivisible (maintenance d'un logiciel)."},
    )

    assert outcome("lots-sme-access", snapshot) is Outcome.JUSTIFIED


# -- criteria-weights-total ----------------------------------------------------------------------


def test_weights_adding_up_to_100_pass() -> None:
    snapshot = make_snapshot(
        criteria=(price(50), technical(30, 60, 40), clause_criterion("x-criterion", 20))
    )

    assert outcome("criteria-weights-total", snapshot) is Outcome.PASSED


def test_weights_not_adding_up_to_100_fail() -> None:
    result = results_by_id(make_snapshot(criteria=(price(60), technical(30))))[
        "criteria-weights-total"
    ]

    assert result.outcome is Outcome.FAILED
    assert result.why["fr"] == "Les pondérations des critères totalisent 90 % au lieu de 100 %."
    assert result.verified is False


def test_sub_criteria_must_add_up_to_their_criterion() -> None:
    result = results_by_id(make_snapshot(criteria=(price(60), technical(40, 50, 30))))[
        "criteria-weights-total"
    ]

    assert result.outcome is Outcome.FAILED
    assert result.why["en"] == (
        "The sub-criteria of 'Valeur technique' add up to 80 % instead of 100 %."
    )


def test_weights_rule_waits_for_a_grid() -> None:
    assert outcome("criteria-weights-total", make_snapshot()) is Outcome.NOT_APPLICABLE


# -- labels-or-equivalent ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "slug", ["ecolabel-or-equivalent", "it-ecolabel-tco-epeat", "fair-trade-specification"]
)
def test_label_specifications_accepting_equivalents_pass(slug: str) -> None:
    snapshot = make_snapshot(clauses=(chosen(slug),))

    assert outcome("labels-or-equivalent", snapshot) is Outcome.PASSED


def test_label_specification_without_equivalents_gets_a_warning() -> None:
    strict = inline_clause(
        "paper-blue-angel",
        ClauseKind.TECHNICAL_SPECIFICATION,
        title={"fr": "Papier Ange bleu", "en": "Blue Angel paper"},
        text={"fr": "Le papier porte le label Ange bleu.", "en": "Paper bears the Blue Angel."},
    )

    result = results_by_id(make_snapshot(clauses=(strict,)))["labels-or-equivalent"]

    assert result.outcome is Outcome.FAILED
    assert result.why["fr"] == (
        "La clause « Papier Ange bleu » ne mentionne pas "
        "« équivalent / tout autre moyen de preuve »."
    )


@pytest.mark.parametrize("kind", [ClauseKind.AWARD_CRITERION, ClauseKind.EXECUTION_CONDITION])
def test_a_label_in_a_criterion_or_a_condition_also_needs_equivalents(kind: ClauseKind) -> None:
    strict = inline_clause(
        "paper-blue-angel",
        kind,
        text={"fr": "Le papier porte le label Ange bleu.", "en": "Paper bears the Blue Angel."},
    )

    result = results_by_id(make_snapshot(clauses=(strict,)))["labels-or-equivalent"]

    assert result.outcome is Outcome.FAILED
    assert result.legal_basis == (("CCP", "R2111-13"), ("CCP", "R2111-16"), ("CCP", "R2111-17"))


def test_a_label_among_any_other_means_of_proof_is_not_required() -> None:
    open_proof = inline_clause(
        "recycled-fibres",
        ClauseKind.EXECUTION_CONDITION,
        text={
            "fr": "Justifié par un certificat, un label ou tout autre moyen de preuve approprié.",
            "en": "Shown by a certificate, a label or any other appropriate means of proof.",
        },
    )

    assert outcome("labels-or-equivalent", make_snapshot(clauses=(open_proof,))) is Outcome.PASSED


def test_specifications_without_a_label_are_not_concerned() -> None:
    snapshot = make_snapshot(clauses=(chosen("vegetarian-menu"),))

    result = results_by_id(snapshot)["labels-or-equivalent"]

    assert result.outcome is Outcome.PASSED
    assert result.why["en"] == "No chosen clause is concerned."


def test_labels_rule_needs_a_specification_a_criterion_or_a_condition() -> None:
    snapshot = make_snapshot(clauses=(chosen("social-clause-monitoring"),))

    assert outcome("labels-or-equivalent", snapshot) is Outcome.NOT_APPLICABLE


# -- insertion-hours-sizing ----------------------------------------------------------------------


def insertion(hours: int, rate: int = 5, **overrides: object) -> dict[str, object]:
    return {
        "contract_type": ContractType.WORKS,
        "cpv_main": "45453000-7",
        "estimated_value": 3_500_000,
        "labour_share": 40,
        "hourly_cost": 30,  # the buyer's, set at step 4: the rule uses it
        "clauses": (chosen("insertion-hours", insertion_hours=hours, insertion_rate=rate),),
        **overrides,
    }


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        # 3 500 000 × 40 % × 5 % ÷ 30 = 2 333 h; 25 % below is 1 750 h.
        (2_333, Outcome.PASSED),
        (1_750, Outcome.PASSED),
        (1_749, Outcome.FAILED),
        (833, Outcome.FAILED),
    ],
)
def test_insertion_hours_are_compared_with_the_computed_figure(
    hours: int, expected: Outcome
) -> None:
    assert outcome("insertion-hours-sizing", make_snapshot(**insertion(hours))) is expected


def test_insertion_hours_explain_the_computation() -> None:
    result = results_by_id(make_snapshot(**insertion(833)))["insertion-hours-sizing"]

    assert result.why["fr"] == (
        f"3{NNBSP}500{NNBSP}000{NNBSP}€ HT × 40 % de main-d'œuvre × 5 % ÷ 30{NNBSP}€/h donne "
        f"environ 2{NNBSP}333 heures ; la clause en prévoit 833. C'est nettement moins."
    )
    assert result.why["en"].startswith(
        "€3,500,000 excl. VAT × 40 % labour × 5 % ÷ €30/h gives about 2,333 hours"
    )


def test_without_the_buyer_s_hourly_cost_the_default_one_is_used() -> None:
    snapshot = make_snapshot(**insertion(2_333, hourly_cost=None))
    result = results_by_id(snapshot)["insertion-hours-sizing"]

    assert f"÷ 28{NNBSP}€/h donne environ 2{NNBSP}500 heures" in result.why["fr"]


def test_a_higher_rate_raises_the_expected_hours() -> None:
    assert outcome("insertion-hours-sizing", make_snapshot(**insertion(2_333, rate=10))) is (
        Outcome.FAILED
    )


def test_insertion_hours_need_a_labour_share() -> None:
    snapshot = make_snapshot(**insertion(10, labour_share=0))

    assert outcome("insertion-hours-sizing", snapshot) is Outcome.NOT_APPLICABLE


# -- insertion-hours-sizing-cleaning ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("annual_hours", "expected"),
    [
        # 900 000 × 80 % × 5 % ÷ 30 = 1 200 h over 48 months = 300 h a year; floor 225 h.
        (504, Outcome.PASSED),
        (225, Outcome.PASSED),
        (200, Outcome.FAILED),
    ],
)
def test_yearly_cleaning_hours_are_compared_per_year(annual_hours: int, expected: Outcome) -> None:
    snapshot = make_snapshot(
        contract_type=ContractType.SERVICES,
        cpv_main="90919200-4",
        estimated_value=900_000,
        duration_months=48,
        labour_share=80,
        hourly_cost=30,
        clauses=(
            chosen("insertion-hours-cleaning-green-spaces", annual_insertion_hours=annual_hours),
        ),
    )

    result = results_by_id(snapshot)["insertion-hours-sizing-cleaning"]

    assert result.outcome is expected
    assert "300 hours a year" in result.why["en"]
