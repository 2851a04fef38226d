"""The obligations the climate law (LCR art. 35) made mandatory from 21 August 2026."""

from __future__ import annotations

import datetime as dt

import pytest

from procure.compliance import Outcome, Severity
from procure.vocabulary import ClauseKind, ContractType, Pillar, Procedure
from tests.factories import chosen, make_snapshot
from tests.unit.compliance.tenders import (
    clause_criterion,
    inline_clause,
    outcome,
    price,
    results_by_id,
    technical,
)

DAY_BEFORE = dt.date(2026, 8, 20)
FIRST_DAY = dt.date(2026, 8, 21)


# -- env-execution-condition ------------------------------------------------------


def test_environmental_condition_passes_with_an_environmental_execution_condition() -> None:
    snapshot = make_snapshot(clauses=(chosen("environmental-execution-condition"),))

    assert outcome("env-execution-condition", snapshot) is Outcome.PASSED


def test_environmental_condition_fails_with_only_social_conditions_and_criteria() -> None:
    snapshot = make_snapshot(
        clauses=(chosen("insertion-hours"), chosen("environmental-performance-criterion"))
    )

    result = results_by_id(snapshot)["env-execution-condition"]

    assert result.outcome is Outcome.FAILED
    assert result.blocks_download
    assert result.action["fr"].startswith("Retenez au moins une condition d'exécution")
    assert "environmental-execution-condition" in result.satisfying_clauses
    assert result.legal_basis == (("CCP", "L2112-2"), ("LCR", "35"))


def test_environmental_condition_does_not_apply_to_defence() -> None:
    snapshot = make_snapshot(defence_or_security=True)

    result = results_by_id(snapshot)["env-execution-condition"]

    assert result.outcome is Outcome.NOT_APPLICABLE
    assert result.why["fr"] == "Le marché relève de la défense ou de la sécurité."


@pytest.mark.parametrize(
    ("launch", "expected"),
    [(DAY_BEFORE, Outcome.NOT_APPLICABLE), (FIRST_DAY, Outcome.FAILED)],
)
def test_environmental_condition_applies_from_21_august_2026(
    launch: dt.date, expected: Outcome
) -> None:
    snapshot = make_snapshot(launch_date=launch)

    assert outcome("env-execution-condition", snapshot) is expected


def test_a_rule_not_yet_in_force_says_from_when() -> None:
    snapshot = make_snapshot(launch_date=DAY_BEFORE)

    why = results_by_id(snapshot)["env-execution-condition"].why

    assert why == {
        "fr": "Cette règle s'applique aux consultations lancées à partir du 21/08/2026 ; "
        "celle-ci est lancée le 20/08/2026.",
        "en": "This rule applies to consultations launched from 21 August 2026; "
        "this one is launched on 20 August 2026.",
    }


# -- env-award-criterion ------------------------------------------------------------


def test_environmental_criterion_passes_with_an_environmental_award_criterion_clause() -> None:
    snapshot = make_snapshot(clauses=(chosen("environmental-performance-criterion"),))

    assert outcome("env-award-criterion", snapshot) is Outcome.PASSED


def test_environmental_criterion_passes_with_a_grid_criterion_linked_to_such_a_clause() -> None:
    snapshot = make_snapshot(criteria=(clause_criterion("life-cycle-cost-criterion", 100),))

    assert outcome("env-award-criterion", snapshot) is Outcome.PASSED


def test_environmental_criterion_passes_with_a_grid_criterion_on_a_chosen_green_clause() -> None:
    green = inline_clause("green-logistics-score", ClauseKind.EXECUTION_CONDITION)
    snapshot = make_snapshot(
        clauses=(green,), criteria=(price(70), clause_criterion("green-logistics-score", 30))
    )

    assert outcome("env-award-criterion", snapshot) is Outcome.PASSED


def test_environmental_criterion_fails_with_only_social_criteria() -> None:
    snapshot = make_snapshot(
        clauses=(chosen("insertion-award-criterion"),),
        criteria=(price(60), clause_criterion("insertion-award-criterion", 40)),
    )

    assert outcome("env-award-criterion", snapshot) is Outcome.FAILED


def test_environmental_criterion_does_not_apply_before_the_law_or_to_defence() -> None:
    assert outcome("env-award-criterion", make_snapshot(launch_date=DAY_BEFORE)) is (
        Outcome.NOT_APPLICABLE
    )
    assert outcome("env-award-criterion", make_snapshot(launch_date=FIRST_DAY)) is Outcome.FAILED
    assert outcome("env-award-criterion", make_snapshot(defence_or_security=True)) is (
        Outcome.NOT_APPLICABLE
    )


# -- no-price-only-award ------------------------------------------------------------


def test_price_only_award_fails() -> None:
    result = results_by_id(make_snapshot(criteria=(price(100),)))["no-price-only-award"]

    assert result.outcome is Outcome.FAILED
    assert result.why["en"] == "Price is the only award criterion."


