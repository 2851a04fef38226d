"""Checks that the chosen clauses make sense together.

The fact base names no article for these; they catch drafting mistakes: a
criterion nobody can verify, a condition nobody follows up, the same requirement
both imposed and scored, two clauses that exclude each other. A rule file runs
one of them with ``requires: [{coherence: <name>}]``.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

from procure.compliance.conditions import Verdict
from procure.compliance.wording import both
from procure.library.content import Bilingual
from procure.snapshot import ChosenClause, TenderSnapshot
from procure.vocabulary import ClauseKind

FAMILY_SUFFIXES = ("-award-criterion", "-specification", "-criterion", "-award")


def award_criteria_verifiable(snapshot: TenderSnapshot) -> Verdict:
    """Every chosen award criterion says how the buyer verifies it."""
    criteria = snapshot.clauses_of_kind(ClauseKind.AWARD_CRITERION)
    missing = [clause.slug for clause in criteria if not _has_text(clause.content.verification)]
    if missing:
        return Verdict(
            False,
            both(
                f"Ces critères ne disent pas comment vérifier l'offre : {', '.join(missing)}.",
                f"These criteria do not say how the tender is verified: {', '.join(missing)}.",
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
    missing = [
        clause.slug
        for clause in conditions
        if not (clause.has_kpi or clause.has_penalty or _monitored(clause, monitoring))
    ]
    if missing:
        return Verdict(
            False,
            both(
                "Ces conditions d'exécution n'ont ni indicateur, ni pénalité, ni clause de "
                f"suivi : {', '.join(missing)}.",
                "These execution conditions have no indicator, penalty or monitoring clause: "
                f"{', '.join(missing)}.",
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
    pairs = [
        f"{specification.slug} / {criterion.slug}"
        for specification in specifications
        for criterion in criteria
        if _same_requirement(specification, criterion)
    ]
    if pairs:
        return Verdict(
            False,
            both(
                "Ces spécifications techniques et ces critères portent sur le même sujet : "
                f"{'; '.join(pairs)}.",
                f"These technical specifications and criteria cover the same ground: "
                f"{'; '.join(pairs)}.",
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
    pairs = [
        f"{first.slug} / {second.slug}"
        for first, second in combinations(snapshot.clauses, 2)
        if second.slug in first.excludes or first.slug in second.excludes
    ]
    if pairs:
        return Verdict(
            False,
            both(
                f"Ces clauses s'excluent l'une l'autre : {'; '.join(pairs)}.",
                f"These clauses exclude each other: {'; '.join(pairs)}.",
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


def _has_text(texts: Bilingual) -> bool:
    return any(isinstance(text, str) and text.strip() for text in texts.values())


COHERENCE_CHECKS: dict[str, Callable[[TenderSnapshot], Verdict]] = {
    "award_criteria_verifiable": award_criteria_verifiable,
    "execution_conditions_followed_up": execution_conditions_followed_up,
    "no_double_counting": no_double_counting,
    "no_excluded_pairs": no_excluded_pairs,
}
