"""Browsing and searching the clause library, on SQLite (FTS5) and PostgreSQL alike.

Full-text matching happens in the database; filters, facet counts and paging run
in Python over the current version of each clause (the library holds hundreds of
clauses, not millions).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, contains_eager

from procure.library.ownership import visible_clauses
from procure.library.synonyms import Alternative, Concept, SearchWord, expand, synonym_groups
from procure.library.text import search_words
from procure.library.versions import WITHOUT_CONTENT, parse_contents
from procure.models import Clause, ClauseVersion
from procure.vocabulary import ClauseStatus

FACETS = ("theme", "pillar", "kind", "contract_type", "status")


@dataclass
class LibraryQuery:
    language: str = "fr"
    text: str = ""
    themes: frozenset[str] = frozenset()
    pillars: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    contract_types: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    cpv: str = ""  # a CPV code: clauses whose prefixes match it, or that apply everywhere
    include_unapproved: bool = False  # legal staff see drafts and reviews in progress
    organisation_id: int | None = None  # also show this organisation's own clauses
    page: int = 1
    page_size: int = 20


@dataclass
class LibraryPage:
    items: list[ClauseVersion]
    total: int
    page: int
    pages: int
    facets: dict[str, Counter[str]] = field(default_factory=dict)


def current_versions(
    session: Session, *, include_unapproved: bool, organisation_id: int | None = None
) -> list[ClauseVersion]:
    """The version of each clause a reader sees: the latest approved one for buyers,
    the latest one of any status for legal staff. An organisation's variant of a
    reference clause takes the reference's place once it has such a version."""
    by_slug: dict[str, ClauseVersion] = {}
    query = _current(select(ClauseVersion), include_unapproved, organisation_id)
    # The clause is joined already: read it from the same rows, not one query per version;
    # the JSON contents are parsed once per process, not on each request.
    for version in session.scalars(
        query.options(contains_eager(ClauseVersion.clause), WITHOUT_CONTENT)
    ):
        by_slug.setdefault(version.clause.slug, version)
    parse_contents(session, by_slug.values())
    return list(by_slug.values())


def status_counts(session: Session, organisation_id: int | None) -> Counter[str]:
    """How many clauses of the library legal staff read are at each status: the status
    of each clause's current version, as the library's status filter counts them, read in
    one query of two columns."""
    by_slug: dict[str, str] = {}
    for row in session.execute(
        _current(select(Clause.slug, ClauseVersion.status), True, organisation_id)
    ):
        by_slug.setdefault(row.slug, row.status)
    return Counter(by_slug.values())


def _current(query: Any, include_unapproved: bool, organisation_id: int | None) -> Any:
    """``query`` limited to each visible clause's current version, an organisation's own
    clauses first (a variant then takes its reference's place)."""
    numbers = select(
        ClauseVersion.clause_id, func.max(ClauseVersion.number).label("number")
    ).group_by(ClauseVersion.clause_id)
    if not include_unapproved:
        numbers = numbers.where(ClauseVersion.status == ClauseStatus.APPROVED.value)
    latest = numbers.subquery()
    return (
        query.select_from(ClauseVersion)
        .join(
            latest,
            (ClauseVersion.clause_id == latest.c.clause_id)
            & (ClauseVersion.number == latest.c.number),
        )
        .join(Clause, Clause.id == ClauseVersion.clause_id)
        .where(visible_clauses(organisation_id))
        .order_by(Clause.organisation_id.is_(None))  # an organisation's own first
    )


def search_library(session: Session, query: LibraryQuery) -> LibraryPage:
    versions = current_versions(
        session,
        include_unapproved=query.include_unapproved,
        organisation_id=query.organisation_id,
    )
    tokens = search_tokens(query.text)
    if tokens:
        concepts = expand(tokens, synonym_groups(session, query.organisation_id, query.language))
        ranks = _full_text_ranks(session, concepts, query.language)
        versions = [version for version in versions if version.id in ranks]
    else:
        concepts, ranks = [], {}

    selections = {
        "theme": query.themes,
        "pillar": query.pillars,
        "kind": query.kinds,
        "contract_type": query.contract_types,
        "status": query.statuses,
    }
    facets = {
        name: _count_values(
            [v for v in versions if _matches(v, selections, query.cpv, skip=name)], name
        )
        for name in FACETS
    }
    matching = [v for v in versions if _matches(v, selections, query.cpv)]
    matching.sort(key=lambda v: _sort_key(v, concepts, ranks, query.language))

    pages = max(1, math.ceil(len(matching) / query.page_size))
    page = min(max(1, query.page), pages)
    start = (page - 1) * query.page_size
    return LibraryPage(
        items=matching[start : start + query.page_size],
        total=len(matching),
        page=page,
        pages=pages,
        facets=facets,
    )


