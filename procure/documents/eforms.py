"""The eForms codes a tender declares, gathered from its clauses (FACTS §5).

BT-06 (strategic procurement), BT-774 (green procurement) and BT-775 (social
procurement) are the union of the chosen clauses' ``eforms`` codes, in the
order of the official code lists. BT-71 (reserved participation) follows from
reserved-contract clauses: a reservation under L2113-12, L2113-13 or L2113-14
is ``res-ws``; one under L2113-15 is ``res-pub-ser``. Whenever BT-06 holds a
code other than ``none``, BT-777 (a free-text description) becomes mandatory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from procure.snapshot import ChosenClause
from procure.vocabulary import EFORMS_ENVIRONMENTAL, EFORMS_SOCIAL, EFORMS_STRATEGIC, ClauseKind

RESERVED_CODES = ("res-ws", "res-pub-ser")
SHELTERED_ARTICLES = frozenset({"L2113-12", "L2113-13", "L2113-14"})
PUBLIC_SERVICE_ARTICLES = frozenset({"L2113-15"})
BT777_MAX = 6000


@dataclass(frozen=True)
class EformsCodes:
    strategic: tuple[str, ...]  # BT-06
    environmental: tuple[str, ...]  # BT-774
    social: tuple[str, ...]  # BT-775
    reserved: tuple[str, ...]  # BT-71

    @property
    def needs_description(self) -> bool:
        """BT-777 is mandatory when BT-06 holds a code other than ``none``."""
        return any(code != "none" for code in self.strategic)


def _ordered(codes: Iterable[str], order: tuple[str, ...]) -> tuple[str, ...]:
    wanted = set(codes)
    known = [code for code in order if code in wanted]
    return (*known, *sorted(wanted - set(order)))


def reserved_codes(clause: ChosenClause) -> set[str]:
    codes = set((clause.eforms or {}).get("reserved") or ())
    if clause.kind is ClauseKind.RESERVED_CONTRACT:
        for basis in clause.content.legal_basis:
            if basis.code != "CCP":
                continue
            article = str(basis.article)
            if article in SHELTERED_ARTICLES:
                codes.add("res-ws")
            elif article in PUBLIC_SERVICE_ARTICLES:
                codes.add("res-pub-ser")
    return codes


def collect_codes(clauses: Iterable[ChosenClause]) -> EformsCodes:
    strategic: set[str] = set()
    environmental: set[str] = set()
    social: set[str] = set()
    reserved: set[str] = set()
    for clause in clauses:
        eforms = clause.eforms or {}
        strategic.update(eforms.get("strategic") or ())
        environmental.update(eforms.get("environmental") or ())
        social.update(eforms.get("social") or ())
        reserved.update(reserved_codes(clause))
    if len(strategic) > 1:
        strategic.discard("none")
    return EformsCodes(
        strategic=_ordered(strategic, EFORMS_STRATEGIC),
        environmental=_ordered(environmental, EFORMS_ENVIRONMENTAL),
        social=_ordered(social, EFORMS_SOCIAL),
        reserved=_ordered(reserved, RESERVED_CODES),
    )


def suggested_description(template: str, separator: str, titles: Iterable[str]) -> str:
    """A BT-777 draft from clause titles, cut to the field's 6,000 characters."""
    text = template.format(titles=separator.join(titles))
    return text if len(text) <= BT777_MAX else text[: BT777_MAX - 1] + "…"
