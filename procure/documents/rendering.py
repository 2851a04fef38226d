"""A chosen clause made ready to write: its texts in one language, values filled in.

Values are formatted by variable type (see ``formatting``); a value of the wrong
type raises ``ValueError`` naming the clause and the variable.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from procure.documents.sanitise import one_line, require_text, xml_safe
from procure.formatting import format_amount, format_date, format_number, to_decimal
from procure.library.content import ClauseContent, Variable
from procure.library.legal import cite, find_reference
from procure.library.markup import Block, Value, fill, parse
from procure.snapshot import ChosenClause

BOOKMARK_MAX = 40  # Word's limit on bookmark names
_NOT_BOOKMARK = re.compile(r"[^A-Za-z0-9_]+")


@dataclass(frozen=True, slots=True)
class Citation:
    text: str  # the long form, for sentences: "article L. 2113-13 du code de la commande publique"
    short: str  # the short form, for tables: "CCP, art. L. 2113-13"
    verified: bool


@dataclass(frozen=True, slots=True)
class Kpi:
    metric: str
    unit: str
    frequency: str


@dataclass(frozen=True)
class RenderedClause:
    clause: ChosenClause
    title: str
    text: list[Block]
    penalty: list[Block]
    verification: list[Block]
    kpi: Kpi | None
    citations: tuple[Citation, ...]
    adapted: bool = False  # the text is the buyer's wording, not the library's
    # The library's text, values filled in, when ``adapted``: what revisions compare with
    library_text: list[Block] | None = None
    # The buyer adapted the other language's wording only: this text is the library's
    # and does not say what the adapted one says; the document marks it as not matching.
    diverges: bool = False

    @property
    def trace(self) -> str:
        """The library identity this text comes from: ``insertion-hours@3``, followed by
        ``+modified`` when the buyer adapted the wording (``insertion-hours@3+modified``),
        then by the approved content hash when there is one (``… sha256:<64 hex>``)."""
        return trace(
            self.clause.slug,
            self.clause.version,
            self.clause.approved_hash,
            modified=self.adapted,
        )

    @property
    def bookmark(self) -> str:
        return bookmark_name(self.clause.slug, self.clause.version, self.clause.approved_hash)


class Trace(NamedTuple):
    slug: str
    version: int
    hash: str | None  # the approved content hash, 64 lowercase hex digits
    modified: bool = False  # the buyer adapted the wording (``+modified``)


HASH_PREFIX = "sha256:"
BOOKMARK_HASH_LENGTH = 8  # hex digits of the approved hash a bookmark name carries
_HASH = re.compile(r"[0-9a-f]{64}")
_TRACE = re.compile(r"(?P<slug>[^\s@]+)@(?P<version>[1-9][0-9]*)(?P<modified>\+modified)?")


def trace(slug: str, version: int, approved_hash: str | None, *, modified: bool = False) -> str:
    """The custom property value of one clause: ``<id>@<version>[+modified] sha256:<hex>``."""
    value = f"{slug}@{version}{'+modified' if modified else ''}"
    if approved_hash is None:
        return value
    if not _HASH.fullmatch(approved_hash):
        raise ValueError(f"clause '{slug}': approved hash must be 64 hexadecimal digits")
    return f"{value} {HASH_PREFIX}{approved_hash}"


def parse_trace(value: str) -> Trace:
    """``(slug, version, hash or None, modified)`` from a trace this module wrote, with or
    without its hash (documents built before hashes were written carry ``id@version``
    only).

    Raises ``ValueError`` naming the value when it is not a trace."""
    if not isinstance(value, str):
        raise ValueError(f"clause trace: expected text, got {type(value).__name__}")
    identity, _, rest = value.strip().partition(" ")
    match = _TRACE.fullmatch(identity)
    if match is None:
        raise ValueError(f"clause trace {value!r:.120}: expected '<clause id>@<version>'")
    digest: str | None = None
    rest = rest.strip()
    if rest:
        digest = rest.removeprefix(HASH_PREFIX).lower()
        if not rest.startswith(HASH_PREFIX) or not _HASH.fullmatch(digest):
            raise ValueError(
                f"clause trace {value!r:.120}: expected 'sha256:' and 64 hexadecimal digits "
                "after the version"
            )
    return Trace(match["slug"], int(match["version"]), digest, bool(match["modified"]))


def bookmark_name(slug: str, version: int, approved_hash: str | None = None) -> str:
    """``clause_<id>_v<version>`` within Word's bookmark rules, followed by
    ``_h<8 hex>``, the start of the approved content hash, when there is one.

    Word accepts letters, digits and underscores, starting with a letter, at most
    40 characters. A longer name keeps its start and gets a short hash of the
    full id, so two long ids never share a bookmark.
    """
    safe = _NOT_BOOKMARK.sub("_", slug).strip("_") or "clause"
    suffix = f"_v{version}"
    if approved_hash is not None:
        suffix += f"_h{approved_hash[:BOOKMARK_HASH_LENGTH]}"
    name = f"clause_{safe}{suffix}"
    if len(name) <= BOOKMARK_MAX:
        return name
    digest = hashlib.sha1(slug.encode("utf-8")).hexdigest()[:6]
    keep = BOOKMARK_MAX - len("clause_") - len(suffix) - len(digest) - 1
    return f"clause_{safe[:keep].rstrip('_')}_{digest}{suffix}"


def _text_in(value: Any, language: str, field: str) -> str:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)  # "lot 2" typed as a number in a text variable
    if isinstance(value, dict):
        chosen = value.get(language)
        if chosen is None:
            chosen = next((v for v in value.values() if isinstance(v, str)), None)
        return require_text(chosen, field)
    return require_text(value, field)


def render_value(variable: Variable | None, value: Any, language: str, field: str) -> Value:
    """One variable's value as it reads in the clause text."""
    kind = variable.type if variable is not None else None
    if kind == "money":
        return Value(format_amount(value, language, field=field), numeric=True)
    if kind == "integer":
        number = to_decimal(value, field)
        if number != number.to_integral_value():
            raise ValueError(f"{field}: expected a whole number, got {value!r:.60}")
        return Value(format_number(number, language, field=field), numeric=True)
    if kind in {"decimal", "percent"}:
        return Value(format_number(value, language, field=field), numeric=True)
    if kind == "date":
        return Value(format_date(value, language, field=field))
    if kind == "choice":
        for choice in variable.choices if variable is not None else ():
            if str(choice.value) == str(value):
                return Value(_text_in(choice.label, language, field))
        raise ValueError(f"{field}: {value!r:.60} is not one of the choices")
    if kind is None and isinstance(value, int | float) and not isinstance(value, bool):
        return Value(format_number(value, language, field=field), numeric=True)
    return Value(_text_in(value, language, field))


