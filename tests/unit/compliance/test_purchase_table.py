"""The obligations a lawyer expects for each purchase of ``tests/data/purchases.yaml``.

Each purchase is built as a tender with no clause chosen, then evaluated; the rules
that apply to it (any outcome but "not applicable") must be exactly the ones the
table lists. Only obligations are compared: rules of severity blocking or warning
that cite a legal basis. Advice, and coherence checks that cite no article, are
left out (the table's header says why).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from procure.compliance import Outcome, RuleResult, Severity, evaluate, load_rules
from procure.snapshot import TenderSnapshot
from procure.vocabulary import ContractType, Objective, OrganisationCategory, Procedure
from tests.factories import make_snapshot

TABLE = Path(__file__).resolve().parents[2] / "data" / "purchases.yaml"
OBLIGATION_SEVERITIES = (Severity.BLOCKING, Severity.WARNING)


def _purchases() -> list[dict[str, Any]]:
    return list(yaml.safe_load(TABLE.read_text(encoding="utf-8"))["purchases"])


PURCHASES = _purchases()


def snapshot_of(entry: dict[str, Any]) -> TenderSnapshot:
    """The tender of a table entry: its step-1 and step-2 answers, no clause."""
    purchase = dict(entry["purchase"])
    context = dict(entry.get("context") or {})
    for name, vocabulary in (
        ("buyer_category", OrganisationCategory),
        ("contract_type", ContractType),
        ("procedure", Procedure),
    ):
        if name in purchase:
            purchase[name] = vocabulary(purchase[name])
    purchase["cpv_additional"] = tuple(purchase.get("cpv_additional") or ())
    context["objectives"] = frozenset(Objective(o) for o in context.get("objectives") or ())
    context["works"] = frozenset(context.get("works") or ())
    return make_snapshot(**purchase, **context)


def is_obligation(result: RuleResult) -> bool:
    return result.severity in OBLIGATION_SEVERITIES and bool(result.legal_basis)


def test_the_table_holds_at_least_30_distinct_purchases() -> None:
    ids = [entry["id"] for entry in PURCHASES]

    assert len(ids) >= 30
    assert len(set(ids)) == len(ids)
    assert all(entry["why"].strip() for entry in PURCHASES)


def test_the_table_names_only_obligation_rules() -> None:
    obligations = {
        rule.id
        for rule in load_rules()
        if rule.severity in OBLIGATION_SEVERITIES and rule.legal_basis
    }

    for entry in PURCHASES:
        assert set(entry["expected_obligations"]) <= obligations, entry["id"]


@pytest.mark.parametrize("entry", PURCHASES, ids=[entry["id"] for entry in PURCHASES])
def test_a_purchase_gets_the_obligations_a_lawyer_expects(entry: dict[str, Any]) -> None:
    results = evaluate(snapshot_of(entry), load_rules())

    applying = {
        result.rule_id
        for result in results
        if is_obligation(result) and result.outcome is not Outcome.NOT_APPLICABLE
    }

    assert applying == set(entry["expected_obligations"]), entry["why"]
