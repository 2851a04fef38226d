"""Language choice: French for everyone until they switch; the choice is kept in the session.

French public services speak French first, whatever the browser asks for.
"""

from __future__ import annotations

from enum import StrEnum

from flask import Flask, current_app, session
from flask_babel import LazyString, get_locale

from procure.extensions import babel
from procure.labels import label_in

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


def label(vocabulary: type[StrEnum], value: str) -> str:
    """The label of ``value`` in ``vocabulary`` in the current request's language."""
    return label_in(vocabulary, value, current_language())


def lazy_label(vocabulary: type[StrEnum], value: str) -> LazyString:
    """The same label, looked up only when shown, so a form built once reads in each
    request's language."""
    return LazyString(label, vocabulary, value)
