"""Compliance checks: rules as data (``rules/*.yaml``) and a pure evaluator.

    from procure.compliance import evaluate, load_rules, summary

    results = evaluate(snapshot, load_rules())
    if summary(results).blocks_download:
        ...

No Flask, no database: the web, the CLI and the tests call the same functions.
"""

from __future__ import annotations

from procure.compliance.evaluator import Summary, evaluate, summary
from procure.compliance.results import Outcome, RuleResult, Severity
from procure.compliance.rules import (
    RULES_FOLDER,
    Rule,
    RuleFileError,
    check_rule,
    load_rules,
    read_rules,
)
from procure.compliance.thresholds import ThresholdError, applicable_threshold, eu_threshold

__all__ = [
    "RULES_FOLDER",
    "Outcome",
    "Rule",
    "RuleFileError",
    "RuleResult",
    "Severity",
    "Summary",
    "ThresholdError",
    "applicable_threshold",
    "check_rule",
    "eu_threshold",
    "evaluate",
    "load_rules",
    "read_rules",
    "summary",
]