def test_price_and_technical_merit_pass() -> None:
    snapshot = make_snapshot(criteria=(price(60), technical(40)))

    assert outcome("no-price-only-award", snapshot) is Outcome.PASSED


def test_a_single_life_cycle_cost_criterion_passes() -> None:
    snapshot = make_snapshot(criteria=(clause_criterion("life-cycle-cost-criterion", 100),))

    assert outcome("no-price-only-award", snapshot) is Outcome.PASSED


def test_without_a_grid_the_chosen_award_clauses_count() -> None:
    with_criterion = make_snapshot(clauses=(chosen("environmental-performance-criterion"),))

    assert outcome("no-price-only-award", with_criterion) is Outcome.PASSED
    assert outcome("no-price-only-award", make_snapshot()) is Outcome.FAILED


def test_price_only_award_was_allowed_before_21_august_2026() -> None:
    snapshot = make_snapshot(criteria=(price(100),), launch_date=DAY_BEFORE)

    assert outcome("no-price-only-award", snapshot) is Outcome.NOT_APPLICABLE


# -- social-execution-condition -------------------------------------------------------


def services(value: int, **overrides: object) -> dict[str, object]:
    return {
        "contract_type": ContractType.SERVICES,
        "cpv_main": "90919200-4",
        "estimated_value": value,
        **overrides,
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [(215_999, Outcome.NOT_APPLICABLE), (216_000, Outcome.FAILED), (900_000, Outcome.FAILED)],
)
def test_social_condition_is_required_from_the_eu_threshold(value: int, expected: Outcome) -> None:
    assert outcome("social-execution-condition", make_snapshot(**services(value))) is expected


def test_social_condition_passes_with_insertion_hours() -> None:
    snapshot = make_snapshot(**services(900_000), clauses=(chosen("insertion-hours"),))

    assert outcome("social-execution-condition", snapshot) is Outcome.PASSED


def test_social_condition_passes_with_a_lot_reserved_for_work_integration() -> None:
    snapshot = make_snapshot(**services(900_000), clauses=(chosen("reserved-insertion"),))

    assert outcome("social-execution-condition", snapshot) is Outcome.PASSED


def test_counting_a_reservation_as_the_social_condition_is_flagged_as_an_interpretation() -> None:
    snapshot = make_snapshot(**services(900_000), clauses=(chosen("reserved-insertion"),))

    result = results_by_id(snapshot)["social-condition-by-reservation"]

    assert result.outcome is Outcome.FAILED
    assert result.severity is Severity.WARNING
    assert result.verified is False
    assert "interprétation" in result.action["fr"]
    assert "interpretation" in result.action["en"]


def test_a_written_reason_clears_the_reservation_interpretation() -> None:
    snapshot = make_snapshot(
        **services(900_000),
        clauses=(chosen("reserved-insertion"),),
        justifications={
            "social-condition-by-reservation": "Lot réservé aux SIAE, insertion au cœur."
        },
    )

    assert outcome("social-condition-by-reservation", snapshot) is Outcome.JUSTIFIED


def test_a_reservation_with_a_social_condition_needs_no_justification() -> None:
    snapshot = make_snapshot(
        **services(900_000), clauses=(chosen("reserved-insertion"), chosen("insertion-hours"))
    )

    assert outcome("social-condition-by-reservation", snapshot) is Outcome.PASSED


def test_the_reservation_interpretation_is_not_raised_below_the_threshold() -> None:
    snapshot = make_snapshot(**services(100_000), clauses=(chosen("reserved-insertion"),))

    assert outcome("social-condition-by-reservation", snapshot) is Outcome.NOT_APPLICABLE


def test_an_environmental_condition_is_not_a_social_condition() -> None:
    snapshot = make_snapshot(
        **services(900_000), clauses=(chosen("environmental-execution-condition"),)
    )

    assert outcome("social-execution-condition", snapshot) is Outcome.FAILED


def test_social_condition_failure_is_justified_by_a_written_reason() -> None:
    reason = "Besoin satisfait par une solution immédiatement disponible (catalogue UGAP)."
    snapshot = make_snapshot(
        **services(900_000), justifications={"social-execution-condition": reason}
    )

    result = results_by_id(snapshot)["social-execution-condition"]

    assert result.outcome is Outcome.JUSTIFIED
    assert result.justification == reason
    assert not result.blocks_download
    assert result.verified is False


def test_a_blank_justification_does_not_clear_the_failure() -> None:
    snapshot = make_snapshot(
        **services(900_000), justifications={"social-execution-condition": "   "}
    )

    assert outcome("social-execution-condition", snapshot) is Outcome.FAILED


