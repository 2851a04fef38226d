"""Whether a library clause fits a purchase: what is bought (families from the CPV
codes), the contract type, the CPV codes and the value the clause asks for."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from procure.library.content import ClauseContent
from procure.library.families import PurchaseFamily, families_of, fits
from procure.snapshot import LOT_NUMBER_VARIABLE, Context, Purchase
from procure.vocabulary import Ambition, ClauseKind, ContractType

AMBITION_RANK = {Ambition.CORE: 0, Ambition.COMPREHENSIVE: 1, Ambition.EXEMPLARY: 2}


@dataclass(frozen=True)
class LibraryEntry:
    """One clause of the library as the buyer sees it: its approved version's content."""

    slug: str
    version: int
    content: ClauseContent
    version_id: int | None = None  # in the database: the organisation's or the reference's

    @property
    def kind(self) -> ClauseKind:
        return self.content.kind

    @property
    def ambition(self) -> Ambition:
        return self.content.ambition

    @property
    def themes(self) -> set[str]:
        return set(self.content.themes)

    @property
    def pillars(self) -> set[str]:
        return set(self.content.pillars)

    def title(self, language: str) -> str:
        return self.content.title[language]


def clause_titles(entries: Iterable[LibraryEntry]) -> dict[str, dict[str, str]]:
    """The library's clause titles by slug: how the compliance checklist names a clause
    the tender has not chosen (``procure.compliance.check(snapshot, titles)``)."""
    return {entry.slug: dict(entry.content.title) for entry in entries}


def has_cpv(purchase: Purchase, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(tuple(prefixes)) for code in purchase.cpv_codes)


def purchase_families(purchase: Purchase, context: Context) -> frozenset[PurchaseFamily]:
    """What is bought: the families of its CPV codes and contract type.

    The buyer's answer that the purchase serves catering makes food supplies collective
    catering (EGalim); animal feed and food bought for other uses are not. For works, the
    buyer's answer on what they do (new building, renovation, demolition, civil
    engineering) replaces what the codes say.

    On a lot's view the catering answer concerns the lots that buy food or meals, unless
    no lot's codes do (then the buyer's answer covers every lot).
    """
    works = (
        context.works if purchase.contract_type is ContractType.WORKS and context.works else None
    )
    catering = context.catering and (
        purchase.focus is None
        or _buys_food(purchase.contract_type, purchase.cpv_codes)
        or not any(_buys_food(purchase.contract_type, lot.cpv_codes) for lot in purchase.lots)
    )
    return families_of(purchase.contract_type, purchase.cpv_codes, works=works, catering=catering)


FOOD_FAMILIES = frozenset(
    {
        PurchaseFamily.FOOD_SUPPLIES,
        PurchaseFamily.COLLECTIVE_CATERING,
        PurchaseFamily.SCHOOL_CATERING,
    }
)


def _buys_food(contract_type: ContractType, cpv_codes: tuple[str, ...]) -> bool:
    return bool(families_of(contract_type, cpv_codes) & FOOD_FAMILIES)


def is_catering(purchase: Purchase, context: Context) -> bool:
    """Collective catering, school catering included: EGalim applies (FACTS §3)."""
    return PurchaseFamily.COLLECTIVE_CATERING in purchase_families(purchase, context)


def is_applicable(
    entry: LibraryEntry, purchase: Purchase, families: frozenset[PurchaseFamily]
) -> bool:
    """Whether the clause fits the purchase: contract type, families, CPV, value, and lots
    (a clause about one lot needs a contract divided into lots)."""
    content = entry.content
    if purchase.contract_type not in content.contract_types:
        return False
    if not purchase.is_divided and LOT_NUMBER_VARIABLE in content.variable_names:
        return False
    if not fits(content.families, families):
        return False
    prefixes = content.cpv_prefixes
    if prefixes and not has_cpv(purchase, prefixes):
        return False
    minimum = content.min_value
    return minimum is None or purchase.estimated_value >= minimum
