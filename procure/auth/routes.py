from __future__ import annotations

import hmac

from flask import (
    Blueprint,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user

from procure.auth import services, sessions
from procure.auth.access import public, signed_in
from procure.auth.forms import AccountForm, LoginForm, PasswordChangeForm, SetPasswordForm
from procure.auth.ratelimit import guard_for_attempt
from procure.breadcrumbs import Trail
from procure.db import get_session
from procure.extensions import login_manager
from procure.i18n import remember_language
from procure.models import User
from procure.security import redirect_target

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in user, unless deactivated, signed out or their password changed since
    this session began (``User.get_id``: the cookie's generation and fingerprint must
    still be the user's)."""
    parts = user_id.split(":")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    identifier, generation, token = parts
    user = get_session().get(User, int(identifier))
    if user is None or not user.active or int(generation) != user.session_generation:
        return None
    return user if hmac.compare_digest(token, user.session_token) else None


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def login():
    form = LoginForm()
    if form.validate_on_submit():
        guard = guard_for_attempt(form.email.data, request.remote_addr)
        if guard.is_blocked():
            form.password.errors.append(
                _(
                    "Too many failed sign-in attempts for this account or from this network. "
                    "For your security, wait %(minutes)s minutes before trying again, or ask "
                    "your administrator for a new password.",
                    minutes=guard.minutes_to_wait(),
                )
            )
            return render_template("auth/login.html", form=form), 429
        user = services.authenticate(get_session(), form.email.data, form.password.data)
        if user is not None:
            guard.record_success()
            session.permanent = True  # the cookie expires after PERMANENT_SESSION_LIFETIME
            login_user(user)
            sessions.start_session()
            if user.language:
                remember_language(user.language)  # the pages speak as their mails do
            flash(_("You are signed in."), "success")
            return redirect(redirect_target(request.args.get("next")))
        guard.record_failure()
        form.password.errors.append(_("The email address or the password is not correct."))
    return render_template("auth/login.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@signed_in
def logout():
    """Sign out on the server: every session of the user ends, on every device, so a
    copy of the cookie is useless from now on."""
    services.end_sessions(get_session(), current_user._get_current_object())
    sessions.end_session()
    flash(_("You are signed out."), "success")
    return redirect(url_for("main.index"))


@bp.route("/account", methods=["GET", "POST"])
@signed_in
def account():
    form = AccountForm(obj=current_user) if request.method == "GET" else AccountForm()
    if form.validate_on_submit():
        services.set_notifications(
            get_session(), current_user, enabled=bool(form.notify_by_email.data)
        )
        if form.notify_by_email.data:
            flash(_("You will receive notifications by e-mail."), "success")
        else:
            flash(_("You will no longer receive notifications by e-mail."), "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form, breadcrumbs=Trail().add(_("My account")))


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password():
    form = PasswordChangeForm(account_email=current_user.email)
    if form.validate_on_submit():
        try:
            services.change_password(
                get_session(),
                current_user,
                current=form.current_password.data,
                new=form.new_password.data,
            )
        except services.WrongPasswordError:
            form.current_password.errors.append(_("The current password is not correct."))
        else:
            login_user(current_user._get_current_object())  # this session, new password
            flash(_("Your password was changed. Your other sessions are closed."), "success")
            return redirect(url_for("main.index"))
    return render_template(
        "auth/change_password.html",
        form=form,
        breadcrumbs=Trail()
        .add(_("My account"), url_for("auth.account"))
        .add(_("Change my password")),
    )


@bp.route("/account/activate/<token>", methods=["GET", "POST"])
@public
def activate(token: str):
    """The page behind an invitation or reset link: choose a password."""
    stored = services.find_usable_token(get_session(), token)
    if stored is None:
        return _link_invalid()
    user = stored.user
    form = SetPasswordForm(account_email=user.email)
    if form.validate_on_submit():
        try:
            services.use_token(get_session(), stored, form.new_password.data)
        except services.TokenUsedError:
            return _link_invalid()
        if current_user.is_authenticated:
            sessions.end_session()
        flash(_("Your password is set. You can now sign in."), "success")
        return redirect(url_for("auth.login"))
    response = make_response(
        render_template(
            "auth/activate.html",
            form=form,
            user=user,
            invitation=stored.purpose == services.TokenPurpose.INVITATION,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _link_invalid():
    response = make_response(render_template("auth/link_invalid.html"), 404)
    response.headers["Cache-Control"] = "no-store"
    return response
