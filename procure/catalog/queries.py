"""The library search a request asks for, as a ``LibraryQuery``: used by the library
pages and by the wizard's clause step."""

from __future__ import annotations

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


def library_query(args: MultiDict[str, str]) -> LibraryQuery:
    """The library search a request asks for, limited to what the user may see."""
    try:
        page = max(1, int(args.get("page", "1")))
    except ValueError:
        page = 1
    selections = {FACET_ARGUMENTS[name]: frozenset(args.getlist(name)) for name in FACETS}
    return LibraryQuery(
        language=current_language(),
        text=args.get("q", "")[:200],
        cpv=args.get("cpv", "")[:20],
        include_unapproved=current_user.is_legal_staff,
        organisation_id=current_user.organisation_id,
        page=page,
        page_size=current_app.config["LIBRARY_PAGE_SIZE"],
        **selections,
    )
