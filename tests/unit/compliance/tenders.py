"""Helpers for compliance tests: made-up clauses, criteria, and each rule's result.

Snapshots and library clauses come from ``tests.factories`` (``make_snapshot``, ``chosen``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from procure.compliance import Outcome, RuleResult, evaluate, load_rules
from procure.library.content import ClauseContent
from procure.snapshot import (
    ChosenClause,
    Criterion,
    SubCriterion,
    TenderSnapshot,
)
from procure.vocabulary import (
    Ambition,
    ClauseGrouping,
    ClauseKind,
    CriterionKind,
    Pillar,
    Theme,
)
from tests.factories import clause_library

ROOT = Path(__file__).resolve().parents[3]
CLAUSES = ROOT / "clauses"
CLIMATE_LAW_DAY = dt.date(2026, 8, 21)


def inline_clause(
    slug: str,
    kind: ClauseKind,
    pillars: tuple[Pillar, ...] = (Pillar.ENVIRONMENTAL,),
    themes: tuple[Theme, ...] = (Theme.CROSS_CUTTING,),
    **content: Any,
) -> ChosenClause:
    """A made-up clause for cases the library does not hold."""
    return ChosenClause(
        slug=slug,
        version=1,
        kind=kind,
        pillars=frozenset(pillars),
        themes=frozenset(themes),
        grouping=ClauseGrouping.ADDED,
        content=ClauseContent.from_mapping(
            {
                "kind": kind,
                "ambition": Ambition.CORE,
                "pillars": pillars,
                "themes": themes,
                "text": {"fr": "Texte.", "en": "Text."},
                **content,
            }
        ),
    )


def price(weight: int) -> Criterion:
    return Criterion(kind=CriterionKind.PRICE, label="Prix", weight=Decimal(weight))


def technical(weight: int, *subweights: int) -> Criterion:
    return Criterion(
        kind=CriterionKind.TECHNICAL,
        label="Valeur technique",
        weight=Decimal(weight),
        subcriteria=tuple(
            SubCriterion(label=f"Sous-critère {n}", weight=Decimal(w))
            for n, w in enumerate(subweights, 1)
        ),
    )


def clause_criterion(slug: str, weight: int) -> Criterion:
    return Criterion(kind=CriterionKind.CLAUSE, label=slug, weight=Decimal(weight), slug=slug)


def library_titles() -> dict[str, dict[str, str]]:
    """The real library's titles by slug, as the web app and the CLI pass them to ``check``."""
    return {slug: dict(clause.content["title"]) for slug, clause in clause_library().items()}


def results_by_id(
    snapshot: TenderSnapshot, on_date: dt.date | None = None
) -> dict[str, RuleResult]:
    results = evaluate(snapshot, load_rules(), on_date, titles=library_titles())
    return {result.rule_id: result for result in results}


def outcome(rule_id: str, snapshot: TenderSnapshot, on_date: dt.date | None = None) -> Outcome:
    return results_by_id(snapshot, on_date)[rule_id].outcome
