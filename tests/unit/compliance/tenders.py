"""Factories for compliance tests: a valid tender snapshot, with overrides for what matters."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from procure.compliance import Outcome, RuleResult, evaluate, load_rules
from procure.library.files import read_library
from procure.snapshot import (
    ChosenClause,
    Context,
    Criterion,
    Purchase,
    SubCriterion,
    TenderSnapshot,
)
from procure.vocabulary import (
    ClauseGrouping,
    ClauseKind,
    ContractType,
    CriterionKind,
    OrganisationCategory,
    Pillar,
    Procedure,
    Theme,
)

ROOT = Path(__file__).resolve().parents[3]
CLAUSES = ROOT / "clauses"
CLIMATE_LAW_DAY = dt.date(2026, 8, 21)

_PURCHASE_FIELDS = {f.name for f in dataclasses.fields(Purchase)}
_CONTEXT_FIELDS = {f.name for f in dataclasses.fields(Context)}


def make_purchase(**overrides: Any) -> Purchase:
    """A sub-central office-supplies purchase below the EU threshold, launched after the
    climate law took effect."""
    values: dict[str, Any] = {
        "title": "Fournitures de bureau",
        "organisation_name": "Commune de Test",
        "buyer_category": OrganisationCategory.SUB_CENTRAL,
        "subject": "Fourniture de petites fournitures de bureau",
        "contract_type": ContractType.SUPPLIES,
        "defence_or_security": False,
        "cpv_main": "30192000-1",
        "cpv_additional": (),
        "estimated_value": Decimal(100_000),
        "duration_months": 48,
        "lots": 1,
        "procedure": Procedure.ADAPTED,
        "launch_date": dt.date(2026, 10, 1),
    }
    values.update(overrides)
    values["estimated_value"] = Decimal(values["estimated_value"])
    return Purchase(**values)


def make_snapshot(**overrides: Any) -> TenderSnapshot:
    """A tender snapshot; each override goes to the purchase, the context or the snapshot
    by its name (``estimated_value=…``, ``catering=True``, ``clauses=(…)``)."""
    purchase = {k: v for k, v in overrides.items() if k in _PURCHASE_FIELDS}
    context = {k: v for k, v in overrides.items() if k in _CONTEXT_FIELDS}
    rest = {k: v for k, v in overrides.items() if k not in purchase and k not in context}
    if "labour_share" in context:
        context["labour_share"] = Decimal(context["labour_share"])
    if context.get("annual_purchases") is not None:
        context["annual_purchases"] = Decimal(context["annual_purchases"])
    return TenderSnapshot(purchase=make_purchase(**purchase), context=Context(**context), **rest)


@cache
def _library() -> dict[str, dict[str, Any]]:
    return {clause.id: clause.content for clause in read_library(CLAUSES)}


def chosen(clause_id: str, **values: Any) -> ChosenClause:
    """A clause of the real library, as the wizard would pin it, with the buyer's values."""
    content = _library()[clause_id]
    return ChosenClause(
        clause_id=clause_id,
        version=1,
        kind=ClauseKind(content["kind"]),
        pillars=frozenset(Pillar(p) for p in content["pillars"]),
        themes=frozenset(Theme(t) for t in content["themes"]),
        grouping=ClauseGrouping.RECOMMENDED,
        content=content,
        values=values,
    )


def inline_clause(
    clause_id: str,
    kind: ClauseKind,
    pillars: tuple[Pillar, ...] = (Pillar.ENVIRONMENTAL,),
    themes: tuple[Theme, ...] = (Theme.CROSS_CUTTING,),
    **content: Any,
) -> ChosenClause:
    """A made-up clause for cases the library does not hold."""
    return ChosenClause(
        clause_id=clause_id,
        version=1,
        kind=kind,
        pillars=frozenset(pillars),
        themes=frozenset(themes),
        grouping=ClauseGrouping.ADDED,
        content={"text": {"fr": "Texte.", "en": "Text."}, **content},
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


def clause_criterion(clause_id: str, weight: int) -> Criterion:
    return Criterion(
        kind=CriterionKind.CLAUSE, label=clause_id, weight=Decimal(weight), clause_id=clause_id
    )


def results_by_id(
    snapshot: TenderSnapshot, on_date: dt.date | None = None
) -> dict[str, RuleResult]:
    return {result.rule_id: result for result in evaluate(snapshot, load_rules(), on_date)}


def outcome(rule_id: str, snapshot: TenderSnapshot, on_date: dt.date | None = None) -> Outcome:
    return results_by_id(snapshot, on_date)[rule_id].outcome
