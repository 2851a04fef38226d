"""The share of an organisation's tenders, by count and by estimated value, that hold at
least one social clause, at least one environmental clause, both, and each alone.

A tender counts once its step 1 is saved (it then has a contract type, CPV codes, an
estimated value, a buyer category and a planned launch date), whatever its status. Its
year is that of its planned launch; its buyer category the one answered at step 1; its
purchase families those procure derives from its CPV codes and answers
(``purchase_families``), so a tender of two families counts in both rows. A clause is
social or environmental by its version's pillars; a clause of both pillars counts for
both.

``tender_facts`` reads one organisation's tenders in three queries, whatever their
number; ``tally`` is plain Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from procure.models import ClauseVersion, Tender, TenderClause
from procure.snapshot import Context
from procure.tenders.fit import purchase_families
from procure.tenders.snapshots import context_of, purchase_of
from procure.vocabulary import Pillar

DIMENSIONS = ("year", "contract_type", "family", "buyer_category")
# At least one social clause, at least one environmental clause, both, and each alone.
GROUPS = ("social", "environmental", "both", "social_only", "environmental_only")
NO_FAMILY = "none"


@dataclass(frozen=True)
class TenderFacts:
    """What the statistics need of one tender."""

    year: int
    contract_type: str
    families: frozenset[str]
    buyer_category: str
    value: Decimal
    social: bool
    environmental: bool

    def is_in(self, group: str) -> bool:
        return {
            "social": self.social,
            "environmental": self.environmental,
            "both": self.social and self.environmental,
            "social_only": self.social and not self.environmental,
            "environmental_only": self.environmental and not self.social,
        }[group]

    def keys(self, dimension: str) -> tuple[str, ...]:
        if dimension == "year":
            return (str(self.year),)
        if dimension == "family":
            return tuple(sorted(self.families)) or (NO_FAMILY,)
        return (getattr(self, dimension),)


@dataclass
class Row:
    """The tenders of one year, contract type, family or buyer category (or all)."""

    dimension: str
    key: str
    tenders: int = 0
    value: Decimal = Decimal(0)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GROUPS, 0))
    values: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(GROUPS, Decimal(0)))

    def add(self, facts: TenderFacts) -> None:
        self.tenders += 1
        self.value += facts.value
        for group in GROUPS:
            if facts.is_in(group):
                self.counts[group] += 1
                self.values[group] += facts.value

    def share(self, group: str) -> Decimal:
        """Percent of the row's tenders in ``group``, to one decimal."""
        return percent(Decimal(self.counts[group]), Decimal(self.tenders))

    def value_share(self, group: str) -> Decimal:
        """Percent of the row's estimated value in ``group``'s tenders, to one decimal."""
        return percent(self.values[group], self.value)


def percent(part: Decimal, whole: Decimal) -> Decimal:
    if not whole:
        return Decimal(0)
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Statistics:
    total: Row
    sections: dict[str, list[Row]]

    def rows(self) -> list[Row]:
        """Every row, the total first: what the exports write."""
        return [self.total, *(row for dimension in DIMENSIONS for row in self.sections[dimension])]


def tally(facts: Iterable[TenderFacts]) -> Statistics:
    total = Row("total", "all")
    found: dict[str, dict[str, Row]] = {dimension: {} for dimension in DIMENSIONS}
    for tender in facts:
        total.add(tender)
        for dimension in DIMENSIONS:
            for key in tender.keys(dimension):
                found[dimension].setdefault(key, Row(dimension, key)).add(tender)
    return Statistics(
        total=total,
        sections={
            dimension: [rows[key] for key in sorted(rows)] for dimension, rows in found.items()
        },
    )


def tender_facts(session: Session, organisation_id: int) -> list[TenderFacts]:
    """The facts of every tender of the organisation whose step 1 is saved."""
    tenders = list(session.scalars(select(Tender).where(Tender.organisation_id == organisation_id)))
    chosen = session.execute(
        select(TenderClause.tender_id, TenderClause.clause_version_id)
        .join(Tender)
        .where(Tender.organisation_id == organisation_id)
    ).all()
    pillars: dict[int, set[str]] = {}
    for version in session.execute(
        select(ClauseVersion.id, ClauseVersion.content).where(
            ClauseVersion.id.in_({version_id for _, version_id in chosen})
        )
    ):
        pillars[version.id] = set(version.content.get("pillars") or ())
    by_tender: dict[int, set[str]] = defaultdict(set)
    for tender_id, version_id in chosen:
        by_tender[tender_id] |= pillars.get(version_id, set())
    facts = []
    for tender in tenders:
        purchase = purchase_of(tender)
        if purchase is None:
            continue
        families = purchase_families(purchase, context_of(tender) or Context())
        facts.append(
            TenderFacts(
                year=purchase.launch_date.year,
                contract_type=purchase.contract_type.value,
                families=frozenset(family.value for family in families),
                buyer_category=purchase.buyer_category.value,
                value=purchase.estimated_value,
                social=Pillar.SOCIAL in by_tender[tender.id],
                environmental=Pillar.ENVIRONMENTAL in by_tender[tender.id],
            )
        )
    return facts


def organisation_statistics(session: Session, organisation_id: int) -> Statistics:
    return tally(tender_facts(session, organisation_id))
