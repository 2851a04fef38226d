"""Coherence of the chosen clauses with one another."""

from __future__ import annotations

from procure.compliance import Outcome, Severity
from procure.compliance.coherence import clause_family
from procure.vocabulary import ClauseKind, Pillar, Theme
from tests.factories import chosen, make_snapshot
from tests.unit.compliance.tenders import inline_clause, outcome, results_by_id

# -- award-criteria-verifiable ---------------------------------------------------------


def test_library_award_criteria_state_their_verification() -> None:
    snapshot = make_snapshot(
        clauses=(chosen("environmental-performance-criterion"), chosen("insertion-award-criterion"))
    )

    assert outcome("award-criteria-verifiable", snapshot) is Outcome.PASSED


def test_award_criterion_without_verification_gets_a_warning() -> None:
    vague = inline_clause(
        "vague-criterion",
        ClauseKind.AWARD_CRITERION,
        title={"fr": "Critère flou", "en": "Vague criterion"},
        verification={},
    )

    result = results_by_id(make_snapshot(clauses=(vague,)))["award-criteria-verifiable"]

    assert result.outcome is Outcome.FAILED
    assert result.severity is Severity.WARNING
    assert (
        result.why["en"]
        == "These criteria do not say how the tender is verified: 'Vague criterion'."
    )


def test_verification_rule_waits_for_an_award_criterion() -> None:
    assert outcome("award-criteria-verifiable", make_snapshot()) is Outcome.NOT_APPLICABLE


# -- execution-conditions-followed-up ------------------------------------------------------


def test_conditions_with_a_kpi_are_followed_up() -> None:
    snapshot = make_snapshot(clauses=(chosen("environmental-execution-condition"),))

    assert outcome("execution-conditions-followed-up", snapshot) is Outcome.PASSED


def test_condition_without_kpi_penalty_or_monitoring_gets_advice() -> None:
    bare = inline_clause("bare-condition", ClauseKind.EXECUTION_CONDITION)

    result = results_by_id(make_snapshot(clauses=(bare,)))["execution-conditions-followed-up"]

    assert result.outcome is Outcome.FAILED
    assert result.severity is Severity.ADVICE
    assert "bare-condition" in result.why["fr"]


def test_a_monitoring_clause_of_the_same_pillar_follows_a_condition_up() -> None:
    bare = inline_clause("bare-condition", ClauseKind.EXECUTION_CONDITION)
    snapshot = make_snapshot(clauses=(bare, chosen("environmental-commitments-monitoring")))

    assert outcome("execution-conditions-followed-up", snapshot) is Outcome.PASSED


def test_a_monitoring_clause_of_another_pillar_does_not() -> None:
    bare = inline_clause("bare-condition", ClauseKind.EXECUTION_CONDITION)
    snapshot = make_snapshot(clauses=(bare, chosen("social-clause-monitoring")))

    assert outcome("execution-conditions-followed-up", snapshot) is Outcome.FAILED


def test_a_linked_monitoring_clause_follows_a_condition_up() -> None:
    bare = inline_clause(
        "bare-condition",
        ClauseKind.EXECUTION_CONDITION,
        pillars=(Pillar.SOCIAL,),
        related={"with": ["environmental-commitments-monitoring"]},
    )
    snapshot = make_snapshot(clauses=(bare, chosen("environmental-commitments-monitoring")))

    assert outcome("execution-conditions-followed-up", snapshot) is Outcome.PASSED


# -- specification-not-scored-twice ---------------------------------------------------------


def test_same_family_specification_and_criterion_are_flagged() -> None:
    snapshot = make_snapshot(
        clauses=(chosen("fair-trade-specification"), chosen("fair-trade-award-criterion"))
    )

    result = results_by_id(snapshot)["specification-not-scored-twice"]

    assert result.outcome is Outcome.FAILED
    assert result.why["en"].endswith(
        "'Technical specification requiring fair-trade products' / "
        "'Award criterion on the share of fair-trade products'."
    )
    assert "fair-trade-specification" not in result.why["en"]


def test_linked_specification_and_criterion_on_the_same_subject_are_flagged() -> None:
    snapshot = make_snapshot(
        clauses=(chosen("green-hosting-data-centre"), chosen("digital-footprint-award-criterion"))
    )

    assert outcome("specification-not-scored-twice", snapshot) is Outcome.FAILED


def test_linked_clauses_on_different_pillars_are_not_flagged() -> None:
    spec = inline_clause(
        "accessible-design",
        ClauseKind.TECHNICAL_SPECIFICATION,
        pillars=(Pillar.SOCIAL,),
        themes=(Theme.RESPONSIBLE_TECH,),
        related={"with": ["digital-footprint-award-criterion"]},
    )
    snapshot = make_snapshot(clauses=(spec, chosen("digital-footprint-award-criterion")))

    assert outcome("specification-not-scored-twice", snapshot) is Outcome.PASSED


def test_unrelated_specification_and_criterion_pass() -> None:
    snapshot = make_snapshot(
        clauses=(chosen("vegetarian-menu"), chosen("environmental-performance-criterion"))
    )

    assert outcome("specification-not-scored-twice", snapshot) is Outcome.PASSED


def test_double_counting_needs_both_kinds() -> None:
    snapshot = make_snapshot(clauses=(chosen("fair-trade-specification"),))

    assert outcome("specification-not-scored-twice", snapshot) is Outcome.NOT_APPLICABLE


def test_clause_family_drops_the_kind_suffix() -> None:
    assert clause_family("fair-trade-specification") == "fair-trade"
    assert clause_family("fair-trade-award-criterion") == "fair-trade"
    assert clause_family("inclusive-digital-services-award") == "inclusive-digital-services"
    assert clause_family("green-hosting-data-centre") == "green-hosting-data-centre"


# -- excluded-clauses-not-combined ------------------------------------------------------------


def test_clauses_that_exclude_each_other_get_a_warning() -> None:
    snapshot = make_snapshot(
        clauses=(chosen("insertion-hours"), chosen("insertion-hours-cleaning-green-spaces"))
    )

    result = results_by_id(snapshot)["excluded-clauses-not-combined"]

    assert result.outcome is Outcome.FAILED
    assert result.why["fr"] == (
        "Ces clauses s'excluent l'une l'autre : "
        "« Clause d'insertion sociale en heures de travail » / « Clause d'insertion en heures "
        "annuelles avec parcours, pour les services de propreté et d'espaces verts »."
    )


def test_an_exclusion_written_on_one_side_only_is_enough() -> None:
    one_sided = inline_clause(
        "solo-reservation",
        ClauseKind.RESERVED_CONTRACT,
        pillars=(Pillar.SOCIAL,),
        related={"excludes": ["reserved-insertion"]},
    )
    snapshot = make_snapshot(clauses=(chosen("reserved-insertion"), one_sided))

    assert outcome("excluded-clauses-not-combined", snapshot) is Outcome.FAILED


def test_compatible_clauses_pass() -> None:
    snapshot = make_snapshot(
        clauses=(chosen("insertion-hours"), chosen("social-clause-monitoring"))
    )

    assert outcome("excluded-clauses-not-combined", snapshot) is Outcome.PASSED
    assert outcome("excluded-clauses-not-combined", make_snapshot()) is Outcome.PASSED
