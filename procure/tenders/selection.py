"""The clauses ticked by default, and the clauses that cannot be chosen together.

A careful buyer keeps the defaults: each obligation met by its single best-fitting
candidate, plus a handful of recommended clauses written for what is bought; every
other clause stays offered, unticked, with its reason. Never two clauses that exclude
each other, never a reservation the buyer did not ask for.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from procure.snapshot import TenderSnapshot
from procure.tenders.fit import LibraryEntry, is_applicable, purchase_families
from procure.tenders.obligations import Obligation, obligations
from procure.tenders.recommend import Recommendation, recommend
from procure.vocabulary import ClauseGrouping, ClauseKind

MAX_RECOMMENDED = 3  # recommended clauses ticked beyond the obligations
NOT_BY_DEFAULT = (ClauseKind.RESERVED_CONTRACT, ClauseKind.SELECTION_CRITERION)


def conflicts(slugs: Iterable[str], library: Sequence[LibraryEntry]) -> list[tuple[str, str]]:
    """Pairs of chosen clauses that exclude each other: one says so (``related.excludes``),
    or both reserve the contract (a contract is reserved to one kind of operator)."""
    by_slug = {entry.slug: entry for entry in library}
    chosen = [by_slug[slug] for slug in dict.fromkeys(slugs) if slug in by_slug]
    pairs = []
    for index, first in enumerate(chosen):
        for second in chosen[index + 1 :]:
            if _exclude(first, second):
                pairs.append((first.slug, second.slug))
    return pairs


def lot_conflicts(
    chosen: Mapping[str, tuple[int, ...]], library: Sequence[LibraryEntry]
) -> list[tuple[str, str]]:
    """``conflicts`` for a contract divided into lots: two clauses exclude each other
    only when they apply to a common lot (``chosen``: slug -> its lots, empty for all);
    lot 2 may be reserved for SIAE and lot 4 for sheltered enterprises."""
    return [
        (first, second)
        for first, second in conflicts(chosen, library)
        if not chosen[first] or not chosen[second] or set(chosen[first]) & set(chosen[second])
    ]


def _exclude(first: LibraryEntry, second: LibraryEntry) -> bool:
    both_reserve = first.kind is second.kind is ClauseKind.RESERVED_CONTRACT
    return (
        both_reserve
        or second.slug in first.content.excludes
        or first.slug in second.content.excludes
    )


def default_selection(
    snapshot: TenderSnapshot,
    library: Sequence[LibraryEntry],
    recommendations: Sequence[Recommendation],
    *,
    duties: Sequence[Obligation] | None = None,
) -> list[str]:
    """The slugs ticked when step 3 opens on a tender with no clause yet."""
    picks = with_obligations_met([], snapshot, library, duties=duties)
    extras = [
        r.entry
        for r in recommendations
        if r.grouping is ClauseGrouping.RECOMMENDED
        and r.entry.kind not in NOT_BY_DEFAULT
        and r.entry.content.families
    ]
    added = 0
    for entry in extras:
        if added == MAX_RECOMMENDED:
            break
        added += _added(entry.slug, picks, library)
    return picks


def default_selection_by_lot(
    snapshot: TenderSnapshot, library: Sequence[LibraryEntry]
) -> dict[str, tuple[int, ...]]:
    """The default selection of each lot, as slug -> the lots it is ticked for (empty:
    every lot, or a contract not divided), in the order the lots first tick them."""
    purchase = snapshot.purchase
    if not purchase.is_divided:
        recommendations = recommend(purchase, snapshot.context, snapshot.ambition, library)
        return dict.fromkeys(default_selection(snapshot, library, recommendations), ())
    ticked: dict[str, list[int]] = {}
    for number, view in snapshot.views():
        bare = dataclasses.replace(view, clauses=())
        recommendations = recommend(view.purchase, view.context, view.ambition, library)
        for slug in default_selection(bare, library, recommendations):
            ticked.setdefault(slug, []).append(number or 0)
    every = len(purchase.lots)
    return {slug: () if len(lots) == every else tuple(lots) for slug, lots in ticked.items()}


def with_obligations_met(
    slugs: Sequence[str],
    snapshot: TenderSnapshot,
    library: Sequence[LibraryEntry],
    *,
    duties: Sequence[Obligation] | None = None,
) -> list[str]:
    """``slugs`` completed with the best candidate of each obligation they leave unmet
    (``duties``: the purchase's obligations, when the caller has them already)."""
    picks = list(dict.fromkeys(slugs))
    if duties is None:
        duties = obligations(dataclasses.replace(snapshot, clauses=()), library)
    # The obligations with the fewest candidates first: a clause the law leaves no choice
    # about often meets a broader obligation too (a vegetarian menu is a specification).
    for obligation in sorted(duties, key=lambda obligation: len(obligation.candidates)):
        _meet(obligation, picks, library)
    return picks


def with_obligations_met_by_lot(
    slugs: Sequence[str], snapshot: TenderSnapshot, library: Sequence[LibraryEntry]
) -> dict[str, tuple[int, ...]]:
    """``with_obligations_met`` lot by lot for a divided contract, as slug -> its lots:
    each of ``slugs`` on the lots whose purchase it fits (on every lot when it fits
    none, as the buyer chose it), then on each lot the best candidate of each
    obligation left unmet there."""
    by_slug = {entry.slug: entry for entry in library}
    views = [
        (number, dataclasses.replace(view, clauses=()))
        for number, view in snapshot.views()
        if number is not None
    ]
    fitting = {
        number: {
            slug
            for slug in slugs
            if slug in by_slug
            and is_applicable(
                by_slug[slug], view.purchase, purchase_families(view.purchase, view.context)
            )
        }
        for number, view in views
    }
    anywhere = set().union(*fitting.values())
    ticked: dict[str, list[int]] = {}
    for number, view in views:
        own = [slug for slug in slugs if slug in fitting[number] or slug not in anywhere]
        for picked in with_obligations_met(own, view, library):
            ticked.setdefault(picked, []).append(number)
    return {slug: tuple(lots) for slug, lots in ticked.items()}


def _meet(obligation: Obligation, picks: list[str], library: Sequence[LibraryEntry]) -> None:
    if any(entry.slug in picks for entry in obligation.candidates):
        return
    for entry in obligation.candidates:
        if entry.kind not in NOT_BY_DEFAULT and _added(entry.slug, picks, library):
            return


def _added(slug: str, picks: list[str], library: Sequence[LibraryEntry]) -> bool:
    """Tick ``slug`` unless it is ticked already or excludes a ticked clause."""
    if slug in picks or conflicts([*picks, slug], library):
        return False
    picks.append(slug)
    return True
