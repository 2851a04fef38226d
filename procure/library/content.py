"""A clause version's content as typed, frozen data.

The clause file (clauses/README.md, checked by ``procure.library.schema``) and the
``ClauseVersion.content`` column hold the content as a mapping; ``ClauseContent``
is how every reader outside the library takes it: ``content.title["fr"]``,
``content.variables``, ``content.kind``.

``ClauseContent.from_mapping`` reads a checked mapping. It needs ``kind`` and
``ambition``; a field that a hand-made clause (a test, a draft) leaves out reads
as empty: an empty mapping for a text, an empty tuple for a list, ``None`` for
the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from procure.library.families import PurchaseFamily
from procure.vocabulary import (
    Ambition,
    ClauseKind,
    ContractType,
    KpiFrequency,
    Objective,
    Pillar,
    Theme,
    VariableType,
)

Bilingual = Mapping[str, str]  # language ("fr", "en") -> text

# A text variable without ``max_length`` accepts this many characters.
DEFAULT_TEXT_MAX_LENGTH = 500


@dataclass(frozen=True)
class Choice:
    """One value a choice variable offers, with its label."""

    value: Any  # as written in the clause file: a text or a number
    label: Bilingual


@dataclass(frozen=True)
class Variable:
    """A value the buyer sets in a clause's text, as the clause declares it."""

    name: str
    type: VariableType
    label: Bilingual
    help: Bilingual
    # Typed by ``type``: a number, an ISO date, a choice's value, a text or a {fr, en} text.
    default: Any
    unit: str | None = None
    min: int | float | None = None
    max: int | float | None = None
    max_length: int = DEFAULT_TEXT_MAX_LENGTH
    choices: tuple[Choice, ...] = ()

    @property
    def bounds(self) -> dict[str, int | float]:
        """The declared ``min`` and ``max``, by name, leaving out those not declared."""
        found = {"min": self.min, "max": self.max}
        return {name: value for name, value in found.items() if value is not None}

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Variable:
        return cls(
            name=str(data["name"]),
            type=VariableType(data["type"]),
            label=_bilingual(data.get("label")),
            help=_bilingual(data.get("help")),
            default=data.get("default"),
            unit=data.get("unit"),
            min=data.get("min"),
            max=data.get("max"),
            max_length=int(data.get("max_length", DEFAULT_TEXT_MAX_LENGTH)),
            choices=tuple(
                Choice(value=choice["value"], label=_bilingual(choice.get("label")))
                for choice in data.get("choices") or ()
            ),
        )


@dataclass(frozen=True)
class LegalBasis:
    """A legal reference a clause cites: a code and an article (``None`` for a whole text)."""

    code: str
    article: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> LegalBasis:
        article = data.get("article")
        return cls(code=str(data["code"]), article=None if article is None else str(article))


@dataclass(frozen=True)
class Kpi:
    """What the buyer measures to follow the clause up."""

    metric: Bilingual
    unit: str
    frequency: KpiFrequency

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Kpi:
        return cls(
            metric=_bilingual(data.get("metric")),
            unit=str(data.get("unit") or ""),
            frequency=KpiFrequency(data["frequency"]),
        )


@dataclass(frozen=True)
class ClauseContent:
    """One version of a clause: its texts, what it fits, its variables and its links."""

    kind: ClauseKind
    ambition: Ambition
    title: Bilingual
    text: Bilingual
    guidance: Bilingual
    verification: Bilingual
    pillars: tuple[Pillar, ...] = ()
    themes: tuple[Theme, ...] = ()
    objectives: tuple[Objective, ...] = ()
    contract_types: tuple[ContractType, ...] = ()
    cpv_prefixes: tuple[str, ...] = ()
    families: tuple[PurchaseFamily, ...] = ()
    min_value: Decimal | None = None  # EUR excl. VAT
    penalty: Bilingual | None = None
    legal_basis: tuple[LegalBasis, ...] = ()
    variables: tuple[Variable, ...] = ()
    eforms: Mapping[str, tuple[str, ...]] | None = None  # list name -> eForms codes
    kpi: Kpi | None = None
    related_with: tuple[str, ...] = ()  # slugs of clauses that go with this one
    excludes: tuple[str, ...] = ()  # slugs of clauses that cannot be chosen with it

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ClauseContent:
        """The content of a clause file or of ``ClauseVersion.content``."""
        related = data.get("related") or {}
        min_value = data.get("min_value")
        penalty = data.get("penalty")
        eforms = data.get("eforms")
        kpi = data.get("kpi")
        return cls(
            kind=ClauseKind(data["kind"]),
            title=_bilingual(data.get("title")),
            text=_bilingual(data.get("text")),
            guidance=_bilingual(data.get("guidance")),
            verification=_bilingual(data.get("verification")),
            ambition=Ambition(data["ambition"]),
            pillars=tuple(Pillar(p) for p in data.get("pillars") or ()),
            themes=tuple(Theme(t) for t in data.get("themes") or ()),
            objectives=tuple(Objective(o) for o in data.get("objectives") or ()),
            contract_types=tuple(ContractType(c) for c in data.get("contract_types") or ()),
            cpv_prefixes=tuple(str(p) for p in data.get("cpv_prefixes") or ()),
            families=tuple(PurchaseFamily(f) for f in data.get("families") or ()),
            min_value=None if min_value is None else Decimal(str(min_value)),
            penalty=_bilingual(penalty) if penalty else None,
            legal_basis=tuple(LegalBasis.from_mapping(b) for b in data.get("legal_basis") or ()),
            variables=tuple(Variable.from_mapping(v) for v in data.get("variables") or ()),
            eforms=(
                {name: tuple(codes or ()) for name, codes in eforms.items()} if eforms else None
            ),
            kpi=Kpi.from_mapping(kpi) if kpi else None,
            related_with=tuple(related.get("with") or ()),
            excludes=tuple(related.get("excludes") or ()),
        )

    @property
    def variable_names(self) -> tuple[str, ...]:
        return tuple(variable.name for variable in self.variables)

    def texts(self, name: str) -> Bilingual | None:
        """One of the texts by its field name in the clause file: "text", "penalty"…"""
        found: dict[str, Bilingual | None] = {
            "title": self.title,
            "text": self.text,
            "guidance": self.guidance,
            "verification": self.verification,
            "penalty": self.penalty,
        }
        return found.get(name)

    def variable(self, name: str) -> Variable | None:
        """The variable declared as ``name``, or ``None``."""
        return next((v for v in self.variables if v.name == name), None)


def _bilingual(value: Any) -> dict[str, str]:
    return dict(value) if isinstance(value, Mapping) else {}