def render_clause(clause: ChosenClause, language: str) -> RenderedClause:
    content = clause.content
    values: dict[str, Value] = {}

    def lookup(name: str) -> Value:
        if name not in values:
            field = f"clause '{clause.slug}', variable '{name}'"
            try:
                raw = clause.value(name)
            except KeyError:
                raise ValueError(f"{field}: no value and no default") from None
            values[name] = render_value(content.variable(name), raw, language, field)
        return values[name]

    def blocks(text: str | None) -> list[Block]:
        if not text:
            return []
        return fill(parse(xml_safe(text)), lookup, language=language)

    kpi = content.kpi
    title = content.title.get(language) or clause.slug
    return RenderedClause(
        clause=clause,
        title=one_line(title),
        text=blocks(clause.text(language)),
        penalty=blocks((content.penalty or {}).get(language)),
        verification=blocks(content.verification.get(language)),
        kpi=Kpi(
            metric=one_line(kpi.metric[language]),
            unit=one_line(kpi.unit),
            frequency=str(kpi.frequency),
        )
        if kpi
        else None,
        citations=tuple(_citations(content, language)),
        adapted=language in clause.custom_text,
        library_text=blocks(content.text.get(language)) if language in clause.custom_text else None,
        diverges=diverges(clause, language),
    )


def diverges(clause: ChosenClause, language: str) -> bool:
    """The buyer adapted ``clause``'s wording in another language but not in ``language``:
    the library's text in ``language`` no longer says what the tender says."""
    return clause.is_adapted and language not in clause.custom_text


def _citations(content: ClauseContent, language: str) -> list[Citation]:
    return [citation_of(basis.code, basis.article, language) for basis in content.legal_basis]


def citation_of(code: str, article: str | None, language: str) -> Citation:
    """A legal reference in both forms; one missing from the catalogue is unverified."""
    reference = find_reference(code, article)
    return Citation(
        text=one_line(cite(code, article, language)),
        short=one_line(cite(code, article, language, short=True)),
        verified=reference is not None and reference.verified,
    )
