"""The ``requires`` vocabulary: what must hold for a rule to pass.

``requires`` is a list of one-key mappings that must all hold; ``any_of`` takes
a list of such mappings, one of which must hold::

    requires:
      - any_of:
          - clauses: {kinds: [award_criterion], pillars: [environmental]}
          - criterion: {pillars: [environmental]}

Each name in ``REQUIREMENTS`` checks its argument when the rule file is loaded
and reads the tender when the rule is evaluated.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from procure.compliance import wording as w
from procure.compliance.coherence import COHERENCE_CHECKS
from procure.compliance.conditions import (
    ANY_OF,
    AllOf,
    AnyOf,
    Facts,
    Node,
    Test,
    Verdict,
    Word,
    parse_count,
    parse_cpv,
    parse_test,
    parse_true,
)
from procure.compliance.fields import FieldChecker
from procure.compliance.wording import Bilingual, both
from procure.library.text import VARIABLE_PATTERN
from procure.snapshot import DEFAULT_HOURLY_COST, ChosenClause, TenderSnapshot
from procure.vocabulary import ClauseKind, CriterionKind, Pillar, Theme, VariableType

HUNDRED = Decimal(100)
SELECTOR_FIELDS = {"ids", "kinds", "pillars", "themes"}


class Classified(Protocol):
    """A clause as selectors see it: a chosen clause, or a library entry to offer."""

    @property
    def slug(self) -> str: ...
    @property
    def kind(self) -> ClauseKind: ...
    @property
    def pillars(self) -> AbstractSet[str]: ...
    @property
    def themes(self) -> AbstractSet[str]: ...


@dataclass(frozen=True)
class Selector:
    """Which chosen clauses a requirement looks at; every given filter must match."""

    ids: tuple[str, ...] = ()
    kinds: tuple[ClauseKind, ...] = ()
    pillars: tuple[Pillar, ...] = ()
    themes: tuple[Theme, ...] = ()

    def matches(self, clause: Classified) -> bool:
        return (
            (not self.ids or clause.slug in self.ids)
            and (not self.kinds or clause.kind in self.kinds)
            and (not self.pillars or bool(clause.pillars & set(self.pillars)))
            and (not self.themes or bool(clause.themes & set(self.themes)))
        )

    def chosen(self, snapshot: TenderSnapshot) -> list[ChosenClause]:
        return [clause for clause in snapshot.clauses if self.matches(clause)]

    def describe(self, facts: Facts) -> Bilingual:
        """The clauses wanted, in words; those named by id are named by their titles."""
        parts: list[Bilingual] = []
        if self.kinds:
            kinds = w.names(w.KINDS, self.kinds)
            parts.append(both(f"de type {kinds['fr']}", kinds["en"]))
        if self.pillars:
            pillars = w.names(w.PILLARS, self.pillars)
            parts.append(both(f"volet {pillars['fr']}", f"{pillars['en']} pillar"))
        if self.themes:
            themes = w.names(w.THEMES, self.themes)
            parts.append(both(f"thème {themes['fr']}", f"theme {themes['en']}"))
        if self.ids:
            titles = w.quoted(facts.clause_title(slug) for slug in self.ids)
            parts.append(both(f"parmi {titles['fr']}", f"among {titles['en']}"))
        return w.join(parts, ", ")


@dataclass(frozen=True)
class ClauseCount:
    selector: Selector
    minimum: int


@dataclass(frozen=True)
class ClauseValues:
    clause: str
    at_least: tuple[tuple[str, Decimal], ...]
    at_most: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class TextMentions:
    selector: Selector
    if_any: tuple[str, ...]
    all_of: tuple[str, ...]
    any_of: tuple[str, ...]


@dataclass(frozen=True)
class InsertionHours:
    """hours ≈ value × labour share × insertion rate ÷ hourly cost (FACTS §4)."""

    clause: str
    hours_variable: str
    rate_variable: str | None
    rate: Decimal | None
    hourly_cost: Decimal | None  # None: the tender's own, else DEFAULT_HOURLY_COST
    per_year: bool
    tolerance_percent: Decimal


def parse_requirements(checker: FieldChecker, field_name: str, data: Any) -> Node | None:
    """A ``requires`` list; every item must hold."""
    if not isinstance(data, list) or not data:
        checker.problem(field_name, "must be a non-empty list of one-key mappings")
        return None
    parts = [
        _parse_item(checker, f"{field_name}[{index}]", item) for index, item in enumerate(data)
    ]
    if any(part is None for part in parts):
        return None
    return AllOf(tuple(part for part in parts if part is not None))


def _parse_item(checker: FieldChecker, field_name: str, item: Any) -> Node | None:
    if not isinstance(item, dict) or len(item) != 1:
        checker.problem(field_name, "must be a mapping with exactly one requirement")
        return None
    ((name, value),) = item.items()
    if name == ANY_OF:
        if not isinstance(value, list) or len(value) < 2:
            checker.problem(f"{field_name}.{ANY_OF}", "must list at least two requirements")
            return None
        parts = [
            _parse_item(checker, f"{field_name}.{ANY_OF}[{index}]", part)
            for index, part in enumerate(value)
        ]
        if any(part is None for part in parts):
            return None
        return AnyOf(tuple(part for part in parts if part is not None))
    return parse_test(checker, f"{field_name}.{name}", REQUIREMENTS, name, value)


# -- argument parsers -------------------------------------------------------------


def _parse_selector(
    checker: FieldChecker, field_name: str, data: dict[str, Any]
) -> Selector | None:
    if not SELECTOR_FIELDS & set(data):
        checker.problem(field_name, "must say which clauses: ids, kinds, pillars and/or themes")
        return None
    ids = checker.clause_slug_list(f"{field_name}.ids", data["ids"]) if "ids" in data else ()
    kinds = (
        checker.members(f"{field_name}.kinds", data["kinds"], ClauseKind) if "kinds" in data else ()
    )
    pillars = (
        checker.members(f"{field_name}.pillars", data["pillars"], Pillar)
        if "pillars" in data
        else ()
    )
    themes = (
        checker.members(f"{field_name}.themes", data["themes"], Theme) if "themes" in data else ()
    )
    if ids is None or kinds is None or pillars is None or themes is None:
        return None
    return Selector(ids=ids, kinds=kinds, pillars=pillars, themes=themes)


def _parse_clauses(checker: FieldChecker, field_name: str, value: Any) -> ClauseCount | None:
    data = checker.mapping(field_name, value, {"min", *SELECTOR_FIELDS})
    if data is None:
        return None
    selector = _parse_selector(checker, field_name, data)
    minimum = checker.whole_number(f"{field_name}.min", data.get("min", 1), minimum=1)
    if selector is None or minimum is None:
        return None
    return ClauseCount(selector, minimum)


def _parse_criterion(
    checker: FieldChecker, field_name: str, value: Any
) -> tuple[Pillar, ...] | None:
    data = checker.mapping(field_name, value, {"pillars"})
    if data is None:
        return None
    if "pillars" not in data:
        checker.problem(f"{field_name}.pillars", "is required")
        return None
    return checker.members(f"{field_name}.pillars", data["pillars"], Pillar)


def _parse_clause_values(checker: FieldChecker, field_name: str, value: Any) -> ClauseValues | None:
    data = checker.mapping(field_name, value, {"clause", "at_least", "at_most"})
    if data is None:
        return None
    clause = checker.clause_slug(f"{field_name}.clause", data.get("clause"))
    at_least = _parse_bounds(checker, f"{field_name}.at_least", data.get("at_least"))
    at_most = _parse_bounds(checker, f"{field_name}.at_most", data.get("at_most"))
    if not {"at_least", "at_most"} & set(data):
        checker.problem(field_name, "must give at_least and/or at_most")
        return None
    if clause is None or at_least is None or at_most is None:
        return None
    return ClauseValues(clause, at_least, at_most)


def _parse_bounds(
    checker: FieldChecker, field_name: str, value: Any
) -> tuple[tuple[str, Decimal], ...] | None:
    if value is None:
        return ()
    if not isinstance(value, dict) or not value:
        checker.problem(field_name, "must map variable names to numbers")
        return None
    bounds = []
    for name, bound in value.items():
        variable = checker.variable_name(f"{field_name}.{name}", name)
        amount = checker.amount(f"{field_name}.{name}", bound)
        if variable is None or amount is None:
            return None
        bounds.append((variable, amount))
    return tuple(bounds)


def _parse_weights_total(checker: FieldChecker, field_name: str, value: Any) -> Decimal | None:
    amount = checker.amount(field_name, value)
    if amount is not None and not 0 < amount <= HUNDRED:
        checker.problem(field_name, "must be a percentage above 0 and at most 100")
        return None
    return amount


def _parse_text_mentions(checker: FieldChecker, field_name: str, value: Any) -> TextMentions | None:
    allowed = {*SELECTOR_FIELDS, "if_any", "all_of", "any_of"}
    data = checker.mapping(field_name, value, allowed)
    if data is None:
        return None
    selector = _parse_selector(checker, field_name, data)
    phrases: dict[str, tuple[str, ...] | None] = {}
    for name in ("if_any", "all_of", "any_of"):
        phrases[name] = _parse_phrases(checker, f"{field_name}.{name}", data.get(name))
    if not {"all_of", "any_of"} & set(data):
        checker.problem(field_name, "must give all_of and/or any_of phrases")
        return None
    if selector is None or None in phrases.values():
        return None
    return TextMentions(
        selector, phrases["if_any"] or (), phrases["all_of"] or (), phrases["any_of"] or ()
    )


def _parse_phrases(checker: FieldChecker, field_name: str, value: Any) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        checker.problem(field_name, "must be a non-empty list of phrases")
        return None
    if not all(isinstance(item, str) and item.strip() for item in value):
        checker.problem(field_name, "must contain only non-empty texts")
        return None
    return tuple(value)


def _parse_insertion_hours(
    checker: FieldChecker, field_name: str, value: Any
) -> InsertionHours | None:
    allowed = {
        "clause",
        "hours_variable",
        "rate_variable",
        "rate",
        "hourly_cost",
        "per_year",
        "tolerance_percent",
    }
    data = checker.mapping(field_name, value, allowed)
    if data is None:
        return None
    problems_before = len(checker.problems)
    for name in ("clause", "hours_variable", "tolerance_percent"):
        if name not in data:
            checker.problem(f"{field_name}.{name}", "is required")
    if len(checker.problems) > problems_before:
        return None
    clause = checker.clause_slug(f"{field_name}.clause", data["clause"])
    hours = checker.variable_name(f"{field_name}.hours_variable", data["hours_variable"])
    rate_variable = rate = None
    if ("rate_variable" in data) == ("rate" in data):
        checker.problem(field_name, "must give either rate_variable or rate")
    elif "rate" in data:
        rate = _percentage(checker, f"{field_name}.rate", data["rate"])
    else:
        rate_variable = checker.variable_name(f"{field_name}.rate_variable", data["rate_variable"])
    cost = (
        checker.amount(f"{field_name}.hourly_cost", data["hourly_cost"])
        if "hourly_cost" in data
        else None
    )
    if cost is not None and cost == 0:
        checker.problem(f"{field_name}.hourly_cost", "must be above 0")
    per_year = checker.boolean(f"{field_name}.per_year", data.get("per_year", False))
    tolerance = _percentage(
        checker, f"{field_name}.tolerance_percent", data.get("tolerance_percent")
    )
    if len(checker.problems) > problems_before:
        return None
    return InsertionHours(
        clause=clause or "",
        hours_variable=hours or "",
        rate_variable=rate_variable,
        rate=rate,
        hourly_cost=cost,
        per_year=bool(per_year),
        tolerance_percent=tolerance or Decimal(0),
    )


def _percentage(checker: FieldChecker, field_name: str, value: Any) -> Decimal | None:
    amount = checker.amount(field_name, value)
    if amount is not None and amount > HUNDRED:
        checker.problem(field_name, "a percentage must be between 0 and 100")
        return None
    return amount


def _parse_coherence(checker: FieldChecker, field_name: str, value: Any) -> str | None:
    if not isinstance(value, str) or value not in COHERENCE_CHECKS:
        checker.problem(
            field_name,
            f"unknown coherence check '{value}'; expected one of {', '.join(COHERENCE_CHECKS)}",
        )
        return None
    return value


def _parse_months(checker: FieldChecker, field_name: str, value: Any) -> int | None:
    return checker.whole_number(field_name, value, minimum=1)


# -- checks -----------------------------------------------------------------------


def _clauses(count: ClauseCount, facts: Facts) -> Verdict:
    chosen = count.selector.chosen(facts.snapshot)
    if len(chosen) >= count.minimum:
        titles = chosen_titles(chosen)
        return Verdict(
            True, both(f"Clauses retenues : {titles['fr']}.", f"Clauses chosen: {titles['en']}.")
        )
    wanted = count.selector.describe(facts)
    if not chosen:
        return Verdict(
            False,
            both(
                f"Aucune clause retenue ne répond à la règle ({wanted['fr']}).",
                f"No chosen clause meets the rule ({wanted['en']}).",
            ),
        )
    return Verdict(
        False,
        both(
            f"Le dossier compte {len(chosen)} clause(s) ({wanted['fr']}) ; "
            f"il en faut au moins {count.minimum}.",
            f"The tender has {len(chosen)} matching clause(s) ({wanted['en']}); "
            f"at least {count.minimum} needed.",
        ),
    )


def _criterion(pillars: tuple[Pillar, ...], facts: Facts) -> Verdict:
    snapshot = facts.snapshot
    for criterion in snapshot.criteria:
        if criterion.kind is not CriterionKind.CLAUSE or criterion.slug is None:
            continue
        clause = snapshot.clause(criterion.slug)
        linked = (clause is not None and bool(clause.pillars & set(pillars))) or (
            criterion.slug in facts.satisfied_by
        )
        if linked:
            title = w.quoted([facts.clause_title(criterion.slug)])
            return Verdict(
                True,
                both(
                    f"Le critère « {snapshot.criterion_name(criterion, 'fr')} » repose sur la "
                    f"clause {title['fr']}.",
                    f"The criterion '{snapshot.criterion_name(criterion, 'en')}' rests on clause "
                    f"{title['en']}.",
                ),
            )
    wanted = w.names(w.PILLARS, pillars)
    return Verdict(
        False,
        both(
            f"Aucun critère de la grille ne repose sur une clause du volet {wanted['fr']}.",
            f"No criterion of the grid rests on a clause of the {wanted['en']} pillar.",
        ),
    )


def _non_price_criterion(_: bool, facts: Facts) -> Verdict:
    snapshot = facts.snapshot
    if snapshot.criteria:
        others = [c for c in snapshot.criteria if c.kind is not CriterionKind.PRICE]
        if others:
            listed = {
                language: ", ".join(snapshot.criterion_name(c, language) for c in others)
                for language in ("fr", "en")
            }
            return Verdict(
                True,
                both(
                    f"La grille comporte des critères autres que le prix : {listed['fr']}.",
                    f"The grid has criteria other than price: {listed['en']}.",
                ),
            )
        return Verdict(
            False,
            both(
                "Le prix est le seul critère d'attribution.", "Price is the only award criterion."
            ),
        )
    clauses = snapshot.clauses_of_kind(ClauseKind.AWARD_CRITERION)
    if clauses:
        titles = chosen_titles(clauses)
        return Verdict(
            True,
            both(
                "La grille n'est pas encore saisie, mais ces critères sont retenus : "
                f"{titles['fr']}.",
                f"The grid is not filled in yet, but these criteria are chosen: {titles['en']}.",
            ),
        )
    return Verdict(
        False,
        both(
            "Aucun critère d'attribution autre que le prix n'est défini.",
            "No award criterion other than price is defined.",
        ),
    )


def _criteria_weights_total(expected: Decimal, facts: Facts) -> Verdict:
    criteria = facts.snapshot.criteria
    if not criteria:
        return Verdict(
            False,
            both("Aucun critère n'est pondéré.", "No criterion is weighted."),
        )
    problems: list[Bilingual] = []
    total = sum((criterion.weight for criterion in criteria), Decimal(0))
    if total != expected:
        got, want = w.number(total), w.number(expected)
        problems.append(
            both(
                f"Les pondérations des critères totalisent {got['fr']} % "
                f"au lieu de {want['fr']} %.",
                f"The criteria weights add up to {got['en']} % instead of {want['en']} %.",
            )
        )
    for criterion in criteria:
        if not criterion.subcriteria:
            continue
        subtotal = sum((sub.weight for sub in criterion.subcriteria), Decimal(0))
        if subtotal != HUNDRED:
            got = w.number(subtotal)
            name = {lang: facts.snapshot.criterion_name(criterion, lang) for lang in ("fr", "en")}
            problems.append(
                both(
                    f"Les sous-critères de « {name['fr']} » totalisent {got['fr']} % "
                    "au lieu de 100 %.",
                    f"The sub-criteria of '{name['en']}' add up to {got['en']} % instead of 100 %.",
                )
            )
    if problems:
        return Verdict(False, w.join(problems))
    want = w.number(expected)
    return Verdict(
        True,
        both(
            f"Les pondérations totalisent {want['fr']} %.",
            f"The weights add up to {want['en']} %.",
        ),
    )


def _clause_values(spec: ClauseValues, facts: Facts) -> Verdict:
    clause = facts.snapshot.clause(spec.clause)
    title = w.quoted([facts.clause_title(spec.clause)])
    if clause is None:
        return _not_chosen(title)
    problems: list[Bilingual] = []
    found: list[Bilingual] = []
    checks = [(name, bound, True) for name, bound in spec.at_least] + [
        (name, bound, False) for name, bound in spec.at_most
    ]
    for name, bound, is_minimum in checks:
        label = variable_label(clause, name)
        actual = _number_value(clause, name)
        if actual is None:
            problems.append(
                both(
                    f"La clause {title['fr']} ne donne pas de valeur numérique pour "
                    f"« {label['fr']} ».",
                    f"Clause {title['en']} has no numeric value for '{label['en']}'.",
                )
            )
            continue
        shown, limit = variable_amount(clause, name, actual), variable_amount(clause, name, bound)
        found.append(both(f"{label['fr']} = {shown['fr']}", f"{label['en']} = {shown['en']}"))
        if is_minimum and actual < bound:
            problems.append(
                both(
                    f"{label['fr']} vaut {shown['fr']}, sous le minimum de {limit['fr']}.",
                    f"{label['en']} is {shown['en']}, below the minimum of {limit['en']}.",
                )
            )
        elif not is_minimum and actual > bound:
            problems.append(
                both(
                    f"{label['fr']} vaut {shown['fr']}, au-dessus du maximum de {limit['fr']}.",
                    f"{label['en']} is {shown['en']}, above the maximum of {limit['en']}.",
                )
            )
    if problems:
        return Verdict(
            False,
            w.join([both(f"Clause {title['fr']} :", f"Clause {title['en']}:"), *problems]),
        )
    listed = w.join(found, "; ")
    return Verdict(
        True,
        both(f"Clause {title['fr']} : {listed['fr']}.", f"Clause {title['en']}: {listed['en']}."),
    )


def _not_chosen(title: Bilingual) -> Verdict:
    return Verdict(
        False,
        both(
            f"La clause {title['fr']} n'est pas retenue.",
            f"Clause {title['en']} is not chosen.",
        ),
    )


def chosen_titles(clauses: Iterable[ChosenClause]) -> Bilingual:
    """The chosen clauses' titles, quoted and joined: « A », « B » / 'A', 'B'."""
    return w.quoted(w.title(clause.content.title, clause.slug) for clause in clauses)


