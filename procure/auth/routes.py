from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from procure.auth.access import public, signed_in
from procure.auth.forms import LoginForm
from procure.auth.services import authenticate
from procure.db import get_session
from procure.extensions import login_manager
from procure.models import User

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = get_session().get(User, int(user_id))
    return user if user is not None and user.active else None


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(get_session(), form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            flash(_("You are signed in."), "success")
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("The email address or the password is not correct."))
    return render_template("auth/login.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@signed_in
def logout():
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("main.index"))


def _safe_next(target: str | None) -> str:
    """Only follow a ``next`` that stays on this site."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("main.index")
