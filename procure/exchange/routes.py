"""Exchanging clauses with another procure: download one file, upload another's."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from procure.auth.access import roles_required
from procure.db import get_session
from procure.exchange.forms import ExchangeConfirmForm, ExchangeExportForm, ExchangeUploadForm
from procure.i18n import current_language
from procure.library import exchange
from procure.library.schema import Problem
from procure.vocabulary import Role

bp = Blueprint("exchange", __name__, url_prefix="/library/exchange")
STAFF = (Role.LEGAL, Role.ADMIN)


def _export_form() -> ExchangeExportForm:
    form = ExchangeExportForm(formdata=request.args)
    sets = exchange.approved_set_slugs(get_session(), current_user.organisation_id)
    form.clause_set.choices = [("", _("All our own clauses"))] + [
        (slug, _("Clause set %(slug)s", slug=slug)) for slug in sets
    ]
    return form


@bp.route("/", methods=["GET", "POST"])
@roles_required(*STAFF)
def index() -> ResponseReturnValue:
    form = ExchangeUploadForm()
    problems: list[Problem] = []
    if form.validate_on_submit():
        try:
            text = exchange.decode_upload(form.file.data.read(exchange.MAX_EXCHANGE_BYTES + 1))
            plan = exchange.plan_import(get_session(), text, current_user.organisation_id)
        except exchange.ExchangeFileError as error:
            problems = list(error.problems)
        else:
            return render_template(
                "exchange/preview.html",
                plan=plan,
                outcomes=exchange.Outcome,
                language=current_language(),
                form=ExchangeConfirmForm(content=text),
            )
    return render_template(
        "exchange/index.html", form=form, export_form=_export_form(), problems=problems
    )


@bp.post("/import")
@roles_required(*STAFF)
def confirm() -> ResponseReturnValue:
    form = ExchangeConfirmForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            plan = exchange.plan_import(session, form.content.data, current_user.organisation_id)
        except exchange.ExchangeFileError as error:
            return render_template(
                "exchange/index.html",
                form=ExchangeUploadForm(formdata=None),
                export_form=_export_form(),
                problems=list(error.problems),
            )
        drafts = exchange.import_clauses(
            session, plan, organisation=current_user.organisation, actor=current_user
        )
        flash(
            _(
                "%(count)s clause(s) imported as drafts: they wait for your legal review.",
                count=len(drafts),
            ),
            "success",
        )
        return redirect(url_for("catalog.index"))
    flash(_("The file to import was lost: upload it again."), "error")
    return redirect(url_for("exchange.index"))


@bp.get("/export")
@roles_required(*STAFF)
def export() -> ResponseReturnValue:
    form = _export_form()
    if not form.validate():
        flash(_("Choose what to export from the list."), "error")
        return redirect(url_for("exchange.index"))
    text = exchange.export_clauses(
        get_session(), current_user.organisation, clause_set=form.clause_set.data or None
    )
    name = form.clause_set.data or "clauses"
    return Response(
        text,
        mimetype="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="procure-{name}.yaml"'},
    )
