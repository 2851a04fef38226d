from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, render_template, request, stream_with_context, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from procure.auditlog import services
from procure.auditlog.forms import AuditFilterForm
from procure.auditlog.wording import action_label, event_sentence, subject_type_label
from procure.auth.access import roles_required
from procure.breadcrumbs import Trail
from procure.db import get_session
from procure.forms import choice_list
from procure.i18n import current_language
from procure.vocabulary import Role

bp = Blueprint("auditlog", __name__, url_prefix="/admin/audit")
PAGE_SIZE = 50


def _filters() -> tuple[AuditFilterForm, services.AuditFilters]:
    """The form as the query string fills it, and the filters it stands for; a filter
    whose value is not valid is left out (the form says why)."""
    session = get_session()
    organisation_id = current_user.organisation_id
    form = AuditFilterForm(request.args)
    everything = [("", _l("All"))]
    form.action.choices = choice_list(
        everything
        + [(a, action_label(a)) for a in services.known_actions(session, organisation_id)]
    )
    form.subject_type.choices = choice_list(
        everything
        + [
            (t, subject_type_label(t))
            for t in services.known_subject_types(session, organisation_id)
        ]
    )
    form.actor.choices = choice_list(
        everything
        + [
            (str(user.id), f"{user.name} ({user.email})")
            for user in services.actors(session, organisation_id)
        ]
    )
    form.validate()
    zone = ZoneInfo(str(get_timezone()))

    def valid(field):
        return field.data if field.data and not field.errors else None

    date_from, date_to = valid(form.date_from), valid(form.date_to)
    actor = valid(form.actor)
    return form, services.AuditFilters(
        action=valid(form.action) or "",
        subject_type=valid(form.subject_type) or "",
        actor_id=int(actor) if actor else None,
        since=dt.datetime.combine(date_from, dt.time(), zone) if date_from else None,
        until=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), zone)
        if date_to
        else None,
    )


@bp.get("/")
@roles_required(Role.ADMIN)
def index():
    form, filters = _filters()
    session = get_session()
    page = services.list_events(
        session,
        current_user.organisation_id,
        filters,
        page=request.args.get("page", 1, type=int),
        page_size=PAGE_SIZE,
    )
    return render_template(
        "auditlog/index.html",
        breadcrumbs=Trail().add(_("Administration"), url_for("admin.index")).add(_("Audit log")),
        form=form,
        page=page,
        people=services.users_by_id(session, page.items),
        names=services.subject_names(
            session, current_user.organisation_id, page.items, current_language()
        ),
        sentence=event_sentence,
        arguments={k: v for k, v in request.args.items() if k != "page" and v},
        pretty=_pretty,
        utc_iso=services.utc_iso,
    )


def _pretty(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)


@bp.get("/export.csv")
@roles_required(Role.ADMIN)
def export():
    _form, filters = _filters()
    session = get_session()
    events = services.iter_events(session, current_user.organisation_id, filters)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return Response(
        stream_with_context(services.csv_lines(session, events)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="procure-audit-{stamp}.csv"',
            "Cache-Control": "no-store",
        },
    )
