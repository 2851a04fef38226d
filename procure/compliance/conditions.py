"""The condition vocabulary of rule files, and the ``applies_when`` tests.

A rule's ``applies_when`` is a mapping of named tests that must all hold, in the
order written (the first one that does not hold is the reason a rule does not
apply). ``any_of`` takes a list of such mappings, one of which must hold::

    applies_when:
      defence_or_security: false
      eu_threshold: at_or_above
      any_of:
        - cpv_prefixes: ["555"]
        - {cpv_prefixes: ["15"], context_flags: [catering]}

Every test is a name in ``CONDITIONS`` with a parser, which checks its argument
when the file is loaded, and a check, which reads the tender. Nothing is
evaluated as code. ``requirements`` builds the ``requires`` vocabulary with the
same pieces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from procure.compliance import wording as w
from procure.compliance.fields import FieldChecker
from procure.compliance.thresholds import applicable_threshold
from procure.compliance.wording import Bilingual, both
from procure.library.families import PurchaseFamily
from procure.snapshot import TenderSnapshot
from procure.tenders.fit import purchase_families
from procure.vocabulary import ClauseKind, ContractType, OrganisationCategory, Procedure

ANY_OF = "any_of"


@dataclass(frozen=True)
class Facts:
    """What a check reads: the tender, the day it is judged on, the rule's suggested clauses."""

    snapshot: TenderSnapshot
    on_date: dt.date
    satisfied_by: tuple[str, ...] = ()
    titles: Mapping[str, Bilingual] = field(default_factory=dict)  # slug -> library title

    def clause_title(self, slug: str) -> Bilingual:
        """The title of the clause ``slug``: the chosen version's, else the library's
        (``titles``), else the slug itself when neither knows it."""
        chosen = self.snapshot.clause(slug)
        if chosen is not None:
            return w.title(chosen.content.title, slug)
        return w.title(self.titles.get(slug, {}), slug)


@dataclass(frozen=True)
class Verdict:
    holds: bool
    why: Bilingual


class Node(Protocol):
    def check(self, facts: Facts) -> Verdict: ...


Parse = Callable[[FieldChecker, str, Any], Any]
Check = Callable[[Any, Facts], Verdict]


@dataclass(frozen=True)
class Word:
    """One test of a vocabulary: how to read its argument, how to check a tender."""

    parse: Parse
    check: Check


@dataclass(frozen=True)
class Test:
    """A named test with its checked argument, as written in a rule file."""

    name: str
    argument: Any
    word: Word = field(compare=False, repr=False)

    def check(self, facts: Facts) -> Verdict:
        return self.word.check(self.argument, facts)


@dataclass(frozen=True)
class AllOf:
    """Every part holds; stops at the first that does not, which gives the reason."""

    parts: tuple[Node, ...]

    def check(self, facts: Facts) -> Verdict:
        reasons = []
        for part in self.parts:
            verdict = part.check(facts)
            if not verdict.holds:
                return verdict
            reasons.append(verdict.why)
        return Verdict(True, w.join(reasons))


@dataclass(frozen=True)
class AnyOf:
    """At least one part holds."""

    parts: tuple[Node, ...]

    def check(self, facts: Facts) -> Verdict:
        verdicts = []
        for part in self.parts:
            verdict = part.check(facts)
            if verdict.holds:
                return verdict
            verdicts.append(verdict)
        return Verdict(False, w.join([verdict.why for verdict in verdicts]))


ALWAYS = AllOf(())


def parse_test(
    checker: FieldChecker, field_name: str, words: dict[str, Word], name: Any, value: Any
) -> Test | None:
    """The test ``name: value`` of ``words``, or ``None`` after recording what is wrong."""
    word = words.get(str(name))
    if word is None:
        checker.problem(
            field_name, f"unknown test '{name}'; expected one of {', '.join(sorted(words))}"
        )
        return None
    argument = word.parse(checker, field_name, value)
    return None if argument is None else Test(str(name), argument, word)


