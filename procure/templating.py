"""What every Jinja page can use: navigation, labels, error texts."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from procure import labels
from procure.formatting import format_money, format_number
from procure.i18n import current_language
from procure.library.families import PurchaseFamily
from procure.vocabulary import (
    Ambition,
    ClauseKind,
    ClauseStatus,
    ContractType,
    Objective,
    Pillar,
    Role,
    SustainabilityStrategy,
    Theme,
)

# endpoint, label, roles that see it (None: every signed-in user)
NAVIGATION = (
    ("catalog.index", _l("Library"), None),
    ("wizard.tenders", _l("My tenders"), (Role.BUYER, Role.ADMIN)),
    ("review.queue", _l("Review queue"), (Role.LEGAL, Role.ADMIN)),
    ("admin.index", _l("Admin"), (Role.ADMIN,)),
)


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(money=money, number=number)
    app.jinja_env.globals.update(
        main_navigation=main_navigation,
        label=labels.label,
        role_label=labels.role_label,
        tender_status_label=labels.tender_status_label,
        error_title=labels.error_title,
        error_explanation=labels.error_explanation,
        Ambition=Ambition,
        ClauseKind=ClauseKind,
        ClauseStatus=ClauseStatus,
        ContractType=ContractType,
        Objective=Objective,
        Pillar=Pillar,
        PurchaseFamily=PurchaseFamily,
        Theme=Theme,
        SustainabilityStrategy=SustainabilityStrategy,
    )


def main_navigation() -> list[tuple[str, str]]:
    """The sections the signed-in user may open, among those this version has."""
    if not current_user.is_authenticated:
        return []
    return [
        (endpoint, str(text))
        for endpoint, text, roles in NAVIGATION
        if endpoint in current_app.view_functions
        and (roles is None or current_user.has_role(*roles))
    ]


def money(value: object) -> str:
    """An amount in euros, written the way the current language writes it."""
    return format_money(value, current_language())


def number(value: object) -> str:
    return format_number(value, current_language())
