"""Checks that the chosen clauses make sense together.

The fact base names no article for these; they catch drafting mistakes: a
criterion nobody can verify, a condition nobody follows up, the same requirement
both imposed and scored, two clauses that exclude each other. A rule file runs
one of them with ``requires: [{coherence: <name>}]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import combinations

from procure.compliance import wording as w
from procure.compliance.conditions import Verdict
from procure.compliance.wording import both
from procure.library.content import Bilingual
from procure.snapshot import ChosenClause, TenderSnapshot
from procure.vocabulary import ClauseKind

FAMILY_SUFFIXES = ("-award-criterion", "-specification", "-criterion", "-award")


def award_criteria_verifiable(snapshot: TenderSnapshot) -> Verdict:
    """Every chosen award criterion says how the buyer verifies it."""
    criteria = snapshot.clauses_of_kind(ClauseKind.AWARD_CRITERION)
    missing = _titles(c for c in criteria if not _has_text(c.content.verification))
    if missing["fr"]:
        return Verdict(
            False,
            both(
                f"Ces critères ne disent pas comment vérifier l'offre : {missing['fr']}.",
                f"These criteria do not say how the tender is verified: {missing['en']}.",
            ),
        )
    return Verdict(
        True,
        both(
            "Chaque critère d'attribution retenu précise ses moyens de vérification.",
            "Every chosen award criterion states how it is verified.",
        ),
    )


def execution_conditions_followed_up(snapshot: TenderSnapshot) -> Verdict:
    """Every execution condition has an indicator, a penalty or a monitoring clause."""
    monitoring = snapshot.clauses_of_kind(ClauseKind.MONITORING)
    conditions = snapshot.clauses_of_kind(ClauseKind.EXECUTION_CONDITION)
    missing = _titles(
        clause
        for clause in conditions
        if not (clause.has_kpi or clause.has_penalty or _monitored(clause, monitoring))
    )
    if missing["fr"]:
        return Verdict(
            False,
            both(
                "Ces conditions d'exécution n'ont ni indicateur, ni pénalité, ni clause de "
                f"suivi : {missing['fr']}.",
                "These execution conditions have no indicator, penalty or monitoring clause: "
                f"{missing['en']}.",
            ),
        )
    return Verdict(
        True,
        both(
            "Chaque condition d'exécution retenue a un indicateur, une pénalité ou un suivi.",
            "Every chosen execution condition has an indicator, a penalty or monitoring.",
        ),
    )


def no_double_counting(snapshot: TenderSnapshot) -> Verdict:
    """No requirement is both imposed by a specification and scored by a criterion."""
    specifications = snapshot.clauses_of_kind(ClauseKind.TECHNICAL_SPECIFICATION)
    criteria = snapshot.clauses_of_kind(ClauseKind.AWARD_CRITERION)
    pairs = _pairs(
        (specification, criterion)
        for specification in specifications
        for criterion in criteria
        if _same_requirement(specification, criterion)
    )
    if pairs["fr"]:
        return Verdict(
            False,
            both(
                "Ces spécifications techniques et ces critères portent sur le même sujet : "
                f"{pairs['fr']}.",
                f"These technical specifications and criteria cover the same ground: "
                f"{pairs['en']}.",
            ),
        )
    return Verdict(
        True,
        both(
            "Aucune exigence imposée par une spécification n'est aussi notée par un critère.",
            "No requirement imposed by a specification is also scored by a criterion.",
        ),
    )


def no_excluded_pairs(snapshot: TenderSnapshot) -> Verdict:
    """No two chosen clauses exclude each other."""
    pairs = _pairs(
        (first, second)
        for first, second in combinations(snapshot.clauses, 2)
        if second.slug in first.excludes or first.slug in second.excludes
    )
    if pairs["fr"]:
        return Verdict(
            False,
            both(
                f"Ces clauses s'excluent l'une l'autre : {pairs['fr']}.",
                f"These clauses exclude each other: {pairs['en']}.",
            ),
        )
    return Verdict(
        True,
        both(
            "Aucune clause retenue n'en exclut une autre.",
            "No chosen clause excludes another.",
        ),
    )


def clause_family(slug: str) -> str:
    """The id without its kind suffix: fair-trade-specification and
    fair-trade-award-criterion are both of the family "fair-trade"."""
    for suffix in FAMILY_SUFFIXES:
        if slug.endswith(suffix):
            return slug.removesuffix(suffix)
    return slug


def _same_requirement(specification: ChosenClause, criterion: ChosenClause) -> bool:
    linked = (
        criterion.slug in specification.related_with or specification.slug in criterion.related_with
    )
    same_subject = bool(specification.themes & criterion.themes) and bool(
        specification.pillars & criterion.pillars
    )
    same_family = clause_family(specification.slug) == clause_family(criterion.slug)
    return (linked and same_subject) or same_family


def _monitored(clause: ChosenClause, monitoring: tuple[ChosenClause, ...]) -> bool:
    return any(
        monitor.slug in clause.related_with
        or clause.slug in monitor.related_with
        or bool(monitor.pillars & clause.pillars)
        for monitor in monitoring
    )


def _titles(clauses: Iterable[ChosenClause]) -> Bilingual:
    """The clauses' titles, quoted and joined; empty texts when there are none."""
    return w.quoted(w.title(clause.content.title, clause.slug) for clause in clauses)


def _pairs(pairs: Iterable[tuple[ChosenClause, ChosenClause]]) -> Bilingual:
    """« A » / « B » ; « C » / « D »: pairs of clauses by their titles."""
    slash = both(" / ", " / ")
    said = [w.quoted((w.title(c.content.title, c.slug) for c in pair), slash) for pair in pairs]
    return w.join(said, "; ") if said else both("", "")


def _has_text(texts: Bilingual) -> bool:
    return any(isinstance(text, str) and text.strip() for text in texts.values())


COHERENCE_CHECKS: dict[str, Callable[[TenderSnapshot], Verdict]] = {
    "award_criteria_verifiable": award_criteria_verifiable,
    "execution_conditions_followed_up": execution_conditions_followed_up,
    "no_double_counting": no_double_counting,
    "no_excluded_pairs": no_excluded_pairs,
}