def parse_condition(checker: FieldChecker, field_name: str, data: Any) -> Node | None:
    """An ``applies_when`` mapping; ``{}`` applies to every tender."""
    if not isinstance(data, dict):
        checker.problem(field_name, "must be a mapping of tests ({} applies always)")
        return None
    parts: list[Node] = []
    ok = True
    for name, value in data.items():
        part_field = f"{field_name}.{name}"
        if name == ANY_OF:
            part = _parse_any_of(checker, part_field, value)
        else:
            part = parse_test(checker, part_field, CONDITIONS, name, value)
        ok = ok and part is not None
        if part is not None:
            parts.append(part)
    return AllOf(tuple(parts)) if ok else None


def _parse_any_of(checker: FieldChecker, field_name: str, value: Any) -> Node | None:
    if not isinstance(value, list) or len(value) < 2:
        checker.problem(field_name, "must list at least two mappings of tests")
        return None
    parts = [
        parse_condition(checker, f"{field_name}[{index}]", item) for index, item in enumerate(value)
    ]
    if any(part is None for part in parts):
        return None
    return AnyOf(tuple(part for part in parts if part is not None))


# -- argument parsers (the public ones are shared with ``requirements``) ----------


def _parse_bool(checker: FieldChecker, field_name: str, value: Any) -> bool | None:
    return checker.boolean(field_name, value)


def parse_true(checker: FieldChecker, field_name: str, value: Any) -> bool | None:
    if value is not True:
        checker.problem(field_name, "must be true (leave the test out otherwise)")
        return None
    return True


def _parse_amount(checker: FieldChecker, field_name: str, value: Any) -> Decimal | None:
    return checker.amount(field_name, value)


def parse_count(checker: FieldChecker, field_name: str, value: Any) -> int | None:
    return checker.whole_number(field_name, value, minimum=1)


def _parse_clause_slugs(
    checker: FieldChecker, field_name: str, value: Any
) -> tuple[str, ...] | None:
    return checker.clause_slug_list(field_name, value)


def _parse_kinds(
    checker: FieldChecker, field_name: str, value: Any
) -> tuple[ClauseKind, ...] | None:
    return checker.members(field_name, value, ClauseKind)


def parse_cpv(checker: FieldChecker, field_name: str, value: Any) -> tuple[str, ...] | None:
    return checker.cpv_prefixes(field_name, value)


def _parse_contract_types(
    checker: FieldChecker, field_name: str, value: Any
) -> tuple[ContractType, ...] | None:
    return checker.members(field_name, value, ContractType)


def _parse_buyer_categories(
    checker: FieldChecker, field_name: str, value: Any
) -> tuple[OrganisationCategory, ...] | None:
    return checker.members(field_name, value, OrganisationCategory)


def _parse_procedures(
    checker: FieldChecker, field_name: str, value: Any
) -> tuple[Procedure, ...] | None:
    return checker.members(field_name, value, Procedure)


def _parse_threshold_side(checker: FieldChecker, field_name: str, value: Any) -> str | None:
    if not isinstance(value, str) or value not in ("at_or_above", "below"):
        checker.problem(field_name, f"unknown value '{value}'; expected at_or_above or below")
        return None
    return value


def _parse_families(
    checker: FieldChecker, field_name: str, value: Any
) -> tuple[PurchaseFamily, ...] | None:
    return checker.members(field_name, value, PurchaseFamily)


def _parse_context_flags(
    checker: FieldChecker, field_name: str, value: Any
) -> tuple[str, ...] | None:
    return checker.strings(field_name, value, list(w.CONTEXT_FLAGS))


# -- checks ---------------------------------------------------------------------