def variable_label(clause: ChosenClause, name: str) -> Bilingual:
    """How the clause labels its variable ``name`` for a reader (the name itself when
    the clause does not declare it)."""
    variable = clause.content.variable(name)
    return w.title(variable.label if variable is not None else {}, name)


def variable_amount(clause: ChosenClause, name: str, amount: Decimal) -> Bilingual:
    """``amount`` of the variable ``name`` with its unit: 60 %, 1 200 €."""
    variable = clause.content.variable(name)
    unit = (variable.unit or "") if variable is not None else ""
    if not unit and variable is not None and variable.type is VariableType.PERCENT:
        unit = "%"
    said = w.number(amount)
    if not unit:
        return said
    return {language: f"{said[language]} {unit}" for language in said}


def _cpv_all_in(entries: tuple[str, ...], facts: Facts) -> Verdict:
    codes = facts.snapshot.purchase.cpv_codes
    outside = [code for code in codes if not any(code.startswith(entry) for entry in entries)]
    if outside:
        listed = ", ".join(outside)
        return Verdict(
            False,
            both(
                f"Ces codes CPV ne figurent pas sur la liste : {listed}.",
                f"These CPV codes are not on the list: {listed}.",
            ),
        )
    return Verdict(
        True,
        both(
            "Tous les codes CPV du marché figurent sur la liste.",
            "Every CPV code of the contract is on the list.",
        ),
    )


