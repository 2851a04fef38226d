"""Compliance checks: rules as data (``rules/*.yaml``) and a pure evaluator.

    from procure.compliance import check, summary

    results = check(snapshot)  # or evaluate(snapshot, rules) with rules of your own
    if summary(results).blocks_download:
        ...

No Flask, no database: the web, the CLI and the tests call the same functions.
"""

from __future__ import annotations

from procure.compliance.evaluator import Summary, check, evaluate, summary
from procure.compliance.results import Outcome, RuleResult, Severity
from procure.compliance.rules import (
    RULES_FOLDER,
    Rule,
    RuleFileError,
    check_rule,
    load_rules,
    read_rules,
)
from procure.compliance.thresholds import (
    ThresholdError,
    applicable_threshold,
    eu_threshold,
    social_services_list,
)

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
    "check",
    "check_rule",
    "eu_threshold",
    "evaluate",
    "load_rules",
    "read_rules",
    "social_services_list",
    "summary",
]