def search_tokens(query_text: str) -> list[str]:
    return search_words(query_text)[:12]


def values_of(version: ClauseVersion, facet: str) -> list[str]:
    content = version.clause_content
    return {
        "theme": [str(theme) for theme in content.themes],
        "pillar": [str(pillar) for pillar in content.pillars],
        "kind": [version.kind],
        "contract_type": [str(contract_type) for contract_type in content.contract_types],
        "status": [version.status],
    }[facet]


def applies_to_cpv(version: ClauseVersion, cpv: str) -> bool:
    digits = re.sub(r"\D", "", cpv)[:8]
    prefixes = version.clause_content.cpv_prefixes
    return not prefixes or any(digits.startswith(prefix) for prefix in prefixes)


def _matches(
    version: ClauseVersion,
    selections: dict[str, frozenset[str]],
    cpv: str,
    skip: str | None = None,
) -> bool:
    for facet, chosen in selections.items():
        if facet != skip and chosen and not chosen.intersection(values_of(version, facet)):
            return False
    return not cpv or applies_to_cpv(version, cpv)


def _count_values(versions: list[ClauseVersion], facet: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for version in versions:
        counts.update(values_of(version, facet))
    return counts


def _sort_key(
    version: ClauseVersion, concepts: list[Concept], ranks: dict[int, float], language: str
) -> tuple[int, float, str]:
    title = getattr(version, f"search_title_{language}")
    title_words = title.split()
    in_title = all(
        any(
            all(any(_finds(word, found) for found in title_words) for word in alternative.words)
            for alternative in concept
        )
        for concept in concepts
    )
    return (0 if concepts and in_title else 1, ranks.get(version.id, 0.0), title)


def _finds(word: SearchWord, found: str) -> bool:
    return found.startswith(word.text) if word.prefix else found == word.text


def _full_text_ranks(session: Session, concepts: list[Concept], language: str) -> dict[int, float]:
    """Matching version ids with a rank where smaller is better: every concept found,
    each as one of its alternatives."""
    if session.get_bind().dialect.name == "sqlite":
        expression = " AND ".join(
            "(" + " OR ".join(_fts5(alternative) for alternative in concept) + ")"
            for concept in concepts
        )
        rows = session.execute(
            text(
                "SELECT rowid, bm25(clause_version_fts, 10.0, 1.0, 10.0, 1.0) "
                "FROM clause_version_fts WHERE clause_version_fts MATCH :query"
            ),
            {"query": f"{{title_{language} body_{language}}} : ({expression})"},
        )
        return {row[0]: float(row[1]) for row in rows}
    vector = (
        f"setweight(to_tsvector('simple', search_title_{language}), 'A') || "
        f"setweight(to_tsvector('simple', search_body_{language}), 'B')"
    )
    rows = session.execute(
        text(
            f"SELECT id, ts_rank({vector}, to_tsquery('simple', :query)) FROM clause_version "
            f"WHERE ({vector}) @@ to_tsquery('simple', :query)"
        ),
        {
            "query": " & ".join(
                "(" + " | ".join(_tsquery(alternative) for alternative in concept) + ")"
                for concept in concepts
            )
        },
    )
    return {row[0]: -float(row[1]) for row in rows}


# Words are [a-z0-9]+ (search_words): nothing in them needs quoting.
def _fts5(alternative: Alternative) -> str:
    words = [f'"{word.text}"' + ("*" if word.prefix else "") for word in alternative.words]
    return "(" + (" + " if alternative.phrase else " AND ").join(words) + ")"


def _tsquery(alternative: Alternative) -> str:
    words = [word.text + (":*" if word.prefix else "") for word in alternative.words]
    return "(" + (" <-> " if alternative.phrase else " & ").join(words) + ")"
