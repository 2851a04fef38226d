from __future__ import annotations

from flask import Blueprint, abort, jsonify, make_response, redirect, render_template, request
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from procure import clock
from procure.admin import services as admin_services
from procure.auth import services as account_services
from procure.auth.access import public, signed_in
from procure.db import get_session
from procure.i18n import current_language, remember_language
from procure.main.home import home_of
from procure.security import redirect_target
from procure.wizard.steps import STEPS

bp = Blueprint("main", __name__)


@bp.route("/")
@public
def index():
    if not current_user.is_authenticated:
        return render_template("main/index.html")
    return render_template(
        "main/home.html",
        home=home_of(get_session(), current_user, clock.now()),
        steps=STEPS,
        language=current_language(),
    )


@bp.route("/language", methods=["POST"])
@public
def switch_language():
    language = request.form.get("language", "")
    if remember_language(language) and current_user.is_authenticated:
        account_services.remember_user_language(get_session(), current_user, language)
    return redirect(redirect_target(request.form.get("next")))


@bp.get("/organisation/logo")
@signed_in
def organisation_logo():
    """The logo of the signed-in user's own organisation: there is no way to ask for
    another's. The URL carries a version (``?v=``), and the ETag lets browsers revalidate."""
    logo = admin_services.logo_of(get_session(), current_user.organisation_id)
    if logo is None:
        abort(404)
    response = make_response(logo.content)
    response.headers["Content-Type"] = logo.media_type
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Private: it is served to signed-in users only; a day, then revalidated by ETag.
    response.headers["Cache-Control"] = "private, max-age=86400"
    response.set_etag(logo.sha256)
    return response.make_conditional(request)


@bp.route("/healthz")
@public
def healthz():
    try:
        get_session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="reachable")
