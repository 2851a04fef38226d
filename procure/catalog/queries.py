"""The library search a request asks for, as a ``LibraryQuery``: used by the library
pages, the wizard's clause step and the JSON API."""

from __future__ import annotations

from typing import Protocol

from flask import current_app
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from procure.i18n import current_language
from procure.library.search import FACETS, LibraryQuery

FACET_ARGUMENTS = {
    "theme": "themes",
    "pillar": "pillars",
    "kind": "kinds",
    "contract_type": "contract_types",
    "status": "statuses",
}


class LibraryReader(Protocol):
    """Who searches: a signed-in user, or an API reader."""

    @property
    def organisation_id(self) -> int: ...

    @property
    def is_legal_staff(self) -> bool: ...


def library_query(
    args: MultiDict[str, str],
    reader: LibraryReader | None = None,
    *,
    language: str | None = None,
    page_size: int | None = None,
) -> LibraryQuery:
    """The library search a request asks for, limited to what ``reader`` (by default the
    signed-in user) may see."""
    reader = reader if reader is not None else current_user
    try:
        page = max(1, int(args.get("page", "1")))
    except ValueError:
        page = 1
    selections = {FACET_ARGUMENTS[name]: frozenset(args.getlist(name)) for name in FACETS}
    return LibraryQuery(
        language=language or current_language(),
        text=args.get("q", "")[:200],
        cpv=args.get("cpv", "")[:20],
        include_unapproved=reader.is_legal_staff,
        organisation_id=reader.organisation_id,
        page=page,
        page_size=page_size or current_app.config["LIBRARY_PAGE_SIZE"],
        **selections,
    )
