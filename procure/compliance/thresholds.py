"""The EU threshold that applies to a purchase on a date, read from ``thresholds.yaml``."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from procure.compliance.wording import BUYER_CATEGORIES, Bilingual
from procure.errors import ProcureError
from procure.snapshot import Purchase
from procure.vocabulary import ContractType, OrganisationCategory

THRESHOLDS_PATH = Path(__file__).with_name("thresholds.yaml")


class ThresholdError(ProcureError):
    """No EU threshold is recorded for a date, or the thresholds file is malformed."""


@dataclass(frozen=True)
class Threshold:
    """An EU threshold and what it was chosen for, to explain a comparison."""

    value: Decimal
    basis: Bilingual  # "services sociaux et spécifiques, 2026-2027"
    caveat: Bilingual | None = None  # the choice rests on data not yet confirmed


@dataclass(frozen=True)
class _Period:
    start: dt.date
    end: dt.date
    works: Decimal
    supplies_services: dict[OrganisationCategory, Decimal]
    defence_supplies_central: Decimal
    social_services: dict[OrganisationCategory, Decimal]

    @property
    def name(self) -> str:
        return f"{self.start.year}-{self.end.year}"


@dataclass(frozen=True)
class CpvRange:
    """CPV codes from ``first`` to ``last`` inclusive, with the codes under ``last``."""

    first: str
    last: str

    def __contains__(self, code: str) -> bool:
        # Trailing zeros mark a higher level of the vocabulary (FACTS §8): 80660000
        # stands for 80660000 and every code under it, up to 80669999.
        return self.first <= code <= self.last.rstrip("0").ljust(8, "9")


@dataclass(frozen=True)
class SocialServicesList:
    """The CPV codes of social and other specific services (Annex XIV), dated, with source."""

    codes: frozenset[str]
    ranges: tuple[CpvRange, ...]
    source: str
    as_of: dt.date
    verified: bool

    def __contains__(self, code: str) -> bool:
        return code in self.codes or any(code in entry for entry in self.ranges)


@dataclass(frozen=True)
class _Table:
    periods: tuple[_Period, ...]
    social_services: SocialServicesList


def eu_threshold(purchase: Purchase, on_date: dt.date | None = None) -> Decimal:
    """The EU threshold (EUR excl. VAT) for ``purchase`` on ``on_date`` (default: its launch).

    Raises ``ThresholdError`` when no period of ``thresholds.yaml`` covers the date.
    """
    return applicable_threshold(purchase, on_date).value


def applicable_threshold(purchase: Purchase, on_date: dt.date | None = None) -> Threshold:
    """``eu_threshold`` with the category and period it was taken from."""
    day = on_date or purchase.launch_date
    table = _table()
    period = next((p for p in table.periods if p.start <= day <= p.end), None)
    if period is None:
        raise ThresholdError(
            f"no EU threshold is recorded for {day.isoformat()}; "
            f"add its period to {THRESHOLDS_PATH.name}"
        )
    category = purchase.buyer_category
    who = BUYER_CATEGORIES[category]
    if purchase.contract_type is ContractType.WORKS:
        return Threshold(period.works, _basis("travaux", "works", period))
    if purchase.contract_type is ContractType.SERVICES and is_social_service(purchase):
        return Threshold(
            period.social_services[category],
            _basis(
                f"services sociaux et spécifiques, {who['fr']}",
                f"social and other specific services, {who['en']}",
                period,
            ),
            caveat=_social_services_caveat(table.social_services),
        )
    if (
        purchase.contract_type is ContractType.SUPPLIES
        and purchase.defence_or_security
        and category is OrganisationCategory.CENTRAL
    ):
        return Threshold(
            period.defence_supplies_central,
            _basis(
                "fournitures de défense d'une autorité centrale",
                "defence supplies of a central authority",
                period,
            ),
        )
    return Threshold(
        period.supplies_services[category],
        _basis(
            f"fournitures et services, {who['fr']}", f"supplies and services, {who['en']}", period
        ),
    )


def is_social_service(purchase: Purchase) -> bool:
    """Whether the main CPV code is a social or other specific service (Annex XIV)."""
    return purchase.cpv_codes[0] in _table().social_services


def social_services_list() -> SocialServicesList:
    """The Annex XIV list of ``thresholds.yaml``, with its source and date."""
    return _table().social_services


def _social_services_caveat(services: SocialServicesList) -> Bilingual | None:
    if services.verified:
        return None
    day = services.as_of.isoformat()
    return {
        "fr": "liste de l'annexe XIV de la directive 2014/24/UE telle que rappelée "
        f"au {day}, à confirmer",
        "en": f"list of Annex XIV of Directive 2014/24/EU as recalled on {day}, to be confirmed",
    }


def _basis(fr: str, en: str, period: _Period) -> Bilingual:
    return {"fr": f"{fr}, {period.name}", "en": f"{en}, {period.name}"}


@cache
def _table() -> _Table:
    data = yaml.safe_load(THRESHOLDS_PATH.read_text(encoding="utf-8"))
    try:
        periods = tuple(_period(entry) for entry in data["periods"])
        social = _social_services(data["social_services"])
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        raise ThresholdError(f"{THRESHOLDS_PATH.name} is malformed: {error!r}") from error
    ordered = sorted(periods, key=lambda period: period.start)
    for before, after in itertools.pairwise(ordered):
        if after.start <= before.end:
            raise ThresholdError(
                f"{THRESHOLDS_PATH.name}: periods {before.name} and {after.name} overlap"
            )
    return _Table(periods=tuple(ordered), social_services=social)


def _social_services(entry: dict[str, Any]) -> SocialServicesList:
    def code(value: Any) -> str:
        text = str(value)
        if len(text) != 8 or not text.isdigit():
            raise ValueError(f"social_services: '{text}' is not an 8-digit CPV code")
        return text

    codes: set[str] = set()
    ranges: list[CpvRange] = []
    for item in entry["cpv"]:
        if isinstance(item, dict):
            ranges.append(CpvRange(code(item["from"]), code(item["to"])))
        else:
            codes.add(code(item))
    source = str(entry["source"]).strip()
    if not source:
        raise ValueError("social_services: source is empty")
    verified = entry["verified"]
    if not isinstance(verified, bool):
        raise TypeError("social_services: verified must be true or false")
    return SocialServicesList(
        codes=frozenset(codes),
        ranges=tuple(ranges),
        source=source,
        as_of=dt.date.fromisoformat(str(entry["as_of"])),
        verified=verified,
    )


def _period(entry: dict[str, Any]) -> _Period:
    def by_category(values: dict[str, Any]) -> dict[OrganisationCategory, Decimal]:
        return {category: Decimal(str(values[category.value])) for category in OrganisationCategory}

    start = dt.date.fromisoformat(str(entry["from"]))
    end = dt.date.fromisoformat(str(entry["until"]))
    if end < start:
        raise ValueError(f"period ending {end} starts after it ends")
    return _Period(
        start=start,
        end=end,
        works=Decimal(str(entry["works"])),
        supplies_services=by_category(entry["supplies_services"]),
        defence_supplies_central=Decimal(str(entry["defence_supplies_central"])),
        social_services=by_category(entry["social_services"]),
    )
