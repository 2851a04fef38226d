"""Compliance on a contract divided into lots: per-lot rules on each lot, contract rules
once, results merged by outcome and naming their lots."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from procure.compliance import Outcome, check, check_rule, load_rules, summary
from procure.compliance.rules import RULES_FOLDER
from procure.snapshot import ChosenClause
from tests.factories import chosen, make_snapshot

CONTRACT_RULES = {
    "lots-sme-access",
    "spaser-adopted",
    "labels-or-equivalent",
    "execution-conditions-followed-up",
}


def on_lots(clause: ChosenClause, *lots: int) -> ChosenClause:
    return dataclasses.replace(clause, lots=lots)


def results_of(snapshot, rule_id):  # type: ignore[no-untyped-def]
    return [result for result in check(snapshot) if result.rule_id == rule_id]


def test_a_social_condition_on_lot_1_only_leaves_lot_2_failing_above_the_eu_threshold():
    snapshot = make_snapshot(
        estimated_value=900_000, lots=2, clauses=(on_lots(chosen("insertion-hours"), 1),)
    )

    results = {r.outcome: r for r in results_of(snapshot, "social-execution-condition")}

    assert set(results) == {Outcome.FAILED, Outcome.PASSED}
    assert results[Outcome.FAILED].lots == (2,)
    assert results[Outcome.PASSED].lots == (1,)
    assert results[Outcome.FAILED].lots_label("fr") == "Lot 2"
    assert "social-execution-condition" in summary(check(snapshot)).blocking_rule_ids


def test_a_rule_with_the_same_outcome_on_every_lot_gives_one_result_for_the_contract():
    snapshot = make_snapshot(estimated_value=900_000, lots=3, clauses=(chosen("insertion-hours"),))

    [result] = results_of(snapshot, "social-execution-condition")

    assert result.outcome is Outcome.PASSED
    assert result.lots == ()
    assert "social-execution-condition" not in summary(check(snapshot)).blocking_rule_ids


def test_lots_sharing_an_outcome_are_named_together():
    snapshot = make_snapshot(
        estimated_value=900_000, lots=3, clauses=(on_lots(chosen("insertion-hours"), 2),)
    )

    failed = next(
        r for r in results_of(snapshot, "social-execution-condition") if r.outcome == "failed"
    )

    assert failed.lots == (1, 3)
    assert failed.lots_label("fr") == "Lots 1 et 3"
    assert failed.lots_label("en") == "Lots 1 and 3"


def test_contract_rules_are_judged_once_on_a_divided_contract():
    snapshot = make_snapshot(
        estimated_value=900_000, lots=3, clauses=(on_lots(chosen("insertion-hours"), 2),)
    )

    results = check(snapshot)

    assert {rule.id for rule in load_rules() if rule.scope == "contract"} == CONTRACT_RULES
    for rule_id in CONTRACT_RULES:
        [result] = [r for r in results if r.rule_id == rule_id]
        assert result.lots == ()


def test_an_undivided_contract_gets_one_result_per_rule_without_lots():
    results = check(make_snapshot(estimated_value=900_000))

    assert len(results) == len(load_rules())
    assert all(result.lots == () for result in results)


def test_lots_sme_access_fails_on_an_undivided_contract_without_a_reason():
    [result] = results_of(make_snapshot(), "lots-sme-access")

    assert result.outcome is Outcome.FAILED


def test_lots_sme_access_is_justified_by_the_reason_for_not_dividing():
    snapshot = make_snapshot(unsplit_reason="Une seule prestation indivisible.")

    [result] = results_of(snapshot, "lots-sme-access")

    assert result.outcome is Outcome.JUSTIFIED
    assert result.justification == "Une seule prestation indivisible."


def test_lots_sme_access_passes_on_a_divided_contract():
    [result] = results_of(make_snapshot(lots=2), "lots-sme-access")

    assert result.outcome is Outcome.PASSED
    assert result.lots == ()


def rule_data(rule_id: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((RULES_FOLDER / f"{rule_id}.yaml").read_text(encoding="utf-8"))


def test_a_rule_file_with_an_unknown_scope_is_refused_naming_the_field():
    data = rule_data("spaser-adopted")
    data["scope"] = "tender"
    path = str(Path("rules") / "spaser-adopted.yaml")

    rule, problems = check_rule(path, {**data, "in_force_from": str(data["in_force_from"])})

    assert rule is None
    assert [p.field for p in problems] == ["scope"]
    assert "lot, contract" in problems[0].message


def test_the_scope_defaults_to_lot():
    data = rule_data("social-execution-condition")
    path = str(Path("rules") / "social-execution-condition.yaml")

    rule, problems = check_rule(path, {**data, "in_force_from": str(data["in_force_from"])})

    assert problems == []
    assert rule is not None
    assert rule.scope == "lot"
