"""Purchase families: what is bought, derived from the CPV codes and the contract type.

A family says what a purchase is (school catering, cleaning, a renovation…) so that
recommendations offer only the clauses that fit it; a clause file may declare the
families it fits (``families:``, clauses/README.md). Which codes make which family
is data, in ``families.yaml`` next to this module, each code with its source.

Plain Python: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from procure.errors import ProcureError
from procure.vocabulary import ContractType

FAMILIES_PATH = Path(__file__).with_name("families.yaml")


class PurchaseFamily(StrEnum):
    COLLECTIVE_CATERING = "collective_catering"  # every catering service, school included
    SCHOOL_CATERING = "school_catering"
    FOOD_SUPPLIES = "food_supplies"  # food for people, not bought for collective catering
    CLEANING = "cleaning"  # cleaning and hygiene services, pest control included
    GREEN_SPACES = "green_spaces"
    WASTE = "waste"  # waste collection and treatment
    BUILDING_NEW = "building_new"
    BUILDING_RENOVATION = "building_renovation"
    DEMOLITION = "demolition"
    CIVIL_ENGINEERING = "civil_engineering"
    IT_EQUIPMENT = "it_equipment"
    DIGITAL_SERVICES = "digital_services"
    FURNITURE = "furniture"
    TEXTILES = "textiles"
    VEHICLES_TRANSPORT = "vehicles_transport"  # vehicles and transport services
    ENERGY = "energy"
    TRAINING_SOCIAL = "training_social"  # training and social services
    PRINTING_PAPER = "printing_paper"
    EVENTS = "events"


# The families of a works contract that CPV codes alone often cannot tell apart.
WORKS_FAMILIES = frozenset(
    {
        PurchaseFamily.BUILDING_NEW,
        PurchaseFamily.BUILDING_RENOVATION,
        PurchaseFamily.DEMOLITION,
        PurchaseFamily.CIVIL_ENGINEERING,
    }
)


class FamilyDataError(ProcureError):
    """``families.yaml`` is malformed."""


@dataclass(frozen=True)
class FamilyRule:
    """Which contract types and CPV prefixes make a purchase belong to one family."""

    family: PurchaseFamily
    contract_types: frozenset[ContractType]
    cpv: tuple[str, ...]
    excluding: tuple[str, ...] = ()

    def matches(self, contract_type: ContractType, code: str) -> bool:
        """Whether a purchase of ``contract_type`` with the CPV ``code`` is of this family."""
        return (
            contract_type in self.contract_types
            and code.startswith(self.cpv)
            and not code.startswith(self.excluding)
        )


@dataclass(frozen=True)
class FamilyTable:
    """``families.yaml`` as read: one rule per family, and the default works families."""

    rules: tuple[FamilyRule, ...]
    works_default: frozenset[PurchaseFamily]


def families_of(
    contract_type: ContractType | str,
    cpv_codes: Iterable[str],
    *,
    works: Iterable[PurchaseFamily | str] | None = None,
    catering: bool = False,
) -> frozenset[PurchaseFamily]:
    """The families of a purchase from its contract type and its CPV codes (main first).

    ``cpv_codes`` may carry their check digit (``"55524000-9"``) or not.

    ``works`` is the buyer's explicit answer to "new building, renovation, demolition or
    civil engineering?": when given, it replaces what the codes say about works. Without
    it, a works contract that no code places belongs to the default families of
    ``families.yaml`` (new building and renovation: both stay possible until the buyer
    says which). An empty answer means none of the works families.

    ``catering`` is the buyer's answer that the purchase serves collective catering:
    food supplies then count as collective catering (EGalim) instead of food supplies.
    """
    kind = ContractType(contract_type)
    codes = [_digits(code) for code in cpv_codes]
    table = family_table()
    found = {rule.family for rule in table.rules if any(rule.matches(kind, code) for code in codes)}
    if catering:
        found.add(PurchaseFamily.COLLECTIVE_CATERING)
        found.discard(PurchaseFamily.FOOD_SUPPLIES)
    if works is not None:
        answer = {PurchaseFamily(family) for family in works}
        if answer - WORKS_FAMILIES:
            names = ", ".join(sorted(answer - WORKS_FAMILIES))
            raise ValueError(f"{names} is not a works family")
        found = (found - WORKS_FAMILIES) | answer
    elif kind is ContractType.WORKS and not found & WORKS_FAMILIES:
        found |= table.works_default
    return frozenset(found)


def fits(declared: Iterable[str], families: Iterable[PurchaseFamily]) -> bool:
    """Whether a clause that declares ``declared`` families fits a purchase of ``families``.

    A clause that declares no family is generic and fits every purchase.
    """
    wanted = set(declared)
    return not wanted or bool(wanted & set(families))


def _digits(code: str) -> str:
    return code.strip().split("-")[0].strip()


@cache
def family_table() -> FamilyTable:
    """The rules of ``families.yaml``, checked; ``FamilyDataError`` when it is malformed."""
    data = yaml.safe_load(FAMILIES_PATH.read_text(encoding="utf-8"))
    try:
        rules = tuple(_rule(name, entry) for name, entry in data["families"].items())
        works_default = frozenset(PurchaseFamily(name) for name in data["works_default"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise FamilyDataError(f"{FAMILIES_PATH.name} is malformed: {error!r}") from error
    missing = set(PurchaseFamily) - {rule.family for rule in rules}
    if missing:
        raise FamilyDataError(f"{FAMILIES_PATH.name} has no entry for {', '.join(sorted(missing))}")
    if not works_default or works_default - WORKS_FAMILIES:
        raise FamilyDataError(f"{FAMILIES_PATH.name}: works_default must list works families")
    return FamilyTable(rules=rules, works_default=works_default)


def _rule(name: str, entry: dict[str, Any]) -> FamilyRule:
    def prefixes(key: str) -> tuple[str, ...]:
        values = entry.get(key) or []
        if not all(isinstance(value, str) and value.isdigit() for value in values):
            raise ValueError(f"{name}.{key} must list CPV prefixes as quoted digits")
        return tuple(values)

    return FamilyRule(
        family=PurchaseFamily(name),
        contract_types=frozenset(ContractType(kind) for kind in entry["contract_types"]),
        cpv=prefixes("cpv"),
        excluding=prefixes("excluding"),
    )
