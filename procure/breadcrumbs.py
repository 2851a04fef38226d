"""The breadcrumbs: the way from the home page to the current one, filled by each view.

A view builds a ``Trail`` from what it already loaded (the clause, the tender) and hands
it to its template as ``breadcrumbs``; ``base.html`` prints it under the header, the home
page first and the current page last (``aria-current="page"``, not a link). Nothing is
guessed from the URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from procure.models import Tender


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str | None = None


@dataclass
class Trail:
    crumbs: list[Crumb] = field(default_factory=list)

    def add(self, label: object, url: str | None = None) -> Trail:
        """Append a page (``url`` None for the current one, which comes last)."""
        self.crumbs.append(Crumb(str(label), url))
        return self

    def __iter__(self) -> Iterator[Crumb]:
        return iter(self.crumbs)

    def __bool__(self) -> bool:
        return bool(self.crumbs)


def tender_label(tender: Tender) -> str:
    """How a tender is named in a trail: its reference, and its title when it has one."""
    return f"{tender.reference} — {tender.title}" if tender.title else tender.reference