def test_works_below_the_works_threshold_need_no_social_condition() -> None:
    snapshot = make_snapshot(
        contract_type=ContractType.WORKS, cpv_main="45453000-7", estimated_value=3_500_000
    )

    assert outcome("social-execution-condition", snapshot) is Outcome.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("value", "expected"), [(749_999, Outcome.NOT_APPLICABLE), (750_000, Outcome.FAILED)]
)
def test_catering_uses_the_social_services_threshold(value: int, expected: Outcome) -> None:
    snapshot = make_snapshot(**services(value, cpv_main="55524000-9"))

    assert outcome("social-execution-condition", snapshot) is expected


@pytest.mark.parametrize(
    ("launch", "expected"),
    [(DAY_BEFORE, Outcome.NOT_APPLICABLE), (FIRST_DAY, Outcome.FAILED)],
)
def test_social_condition_applies_from_21_august_2026(launch: dt.date, expected: Outcome) -> None:
    snapshot = make_snapshot(**services(900_000, launch_date=launch))

    assert outcome("social-execution-condition", snapshot) is expected


def test_social_condition_does_not_apply_to_defence() -> None:
    snapshot = make_snapshot(**services(900_000, defence_or_security=True))

    assert outcome("social-execution-condition", snapshot) is Outcome.NOT_APPLICABLE


def test_a_clause_outside_the_library_counts_by_its_pillar() -> None:
    social = inline_clause(
        "local-hiring-plan", ClauseKind.EXECUTION_CONDITION, pillars=(Pillar.SOCIAL,)
    )
    snapshot = make_snapshot(**services(900_000), clauses=(social,))

    assert outcome("social-execution-condition", snapshot) is Outcome.PASSED


# -- direct awards without competition (R2122-1 to R2122-11) --------------------------


def test_a_direct_award_has_no_award_criterion_obligation() -> None:
    snapshot = make_snapshot(procedure=Procedure.WITHOUT_COMPETITION, estimated_value=50_000)

    results = results_by_id(snapshot)

    assert results["env-award-criterion"].outcome is Outcome.NOT_APPLICABLE
    assert results["no-price-only-award"].outcome is Outcome.NOT_APPLICABLE
    assert "sans publicité ni mise en concurrence" in results["env-award-criterion"].why["fr"]


def test_a_direct_award_still_needs_an_environmental_execution_condition() -> None:
    snapshot = make_snapshot(procedure=Procedure.WITHOUT_COMPETITION, estimated_value=50_000)

    assert outcome("env-execution-condition", snapshot) is Outcome.FAILED


@pytest.mark.parametrize("procedure", [p for p in Procedure if p != Procedure.WITHOUT_COMPETITION])
def test_every_competitive_procedure_needs_an_environmental_criterion(
    procedure: Procedure,
) -> None:
    snapshot = make_snapshot(procedure=procedure, criteria=(price(100),))

    assert outcome("env-award-criterion", snapshot) is Outcome.FAILED
    assert outcome("no-price-only-award", snapshot) is Outcome.FAILED


# -- sustainable-technical-specifications (L2111-2) ------------------------------------


@pytest.mark.parametrize(
    "clause_id", ["ecolabel-or-equivalent", "accessibility-all-users", "it-ecolabel-tco-epeat"]
)
def test_specifications_pass_with_an_environmental_or_social_specification(
    clause_id: str,
) -> None:
    snapshot = make_snapshot(clauses=(chosen(clause_id),))

    assert outcome("sustainable-technical-specifications", snapshot) is Outcome.PASSED


def test_specifications_fail_without_a_sustainable_technical_specification() -> None:
    snapshot = make_snapshot(
        clauses=(
            chosen("environmental-execution-condition"),
            chosen("environmental-performance-criterion"),
        )
    )

    result = results_by_id(snapshot)["sustainable-technical-specifications"]

    assert result.outcome is Outcome.FAILED
    assert result.blocks_download
    assert result.legal_basis == (("CCP", "L2111-2"), ("LCR", "35"))
    assert "ecolabel-or-equivalent" in result.satisfying_clauses


def test_a_specification_without_a_pillar_does_not_count() -> None:
    neutral = inline_clause("plain-spec", ClauseKind.TECHNICAL_SPECIFICATION, pillars=())

    snapshot = make_snapshot(clauses=(neutral,))

    assert outcome("sustainable-technical-specifications", snapshot) is Outcome.FAILED


def test_specifications_rule_applies_from_21_august_2026_and_not_to_defence() -> None:
    snapshot = make_snapshot()

    assert outcome("sustainable-technical-specifications", snapshot, DAY_BEFORE) is (
        Outcome.NOT_APPLICABLE
    )
    assert outcome("sustainable-technical-specifications", snapshot, FIRST_DAY) is Outcome.FAILED
    defence = make_snapshot(defence_or_security=True)
    assert outcome("sustainable-technical-specifications", defence) is Outcome.NOT_APPLICABLE
