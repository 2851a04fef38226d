"""Language choice: French for everyone until they switch; the choice is kept in the session.

French public services speak French first, whatever the browser asks for.
"""

from __future__ import annotations

from flask import Flask, current_app, session
from flask_babel import get_locale

from procure.extensions import babel

SESSION_KEY = "language"


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["current_language"] = current_language


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = session.get(SESSION_KEY)
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """The two-letter language of the current request: ``fr`` or ``en``."""
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])[:2]


def remember_language(language: str) -> bool:
    if language not in current_app.config["LANGUAGES"]:
        return False
    session[SESSION_KEY] = language
    return True
