"""The evaluator: dates, justifications, ordering and the summary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import yaml

from procure.compliance import Outcome, Severity, evaluate, load_rules, read_rules, summary
from procure.snapshot import Criterion
from procure.vocabulary import CriterionKind
from tests.factories import chosen, make_snapshot
from tests.unit.compliance.tenders import results_by_id

SEVERITY_RANK = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.ADVICE: 2}
OUTCOME_RANK = {
    Outcome.FAILED: 0,
    Outcome.JUSTIFIED: 1,
    Outcome.PASSED: 2,
    Outcome.NOT_APPLICABLE: 3,
}


def test_every_rule_gets_exactly_one_result() -> None:
    results = evaluate(make_snapshot(), load_rules())

    assert sorted(result.rule_id for result in results) == sorted(rule.id for rule in load_rules())


def test_results_are_ordered_blocking_first_then_failures_first() -> None:
    snapshot = make_snapshot(estimated_value=900_000, clauses=(chosen("insertion-hours"),))

    results = evaluate(snapshot, load_rules())

    keys = [(SEVERITY_RANK[r.severity], OUTCOME_RANK[r.outcome]) for r in results]
    assert keys == sorted(keys)
    assert results[0].severity is Severity.BLOCKING


def test_the_launch_date_decides_by_default_and_on_date_overrides_it() -> None:
    snapshot = make_snapshot(launch_date=dt.date(2026, 8, 20))

    assert results_by_id(snapshot)["env-execution-condition"].outcome is Outcome.NOT_APPLICABLE
    assert results_by_id(snapshot, dt.date(2026, 8, 21))["env-execution-condition"].outcome is (
        Outcome.FAILED
    )


def test_justification_only_clears_rules_that_allow_exceptions() -> None:
    snapshot = make_snapshot(
        justifications={"env-execution-condition": "Nous pensons que ce n'est pas utile."}
    )

    result = results_by_id(snapshot)["env-execution-condition"]

    assert result.outcome is Outcome.FAILED
    assert result.justification == ""


def test_a_date_without_a_recorded_threshold_fails_threshold_rules_with_a_reason() -> None:
    snapshot = make_snapshot(launch_date=dt.date(2028, 3, 1))

    result = results_by_id(snapshot)["social-execution-condition"]

    assert result.outcome is Outcome.FAILED
    assert "thresholds.yaml" in result.why["en"]
    assert result.action  # the buyer still sees what the rule asks


def test_a_rule_past_its_end_date_does_not_apply(tmp_path: Path) -> None:
    rule = {
        "id": "old-rule",
        "title": {"fr": "Ancienne règle", "en": "Old rule"},
        "legal_basis": [],
        "in_force_from": "2024-01-01",
        "in_force_until": "2025-12-31",
        "verified": True,
        "severity": "advice",
        "applies_when": {},
        "requires": [{"lots_at_least": 2}],
        "message": {"fr": "Allotissez.", "en": "Use lots."},
        "satisfied_by": [],
        "exceptions_allowed": False,
    }
    (tmp_path / "old-rule.yaml").write_text(yaml.safe_dump(rule), encoding="utf-8")

    (result,) = evaluate(make_snapshot(), read_rules(tmp_path))

    assert result.outcome is Outcome.NOT_APPLICABLE
    assert result.why["en"] == (
        "This rule no longer applies after 31 December 2025; "
        "the consultation is launched on 1 October 2026."
    )


def test_summary_counts_outcomes_by_severity() -> None:
    snapshot = make_snapshot(
        estimated_value=900_000,
        justifications={"social-execution-condition": "Solution immédiatement disponible."},
    )
    results = evaluate(snapshot, load_rules())

    counts = summary(results)

    assert sum(counts.by_outcome.values()) == len(results)
    assert counts.by_severity[Severity.BLOCKING][Outcome.JUSTIFIED] == 1
    assert counts.by_outcome[Outcome.FAILED] == counts.to_fix
    assert sorted(counts.blocking_rule_ids) == [
        "env-award-criterion",
        "env-execution-condition",
        "no-price-only-award",
        "sustainable-technical-specifications",
    ]
    assert counts.blocks_download


def test_summary_of_a_compliant_tender_does_not_block() -> None:
    snapshot = make_snapshot(
        clauses=(
            chosen("environmental-execution-condition"),
            chosen("environmental-performance-criterion"),
            chosen("ecolabel-or-equivalent"),
        )
    )

    counts = summary(evaluate(snapshot, load_rules()))

    assert not counts.blocks_download
    assert counts.blocking_rule_ids == ()
    assert counts.by_severity[Severity.BLOCKING][Outcome.FAILED] == 0


def test_summary_of_nothing_is_all_zero() -> None:
    counts = summary([])

    assert set(counts.by_outcome.values()) == {0}
    assert not counts.blocks_download


def test_messages_name_unlabelled_criteria_by_their_kind():
    snapshot = make_snapshot(
        criteria=(
            Criterion(CriterionKind.PRICE, "", Decimal(60)),
            Criterion(CriterionKind.TECHNICAL, "", Decimal(40)),
        )
    )
    result = results_by_id(snapshot)["no-price-only-award"]
    assert "Valeur technique" in result.why["fr"]
    assert "Technical merit" in result.why["en"]