def _contract_types(allowed: tuple[ContractType, ...], facts: Facts) -> Verdict:
    kind = facts.snapshot.purchase.contract_type
    name = w.CONTRACT_TYPES[kind]
    if kind in allowed:
        return Verdict(True, both(f"Marché de {name['fr']}.", f"A {name['en']} contract."))
    listed = w.names(w.CONTRACT_TYPES, allowed)
    return Verdict(
        False,
        both(
            f"La règle vise les marchés de {listed['fr']} ; "
            f"celui-ci est un marché de {name['fr']}.",
            f"The rule covers {listed['en']} contracts; this one is a {name['en']} contract.",
        ),
    )


def _buyer_categories(allowed: tuple[OrganisationCategory, ...], facts: Facts) -> Verdict:
    category = facts.snapshot.purchase.buyer_category
    name = w.BUYER_CATEGORIES[category]
    if category in allowed:
        return Verdict(True, both(f"Acheteur : {name['fr']}.", f"Buyer: {name['en']}."))
    listed = w.names(w.BUYER_CATEGORIES, allowed)
    return Verdict(
        False,
        both(
            f"La règle vise : {listed['fr']} ; l'acheteur est : {name['fr']}.",
            f"The rule covers: {listed['en']}; the buyer is: {name['en']}.",
        ),
    )


def _procedures(allowed: tuple[Procedure, ...], facts: Facts) -> Verdict:
    procedure = facts.snapshot.purchase.procedure
    name = w.PROCEDURES[procedure]
    if procedure in allowed:
        return Verdict(True, both(f"Procédure : {name['fr']}.", f"Procedure: {name['en']}."))
    listed = w.names(w.PROCEDURES, allowed)
    return Verdict(
        False,
        both(
            f"La règle vise : {listed['fr']} ; la procédure est : {name['fr']}.",
            f"The rule covers: {listed['en']}; the procedure is: {name['en']}.",
        ),
    )


def _cpv_prefixes(prefixes: tuple[str, ...], facts: Facts) -> Verdict:
    codes = facts.snapshot.purchase.cpv_codes
    for code in codes:
        for prefix in prefixes:
            if code.startswith(prefix):
                return Verdict(
                    True,
                    both(
                        f"Le code CPV {code} relève du champ de la règle ({prefix}…).",
                        f"CPV code {code} is within the rule's scope ({prefix}…).",
                    ),
                )
    listed = ", ".join(f"{prefix}…" for prefix in prefixes)
    return Verdict(
        False,
        both(
            f"Aucun code CPV du marché ({', '.join(codes)}) ne relève de : {listed}.",
            f"None of the contract's CPV codes ({', '.join(codes)}) is within: {listed}.",
        ),
    )


def _defence_or_security(expected: bool, facts: Facts) -> Verdict:
    actual = facts.snapshot.purchase.defence_or_security
    if actual:
        why = both(
            "Le marché relève de la défense ou de la sécurité.",
            "The contract is a defence or security contract.",
        )
    else:
        why = both(
            "Le marché ne relève pas de la défense ou de la sécurité.",
            "The contract is not a defence or security contract.",
        )
    return Verdict(actual == expected, why)


def _eu_threshold(side: str, facts: Facts) -> Verdict:
    purchase = facts.snapshot.purchase
    threshold = applicable_threshold(purchase, facts.on_date)
    value, limit = w.money_excl_vat(purchase.estimated_value), w.money_excl_vat(threshold.value)
    basis = threshold.basis
    if threshold.caveat:  # say when the decision rests on data not yet confirmed
        basis = {
            "fr": f"{basis['fr']} ; {threshold.caveat['fr']}",
            "en": f"{basis['en']}; {threshold.caveat['en']}",
        }
    if purchase.estimated_value >= threshold.value:
        why = both(
            f"La valeur estimée ({value['fr']}) atteint le seuil européen de {limit['fr']} "
            f"({basis['fr']}).",
            f"The estimated value ({value['en']}) reaches the EU threshold of {limit['en']} "
            f"({basis['en']}).",
        )
        return Verdict(side == "at_or_above", why)
    why = both(
        f"La valeur estimée ({value['fr']}) n'atteint pas le seuil européen de {limit['fr']} "
        f"({basis['fr']}).",
        f"The estimated value ({value['en']}) is below the EU threshold of {limit['en']} "
        f"({basis['en']}).",
    )
    return Verdict(side == "below", why)


