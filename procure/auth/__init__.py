"""Signing in and out, passwords, one-time links, and who may use which view."""

from __future__ import annotations

from flask import Flask

from procure.auth import ratelimit, sessions
from procure.auth.session_cookie import ClockSessionInterface

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    """The sign-in rate limiter, the session cookie and its timeouts; call before the first
    request."""
    ratelimit.init_app(app)
    sessions.init_app(app)
    app.session_interface = ClockSessionInterface()