def _duration_months_at_most(maximum: int, facts: Facts) -> Verdict:
    months = facts.snapshot.purchase.duration_months
    if months > maximum:
        return Verdict(
            False,
            both(
                f"La durée totale est de {months} mois, au-delà de {maximum} mois.",
                f"The total term is {months} months, beyond {maximum} months.",
            ),
        )
    return Verdict(
        True,
        both(
            f"La durée totale est de {months} mois ({maximum} au plus).",
            f"The total term is {months} months ({maximum} at most).",
        ),
    )


def _has_spaser(_: bool, facts: Facts) -> Verdict:
    if facts.snapshot.context.has_spaser:
        return Verdict(
            True,
            both("L'organisation a adopté un SPASER.", "The organisation has adopted a SPASER."),
        )
    return Verdict(
        False,
        both(
            "L'organisation n'a pas déclaré de SPASER.",
            "The organisation has not declared a SPASER.",
        ),
    )


def _lots_at_least(minimum: int, facts: Facts) -> Verdict:
    lots = len(facts.snapshot.purchase.lots) or 1
    if lots >= minimum:
        return Verdict(
            True, both(f"Le marché compte {lots} lots.", f"The contract has {lots} lots.")
        )
    if lots <= 1:
        why = both("Le marché n'est pas divisé en lots.", "The contract is not divided into lots.")
    else:
        why = both(f"Le marché ne compte que {lots} lots.", f"The contract has only {lots} lots.")
    return Verdict(False, why)


