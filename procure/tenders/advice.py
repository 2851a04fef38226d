"""The whole judgement on one tender, as the guided form makes it: the obligations of
the purchase and the clauses that can meet each, the recommendations by group with
their reasons, the default selection, and the compliance results of the tender.

Plain data for the ``recommend`` command (text or JSON) and for tests; no Flask.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from procure.compliance import RuleResult, check
from procure.snapshot import TenderSnapshot
from procure.tenders.fit import LibraryEntry, clause_titles
from procure.tenders.obligations import Obligation, obligations_by_lot
from procure.tenders.recommend import Recommendation, recommend_by_lot
from procure.tenders.selection import default_selection_by_lot
from procure.vocabulary import ClauseGrouping

GROUPS = (ClauseGrouping.MANDATORY, ClauseGrouping.RECOMMENDED, ClauseGrouping.POSSIBLE)


@dataclass(frozen=True)
class Advice:
    snapshot: TenderSnapshot  # the tender as given
    # ``satisfied_by``: the tender's chosen clauses; lot by lot for a divided contract
    obligations: tuple[Obligation, ...]
    recommendations: tuple[Recommendation, ...]  # grouped, best first, lot by lot
    default_selection: tuple[str, ...]  # slugs the guided form ticks (on some lot)
    compliance: tuple[RuleResult, ...]  # of the tender as given
    auto: bool = False  # the tender takes the default selection (``clauses: auto``)

    def group(self, grouping: ClauseGrouping) -> list[Recommendation]:
        return [r for r in self.recommendations if r.grouping is grouping]

    @property
    def chosen(self) -> tuple[str, ...]:
        return tuple(clause.slug for clause in self.snapshot.clauses)

    def as_json(self, language: str) -> dict[str, Any]:
        """One JSON-ready document; the keys are stable, the texts in ``language``."""
        purchase = self.snapshot.purchase
        return {
            "tender": {
                "title": purchase.title,
                "reference": purchase.reference,
                "ambition": self.snapshot.ambition.value,
                "clauses_auto": self.auto,
                "clauses": list(self.chosen),
            },
            "obligations": [
                {
                    "rule": obligation.rule_id,
                    "title": obligation.title[language],
                    "legal_basis": obligation.citation(language),
                    "blocking": obligation.blocking,
                    "candidates": [entry.slug for entry in obligation.candidates],
                    "met_by": list(obligation.satisfied_by),
                    # divided contract: the lots it applies to, those no clause meets
                    "lots": list(obligation.lots),
                    "unmet_lots": list(obligation.unmet_lots),
                }
                for obligation in self.obligations
            ],
            "recommendations": {
                grouping.value: [
                    {
                        "clause": r.entry.slug,
                        "reason": r.reason(language),
                        # divided contract: the lots it fits, with its group in each
                        "lots": {str(n): g.value for n, g in sorted(r.lots.items())},
                    }
                    for r in self.group(grouping)
                ]
                for grouping in GROUPS
            },
            "default_selection": list(self.default_selection),
            "compliance": [
                {
                    "rule": result.rule_id,
                    "severity": result.severity.value,
                    "outcome": result.outcome.value,
                    "why": result.why[language],
                }
                for result in self.compliance
            ],
        }


def advise(
    snapshot: TenderSnapshot, library: Sequence[LibraryEntry], *, auto: bool = False
) -> Advice:
    """What procure advises for ``snapshot``'s purchase, and how its clauses fare
    (``auto``: its clauses are the default selection, as ``clauses: auto`` asks)."""
    purchase, context = snapshot.purchase, snapshot.context
    recommendations = recommend_by_lot(purchase, context, snapshot.ambition, library)
    return Advice(
        snapshot=snapshot,
        obligations=tuple(obligations_by_lot(snapshot, library)),
        recommendations=tuple(recommendations),
        default_selection=tuple(default_selection_by_lot(snapshot, library)),
        compliance=tuple(check(snapshot, clause_titles(library))),
        auto=auto,
    )
