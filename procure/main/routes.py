from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from procure import clock
from procure.auth import services as account_services
from procure.auth.access import public
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


@bp.route("/healthz")
@public
def healthz():
    try:
        get_session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="reachable")
