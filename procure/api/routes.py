from __future__ import annotations

from flask import Blueprint, jsonify, request

from procure.auth.access import signed_in
from procure.cpv.search import search_cpv
from procure.db import get_session
from procure.i18n import current_language

bp = Blueprint("api", __name__, url_prefix="/api")
MAX_SUGGESTIONS = 15


@bp.get("/cpv")
@signed_in
def cpv():
    """CPV codes matching ``q`` (code digits or words), for search-as-you-type."""
    query = request.args.get("q", "").strip()[:100]
    if len(query) < 2:
        return jsonify(results=[])
    language = current_language()
    codes = search_cpv(get_session(), query, language, limit=MAX_SUGGESTIONS)
    return jsonify(
        results=[
            {"code": code.full_code, "label": code.label_fr if language == "fr" else code.label_en}
            for code in codes
        ]
    )
