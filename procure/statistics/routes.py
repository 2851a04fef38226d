"""The administrator's statistics page and its CSV and JSON exports."""

from __future__ import annotations

from flask import Blueprint, Response, render_template
from flask_login import current_user

from procure.auth.access import roles_required
from procure.db import get_session
from procure.i18n import current_language
from procure.statistics import presenters
from procure.statistics.figures import DIMENSIONS, GROUPS, organisation_statistics
from procure.vocabulary import Role

bp = Blueprint("statistics", __name__, url_prefix="/admin/statistics")


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    statistics = organisation_statistics(get_session(), current_user.organisation_id)
    language = current_language()
    return render_template(
        "statistics/index.html",
        statistics=statistics,
        dimensions=DIMENSIONS,
        groups=GROUPS,
        row_label=lambda row: presenters.row_label(row, language),
        charts={
            (dimension, by_value): presenters.bar_chart(
                statistics.sections[dimension], language, by_value=by_value
            )
            for dimension in DIMENSIONS
            for by_value in (False, True)
        },
    )


@bp.get("/export.csv")
@roles_required(Role.ADMIN)
def export_csv() -> Response:
    statistics = organisation_statistics(get_session(), current_user.organisation_id)
    return Response(
        presenters.to_csv(statistics, current_language()),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="procure-statistics.csv"'},
    )


@bp.get("/export.json")
@roles_required(Role.ADMIN)
def export_json() -> Response:
    statistics = organisation_statistics(get_session(), current_user.organisation_id)
    return Response(
        presenters.to_json(statistics, current_language(), current_user.organisation.name),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="procure-statistics.json"'},
    )
