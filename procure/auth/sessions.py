"""How long a sign-in lasts: an absolute lifetime and an idle timeout, both checked on
every request from times kept in the signed session cookie.

``PERMANENT_SESSION_LIFETIME`` (8 hours by default) counts from the sign-in and is not
renewed by activity; ``SESSION_IDLE_TIMEOUT`` (30 minutes by default) counts from the
last request. Past either, the user is signed out, told why, and sent to the sign-in
page with ``next`` set to the page they asked for.

Ending sessions on the server is the user loader's part (``procure.auth.routes``): the
cookie carries the user's ``session_generation``, which signing out, a password change or
reset, and a deactivation raise, so a copied cookie stops working everywhere at once.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import logout_user

from procure import clock

SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
DEFAULT_IDLE_TIMEOUT = timedelta(minutes=30)


def init_app(app: Flask) -> None:
    app.config.setdefault("SESSION_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT)
    app.before_request(check_session_age)


def start_session() -> None:
    """Remember when the user signed in; call with ``login_user`` at sign-in."""
    now = _now()
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now


def end_session() -> None:
    """Sign the browser out and forget the session's times."""
    logout_user()
    session.pop(SIGNED_IN_AT, None)
    session.pop(SEEN_AT, None)


def seconds(setting: timedelta | int) -> int:
    """A duration setting, as a ``timedelta`` or a number of seconds (from the environment)."""
    return int(setting.total_seconds()) if isinstance(setting, timedelta) else int(setting)


def check_session_age() -> ResponseReturnValue | None:
    """Sign out a session past its lifetime or idle for too long; else note this request."""
    if "_user_id" not in session or request.endpoint == "static":
        return None
    now = _now()
    config = current_app.config
    lifetime = seconds(config["PERMANENT_SESSION_LIFETIME"])
    idle = seconds(config["SESSION_IDLE_TIMEOUT"])
    signed_in_at, seen_at = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if not isinstance(signed_in_at, int) or now - signed_in_at >= lifetime:
        message = _(
            "Your session has ended: a sign-in lasts %(hours)s hours. Please sign in again.",
            hours=round(lifetime / 3600, 1) if lifetime % 3600 else lifetime // 3600,
        )
    elif not isinstance(seen_at, int) or now - seen_at >= idle:
        message = _(
            "You were signed out after %(minutes)s minutes without activity. Please sign in again.",
            minutes=max(1, idle // 60),
        )
    else:
        session[SEEN_AT] = now
        return None
    end_session()
    flash(message, "info")
    target = request.full_path if request.query_string else request.path
    if request.method != "GET":
        return redirect(url_for("auth.login"))
    return redirect(url_for("auth.login", next=target))


def _now() -> int:
    return int(clock.now().timestamp())
