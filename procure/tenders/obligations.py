"""What the law asks of this purchase, and which library clauses can meet it.

The law asks for *at least one* clause of a kind (an environmental execution condition,
an environmental award criterion, a social condition above the EU thresholds…), not for
a given clause. Each obligation is a compliance rule (``procure/compliance/rules``) that
applies to the purchase and asks for a clause; its candidates are the library clauses
that fit what is bought and would meet it, the best first. The compliance checklist
and step 3 therefore read the same rules.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from procure.compliance import Outcome, Rule, evaluate, load_rules
from procure.compliance.requirements import clause_selectors
from procure.compliance.wording import Bilingual
from procure.library.legal import LegalReference, cite, find_reference
from procure.snapshot import TenderSnapshot
from procure.tenders.fit import (
    AMBITION_RANK,
    LibraryEntry,
    is_applicable,
    purchase_families,
)


@dataclass(frozen=True)
class Obligation:
    """A rule that applies to the purchase and asks for a clause."""

    rule_id: str
    title: Bilingual
    legal_basis: tuple[tuple[str, str | None], ...]
    blocking: bool
    candidates: tuple[LibraryEntry, ...]  # fitting library clauses, the best first
    satisfied_by: tuple[str, ...]  # slugs of the chosen clauses that meet it
    # A divided contract: the lots the obligation applies to, and those of them that no
    # chosen clause meets yet (both empty for a contract not divided).
    lots: tuple[int, ...] = ()
    unmet_lots: tuple[int, ...] = ()

    def citation(self, language: str) -> str:
        """The legal basis in short forms: "CCP, art. L. 2112-2 ; Loi n° 2021-1104, art. 35"."""
        separator = " ; " if language == "fr" else "; "
        return separator.join(
            cite(code, article, language, short=True) for code, article in self.legal_basis
        )

    @property
    def references(self) -> tuple[LegalReference, ...]:
        """The catalogue's references of the legal basis, for pages that link them."""
        found = (find_reference(code, article) for code, article in self.legal_basis)
        return tuple(reference for reference in found if reference is not None)


def obligations(
    snapshot: TenderSnapshot,
    library: Sequence[LibraryEntry],
    rules: Sequence[Rule] | None = None,
) -> list[Obligation]:
    """The obligations of the purchase, in the rules' order (blocking first).

    Whether a rule applies is judged on the purchase alone, before any clause is
    chosen: a rule that a chosen clause triggers (a reservation's own conditions) is
    not an obligation to choose a clause."""
    rules = load_rules() if rules is None else rules
    families = purchase_families(snapshot.purchase, snapshot.context)
    fitting = [entry for entry in library if is_applicable(entry, snapshot.purchase, families)]
    bare = dataclasses.replace(snapshot, clauses=(), criteria=())
    applying = {
        result.rule_id
        for result in evaluate(bare, rules)
        if result.outcome is not Outcome.NOT_APPLICABLE
    }
    found = []
    for rule in rules:
        selectors = clause_selectors(rule.requires)
        if rule.id not in applying or not selectors or not rule.legal_basis:
            continue
        candidates = [e for e in fitting if any(s.matches(e) for s in selectors)]
        found.append(
            Obligation(
                rule_id=rule.id,
                title=rule.title,
                legal_basis=rule.legal_basis,
                blocking=rule.severity.value == "blocking",
                candidates=tuple(sorted(candidates, key=_preference(rule))),
                satisfied_by=tuple(
                    clause.slug
                    for clause in snapshot.clauses
                    if any(s.matches(clause) for s in selectors)
                ),
            )
        )
    return sorted(found, key=lambda obligation: not obligation.blocking)


def obligations_by_lot(
    snapshot: TenderSnapshot,
    library: Sequence[LibraryEntry],
    rules: Sequence[Rule] | None = None,
) -> list[Obligation]:
    """``obligations`` for a contract, lot by lot when it is divided: each lot is judged
    as a contract of its own (its codes and labour share, the thresholds on the whole
    value) with the chosen clauses that apply to it. An obligation names the lots it
    applies to and those no chosen clause meets yet; its candidates are those of every
    lot, the first lot's best first."""
    if not snapshot.purchase.is_divided:
        return obligations(snapshot, library, rules)
    rules = load_rules() if rules is None else rules
    merged: dict[str, Obligation] = {}
    for number in snapshot.purchase.lot_numbers:
        for duty in obligations(snapshot.for_lot(number), library, rules):
            kept = merged.get(duty.rule_id)
            unmet = () if duty.satisfied_by else (number,)
            if kept is None:
                merged[duty.rule_id] = dataclasses.replace(duty, lots=(number,), unmet_lots=unmet)
                continue
            known = {entry.slug for entry in kept.candidates}
            merged[duty.rule_id] = dataclasses.replace(
                kept,
                candidates=(*kept.candidates, *(e for e in duty.candidates if e.slug not in known)),
                satisfied_by=tuple(dict.fromkeys((*kept.satisfied_by, *duty.satisfied_by))),
                lots=(*kept.lots, number),
                unmet_lots=(*kept.unmet_lots, *unmet),
            )
    return sorted(merged.values(), key=lambda obligation: not obligation.blocking)


def _preference(rule: Rule) -> Callable[[LibraryEntry], tuple[bool, bool, int, int, str]]:
    """Best candidate first: the clauses the rule names (a lawyer's list, in its order),
    those written for this trade (they declare families) before generic ones; then the
    other fitting clauses, the same way; the least demanding first."""
    named = {slug: index for index, slug in enumerate(rule.satisfied_by)}

    def key(entry: LibraryEntry) -> tuple[bool, bool, int, int, str]:
        return (
            entry.slug not in named,
            not entry.content.families,
            named.get(entry.slug, len(named)),
            AMBITION_RANK[entry.ambition],
            entry.slug,
        )

    return key