def _value_at_least(minimum: Decimal, facts: Facts) -> Verdict:
    value = facts.snapshot.purchase.estimated_value
    return _compare(value, minimum, value >= minimum, "La valeur estimée", "The estimated value")


def _value_below(maximum: Decimal, facts: Facts) -> Verdict:
    value = facts.snapshot.purchase.estimated_value
    return _compare(value, maximum, value < maximum, "La valeur estimée", "The estimated value")


def _compare(value: Decimal, limit: Decimal, holds: bool, fr: str, en: str) -> Verdict:
    amount, bound = w.money_excl_vat(value), w.money_excl_vat(limit)
    if value >= limit:
        return Verdict(
            holds,
            both(
                f"{fr} ({amount['fr']}) atteint {bound['fr']}.",
                f"{en} ({amount['en']}) reaches {bound['en']}.",
            ),
        )
    return Verdict(
        holds,
        both(
            f"{fr} ({amount['fr']}) n'atteint pas {bound['fr']}.",
            f"{en} ({amount['en']}) is below {bound['en']}.",
        ),
    )


def _families(wanted: tuple[PurchaseFamily, ...], facts: Facts) -> Verdict:
    # as the recommendations read them: on a lot's view, catering concerns the lots
    # that buy food or meals; for works, the buyer's answer on what the works do
    found = purchase_families(facts.snapshot.purchase, facts.snapshot.context)
    shared = tuple(family for family in wanted if family in found)
    if shared:
        listed = w.names(w.FAMILIES, shared, {"fr": ", ", "en": ", "})
        return Verdict(True, both(f"Achat de : {listed['fr']}.", f"A purchase of: {listed['en']}."))
    wanted_names = w.names(w.FAMILIES, wanted)
    if found:
        ordered = sorted(found, key=list(PurchaseFamily).index)
        found_names = w.names(w.FAMILIES, ordered, {"fr": ", ", "en": ", "})
        return Verdict(
            False,
            both(
                f"La règle vise : {wanted_names['fr']} ; l'achat relève de : {found_names['fr']}.",
                f"The rule covers: {wanted_names['en']}; the purchase is: {found_names['en']}.",
            ),
        )
    return Verdict(
        False,
        both(
            f"La règle vise : {wanted_names['fr']} ; les codes CPV et le type de marché ne "
            "rattachent l'achat à aucune famille.",
            f"The rule covers: {wanted_names['en']}; the CPV codes and contract type place "
            "the purchase in no family.",
        ),
    )


def _context_flags(flags: tuple[str, ...], facts: Facts) -> Verdict:
    context = facts.snapshot.context
    missing = tuple(flag for flag in flags if not getattr(context, flag))
    if missing:
        listed = w.names(w.CONTEXT_FLAGS, missing, {"fr": ", ", "en": ", "})
        return Verdict(
            False,
            both(
                f"Le contexte du marché n'indique pas : {listed['fr']}.",
                f"The contract's context does not include: {listed['en']}.",
            ),
        )
    listed = w.names(w.CONTEXT_FLAGS, flags, {"fr": ", ", "en": ", "})
    return Verdict(True, both(f"Contexte : {listed['fr']}.", f"Context: {listed['en']}."))


def _annual_purchases_above(minimum: Decimal, facts: Facts) -> Verdict:
    amount = facts.snapshot.context.annual_purchases
    if amount is None:
        return Verdict(
            False,
            both(
                "Le montant annuel des achats de l'organisation n'est pas renseigné.",
                "The organisation's annual purchases are not given.",
            ),
        )
    said, bound = w.money_excl_vat(amount), w.money_excl_vat(minimum)
    if amount > minimum:
        return Verdict(
            True,
            both(
                f"Le montant annuel des achats de l'organisation ({said['fr']}) dépasse "
                f"{bound['fr']}.",
                f"The organisation's annual purchases ({said['en']}) exceed {bound['en']}.",
            ),
        )
    return Verdict(
        False,
        both(
            f"Le montant annuel des achats de l'organisation ({said['fr']}) ne dépasse pas "
            f"{bound['fr']}.",
            f"The organisation's annual purchases ({said['en']}) do not exceed {bound['en']}.",
        ),
    )