def _text_mentions(spec: TextMentions, facts: Facts) -> Verdict:
    concerned: list[ChosenClause] = []
    failures: list[Bilingual] = []
    for clause in spec.selector.chosen(facts.snapshot):
        text = normalise(rendered_french(clause))
        if spec.if_any and not any(normalise(phrase) in text for phrase in spec.if_any):
            continue
        concerned.append(clause)
        missing = [phrase for phrase in spec.all_of if normalise(phrase) not in text]
        if spec.any_of and not any(normalise(phrase) in text for phrase in spec.any_of):
            missing.append(" / ".join(spec.any_of))
        if missing:
            french = ", ".join(f"« {phrase} »" for phrase in missing)
            english = ", ".join(f'"{phrase}"' for phrase in missing)
            title = chosen_titles([clause])
            failures.append(
                both(
                    f"La clause {title['fr']} ne mentionne pas {french}.",
                    f"Clause {title['en']} does not mention {english}.",
                )
            )
    if failures:
        return Verdict(False, w.join(failures))
    if not concerned:
        return Verdict(
            True,
            both("Aucune clause retenue n'est concernée.", "No chosen clause is concerned."),
        )
    listed = chosen_titles(concerned)
    return Verdict(
        True,
        both(
            f"Les clauses concernées portent les mentions attendues : {listed['fr']}.",
            f"The clauses concerned carry the expected wording: {listed['en']}.",
        ),
    )


