"""HTTP security headers on every response."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, url_for

from procure.config import HSTS

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


MAX_REDIRECT_TARGET = 2048
# Browsers drop tabs and line breaks anywhere in a URL and treat a backslash as a
# slash, so "/\t/evil.example" or "/\\evil.example" end up on another site: any
# control character, whitespace or backslash makes a target unsafe.
_UNSAFE_CATEGORIES = ("Cc", "Cf", "Cs", "Zs", "Zl", "Zp")


def same_site_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site (``/tenders/3?x=1``), else None."""
    if not target or len(target) > MAX_REDIRECT_TARGET:
        return None
    if "\\" in target or any(
        unicodedata.category(character) in _UNSAFE_CATEGORIES for character in target
    ):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def redirect_target(target: str | None, endpoint: str = "main.index") -> str:
    """Where to send the user after an action that takes a user-supplied ``next``: the
    target if it stays on this site, otherwise ``endpoint``'s page."""
    return same_site_path(target) or url_for(endpoint)


def init_app(app: Flask) -> None:
    app.after_request(_add_security_headers)


def _add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if current_app.config["PRODUCTION"]:
        # Production runs behind HTTPS: browsers must never fall back to plain HTTP.
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response