def _labour_share_given(expected: bool, facts: Facts) -> Verdict:
    share = facts.snapshot.context.labour_share
    if share > 0:
        percent = w.number(share)
        why = both(
            f"Part de main-d'œuvre dans le prix : {percent['fr']} %.",
            f"Labour share of the price: {percent['en']} %.",
        )
        return Verdict(expected, why)
    why = both(
        "La part de main-d'œuvre dans le prix n'est pas renseignée.",
        "The labour share of the price is not given.",
    )
    return Verdict(not expected, why)


def _has_any_clause(ids: tuple[str, ...], facts: Facts) -> Verdict:
    chosen = [clause.slug for clause in facts.snapshot.clauses if clause.slug in ids]
    if chosen:
        return Verdict(
            True,
            both(f"Clause retenue : {', '.join(chosen)}.", f"Clause chosen: {', '.join(chosen)}."),
        )
    return Verdict(
        False,
        both(
            f"Aucune de ces clauses n'est retenue : {', '.join(ids)}.",
            f"None of these clauses is chosen: {', '.join(ids)}.",
        ),
    )


def _has_clause_kinds(kinds: tuple[ClauseKind, ...], facts: Facts) -> Verdict:
    missing = tuple(kind for kind in kinds if not facts.snapshot.clauses_of_kind(kind))
    if missing:
        listed = w.names(w.KINDS, missing)
        return Verdict(
            False,
            both(
                f"Le dossier ne comporte aucune clause de type {listed['fr']}.",
                f"The tender has no {listed['en']} clause.",
            ),
        )
    listed = w.names(w.KINDS, kinds, {"fr": " et ", "en": " and "})
    return Verdict(
        True,
        both(
            f"Le dossier comporte au moins une clause de type {listed['fr']}.",
            f"The tender has at least one {listed['en']} clause.",
        ),
    )


def _has_criteria(expected: bool, facts: Facts) -> Verdict:
    count = len(facts.snapshot.criteria)
    if count:
        why = both(
            f"La grille d'analyse comporte {count} critère(s).",
            f"The award grid has {count} criterion(s).",
        )
    else:
        why = both(
            "Aucun critère d'attribution n'est encore défini.",
            "No award criterion is defined yet.",
        )
    return Verdict(bool(count) == expected, why)


CONDITIONS: dict[str, Word] = {
    "contract_types": Word(_parse_contract_types, _contract_types),
    "buyer_categories": Word(_parse_buyer_categories, _buyer_categories),
    "procedures": Word(_parse_procedures, _procedures),
    "cpv_prefixes": Word(parse_cpv, _cpv_prefixes),
    "defence_or_security": Word(_parse_bool, _defence_or_security),
    "eu_threshold": Word(_parse_threshold_side, _eu_threshold),
    "value_at_least": Word(_parse_amount, _value_at_least),
    "value_below": Word(_parse_amount, _value_below),
    "families": Word(_parse_families, _families),
    "context_flags": Word(_parse_context_flags, _context_flags),
    "annual_purchases_above": Word(_parse_amount, _annual_purchases_above),
    "labour_share_given": Word(_parse_bool, _labour_share_given),
    "has_any_clause": Word(_parse_clause_slugs, _has_any_clause),
    "has_clause_kinds": Word(_parse_kinds, _has_clause_kinds),
    "has_criteria": Word(_parse_bool, _has_criteria),
}
"""The ``applies_when`` tests; ``any_of`` combines mappings of them."""
