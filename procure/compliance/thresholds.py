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
class _Table:
    periods: tuple[_Period, ...]
    social_services_cpv: tuple[str, ...]


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
    main = purchase.cpv_codes[0]
    return any(main.startswith(entry) for entry in _table().social_services_cpv)


def _basis(fr: str, en: str, period: _Period) -> Bilingual:
    return {"fr": f"{fr}, {period.name}", "en": f"{en}, {period.name}"}


@cache
def _table() -> _Table:
    data = yaml.safe_load(THRESHOLDS_PATH.read_text(encoding="utf-8"))
    try:
        periods = tuple(_period(entry) for entry in data["periods"])
        social = tuple(str(code) for code in data["social_services_cpv"])
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        raise ThresholdError(f"{THRESHOLDS_PATH.name} is malformed: {error!r}") from error
    ordered = sorted(periods, key=lambda period: period.start)
    for before, after in itertools.pairwise(ordered):
        if after.start <= before.end:
            raise ThresholdError(
                f"{THRESHOLDS_PATH.name}: periods {before.name} and {after.name} overlap"
            )
    return _Table(periods=tuple(ordered), social_services_cpv=social)


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