def _insertion_hours(spec: InsertionHours, facts: Facts) -> Verdict:
    snapshot = facts.snapshot
    clause = snapshot.clause(spec.clause)
    if clause is None:
        return _not_chosen(w.quoted([facts.clause_title(spec.clause)]))
    hours = _number_value(clause, spec.hours_variable)
    rate = spec.rate if spec.rate_variable is None else _number_value(clause, spec.rate_variable)
    labour = snapshot.context.labour_share
    if hours is None or rate is None or labour <= 0:
        return Verdict(
            False,
            both(
                "Le nombre d'heures ne peut pas être contrôlé : il manque la part de main-d'œuvre, "
                "le taux d'insertion ou le nombre d'heures.",
                "The hours cannot be checked: the labour share, the insertion rate or the number "
                "of hours is missing.",
            ),
        )
    value = snapshot.purchase.estimated_value
    hourly_cost = spec.hourly_cost or snapshot.context.hourly_cost or DEFAULT_HOURLY_COST
    expected = value * labour / HUNDRED * rate / HUNDRED / hourly_cost
    if spec.per_year:
        expected = expected * 12 / max(snapshot.purchase.duration_months, 1)
    floor = expected * (HUNDRED - spec.tolerance_percent) / HUNDRED
    amount, share, pct = w.money_excl_vat(value), w.number(labour), w.number(rate)
    cost, computed, actual = (
        w.money(hourly_cost),
        w.number(expected.quantize(Decimal(1))),
        w.number(hours),
    )
    period = both(" par an", " a year") if spec.per_year else both("", "")
    computation = both(
        f"{amount['fr']} × {share['fr']} % de main-d'œuvre × {pct['fr']} % ÷ {cost['fr']}/h "
        f"donne environ {computed['fr']} heures{period['fr']} ; "
        f"la clause en prévoit {actual['fr']}.",
        f"{amount['en']} × {share['en']} % labour × {pct['en']} % ÷ {cost['en']}/h gives "
        f"about {computed['en']} hours{period['en']}; the clause sets {actual['en']}.",
    )
    if hours < floor:
        return Verdict(
            False,
            w.join([computation, both("C'est nettement moins.", "That is far fewer.")]),
        )
    return Verdict(True, computation)


