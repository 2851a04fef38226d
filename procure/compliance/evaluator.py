"""Judging a tender against the rules: a pure function from a snapshot to results."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from procure.compliance import wording as w
from procure.compliance.conditions import Facts
from procure.compliance.results import Outcome, RuleResult, Severity
from procure.compliance.rules import Rule, load_rules
from procure.compliance.thresholds import ThresholdError
from procure.compliance.wording import Bilingual, both
from procure.snapshot import UNSPLIT_RULE, TenderSnapshot

SEVERITY_ORDER = (Severity.BLOCKING, Severity.WARNING, Severity.ADVICE)
OUTCOME_ORDER = (Outcome.FAILED, Outcome.JUSTIFIED, Outcome.PASSED, Outcome.NOT_APPLICABLE)


@dataclass(frozen=True)
class Summary:
    """The checklist in numbers, for a badge or a download button."""

    by_outcome: dict[Outcome, int]
    by_severity: dict[Severity, dict[Outcome, int]]
    blocking_rule_ids: tuple[str, ...]  # failed blocking rules, which stop the download

    @property
    def blocks_download(self) -> bool:
        return bool(self.blocking_rule_ids)

    @property
    def to_fix(self) -> int:
        """Failed rules of any severity."""
        return self.by_outcome[Outcome.FAILED]


def check(
    snapshot: TenderSnapshot, titles: Mapping[str, Bilingual] | None = None
) -> list[RuleResult]:
    """The results of every rule of ``rules/`` for ``snapshot``: what the pages, the
    documents and the CLI show. ``titles`` names the library's clauses by slug, so that
    a message about a clause the tender has not chosen gives its title."""
    return evaluate(snapshot, load_rules(), titles=titles)


def evaluate(
    snapshot: TenderSnapshot,
    rules: Iterable[Rule],
    on_date: dt.date | None = None,
    titles: Mapping[str, Bilingual] | None = None,
) -> list[RuleResult]:
    """One result per rule, blocking rules first, then failures first within a severity.

    On a contract divided into lots, a rule of scope "lot" is judged on each lot's view
    (``snapshot.views()``) and a rule of scope "contract" once; the lots where a rule
    has the same outcome share one result naming them (none when every lot shares it).

    ``on_date`` is the day the tender is judged on; by default the planned launch of
    the consultation, which decides which obligations apply.
    """
    day = on_date or snapshot.purchase.launch_date
    views = snapshot.views()
    names = dict(titles or {})
    results: list[RuleResult] = []
    for rule in rules:
        if rule.scope == "contract" or len(views) == 1:
            results.append(_evaluate_rule(rule, snapshot, day, names))
        else:
            results.extend(_by_lot(rule, views, day, names))
    return sorted(
        results,
        key=lambda result: (
            SEVERITY_ORDER.index(result.severity),
            OUTCOME_ORDER.index(result.outcome),
        ),
    )


def summary(results: Iterable[RuleResult]) -> Summary:
    results = list(results)
    by_outcome = dict.fromkeys(Outcome, 0)
    by_severity = {severity: dict.fromkeys(Outcome, 0) for severity in Severity}
    for result in results:
        by_outcome[result.outcome] += 1
        by_severity[result.severity][result.outcome] += 1
    blocking = tuple(result.rule_id for result in results if result.blocks_download)
    return Summary(by_outcome=by_outcome, by_severity=by_severity, blocking_rule_ids=blocking)


def _by_lot(
    rule: Rule,
    views: list[tuple[int | None, TenderSnapshot]],
    day: dt.date,
    titles: Mapping[str, Bilingual],
) -> list[RuleResult]:
    """One result per outcome of ``rule`` over the lots, naming the lots that have it."""
    by_outcome: dict[Outcome, tuple[RuleResult, list[int]]] = {}
    for lot, view in views:
        result = _evaluate_rule(rule, view, day, titles)
        _first, lots = by_outcome.setdefault(result.outcome, (result, []))
        if lot is not None:
            lots.append(lot)
    if len(by_outcome) == 1:  # every lot alike: a result about the whole contract
        return [first for first, _lots in by_outcome.values()]
    return [dataclasses.replace(first, lots=tuple(lots)) for first, lots in by_outcome.values()]


def _evaluate_rule(
    rule: Rule, snapshot: TenderSnapshot, day: dt.date, titles: Mapping[str, Bilingual]
) -> RuleResult:
    facts = Facts(snapshot=snapshot, on_date=day, satisfied_by=rule.satisfied_by, titles=titles)
    if not rule.is_in_force(day):
        return _result(facts, rule, Outcome.NOT_APPLICABLE, _not_in_force(rule, day))
    try:
        applies = rule.applies_when.check(facts)
        if not applies.holds:
            return _result(facts, rule, Outcome.NOT_APPLICABLE, applies.why)
        verdict = rule.requires.check(facts)
    except ThresholdError:
        return _result(facts, rule, Outcome.FAILED, _threshold_unknown(day), action=rule.message)
    if verdict.holds:
        return _result(facts, rule, Outcome.PASSED, verdict.why)
    justification = snapshot.justifications.get(rule.id, "").strip()
    if rule.id == UNSPLIT_RULE and not justification:
        justification = snapshot.purchase.unsplit_reason.strip()
    if rule.exceptions_allowed and justification:
        return _result(facts, rule, Outcome.JUSTIFIED, verdict.why, justification=justification)
    return _result(facts, rule, Outcome.FAILED, verdict.why, action=rule.message)


def _result(
    facts: Facts,
    rule: Rule,
    outcome: Outcome,
    why: Bilingual,
    *,
    action: Bilingual | None = None,
    justification: str = "",
) -> RuleResult:
    return RuleResult(
        rule_id=rule.id,
        title=dict(rule.title),  # copies: a caller may not change the cached rule
        severity=rule.severity,
        outcome=outcome,
        why=why,
        action=dict(action or {}),
        legal_basis=rule.legal_basis,
        satisfying_clauses=rule.satisfied_by,
        satisfying_titles=tuple(facts.clause_title(slug) for slug in rule.satisfied_by),
        justification=justification,
        verified=rule.verified,
    )


def _not_in_force(rule: Rule, day: dt.date) -> Bilingual:
    launch = w.date(day)
    if day < rule.in_force_from:
        start = w.date(rule.in_force_from)
        return both(
            f"Cette règle s'applique aux consultations lancées à partir du {start['fr']} ; "
            f"celle-ci est lancée le {launch['fr']}.",
            f"This rule applies to consultations launched from {start['en']}; "
            f"this one is launched on {launch['en']}.",
        )
    end = w.date(rule.in_force_until or day)
    return both(
        f"Cette règle ne s'applique plus après le {end['fr']} ; la consultation est lancée "
        f"le {launch['fr']}.",
        f"This rule no longer applies after {end['en']}; the consultation is launched on "
        f"{launch['en']}.",
    )


def _threshold_unknown(day: dt.date) -> Bilingual:
    when = w.date(day)
    return both(
        f"Le seuil européen applicable au {when['fr']} n'est pas enregistré : la règle ne peut "
        "pas être vérifiée. Un administrateur doit compléter procure/compliance/thresholds.yaml.",
        f"The EU threshold for {when['en']} is not recorded, so the rule cannot be checked. "
        "An administrator must update procure/compliance/thresholds.yaml.",
    )