def _coherence(name: str, facts: Facts) -> Verdict:
    return COHERENCE_CHECKS[name](facts.snapshot)


def _number_value(clause: ChosenClause, name: str) -> Decimal | None:
    try:
        value = clause.value(name)
    except KeyError:
        return None
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def rendered_french(clause: ChosenClause) -> str:
    """The clause's French text, as the buyer worded it, with the buyer's values (or the
    defaults) filled in."""
    text = clause.text("fr")

    def fill(match: re.Match[str]) -> str:
        try:
            value = clause.value(match.group(1))
        except KeyError:
            return match.group(0)
        if isinstance(value, dict):
            value = value.get("fr", "")
        return str(value)

    return VARIABLE_PATTERN.sub(fill, text)


def normalise(text: str) -> str:
    """Lower case, single spaces, "50 %" as "50%", "L. 2113-12" as "l2113-12"."""
    text = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    text = text.replace(" %", "%")
    return re.sub(r"\b([lrd])\.? ?(?=\d{4})", r"\1", text)


REQUIREMENTS: dict[str, Word] = {
    "clauses": Word(_parse_clauses, _clauses),
    "criterion": Word(_parse_criterion, _criterion),
    "non_price_criterion": Word(parse_true, _non_price_criterion),
    "criteria_weights_total": Word(_parse_weights_total, _criteria_weights_total),
    "clause_values": Word(_parse_clause_values, _clause_values),
    "cpv_all_in": Word(parse_cpv, _cpv_all_in),
    "duration_months_at_most": Word(_parse_months, _duration_months_at_most),
    "has_spaser": Word(parse_true, _has_spaser),
    "lots_at_least": Word(parse_count, _lots_at_least),
    "text_mentions": Word(_parse_text_mentions, _text_mentions),
    "insertion_hours": Word(_parse_insertion_hours, _insertion_hours),
    "coherence": Word(_parse_coherence, _coherence),
}
"""The ``requires`` tests; ``any_of`` combines them."""


def clause_selectors(node: Node) -> list[Selector]:
    """The clauses that would meet a ``requires`` tree: one selector per clause
    requirement (``clauses``, ``clause_values``, an award ``criterion``), at any depth.
    Empty when the rule asks for something other than choosing a clause."""
    if isinstance(node, AllOf | AnyOf):
        return [selector for part in node.parts for selector in clause_selectors(part)]
    if not isinstance(node, Test):
        return []
    if isinstance(node.argument, ClauseCount):
        return [node.argument.selector]
    if isinstance(node.argument, ClauseValues):
        return [Selector(ids=(node.argument.clause,))]
    if node.name == "criterion":
        return [Selector(kinds=(ClauseKind.AWARD_CRITERION,), pillars=tuple(node.argument))]
    return []
