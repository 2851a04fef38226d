"""What every Jinja page can use: navigation, labels, error texts."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from procure.compliance.results import Severity
from procure.formatting import format_hours, format_money, format_number, format_percent
from procure.forms import field_errors, has_required
from procure.i18n import current_language, label
from procure.library.families import PurchaseFamily
from procure.snapshot import enumerate_numbers
from procure.typography import typeset
from procure.vocabulary import (
    Ambition,
    ClauseKind,
    ClauseStatus,
    ContractType,
    KpiFrequency,
    Objective,
    Pillar,
    Role,
    SustainabilityStrategy,
    TenderStatus,
    Theme,
)

# endpoint, label, roles that see it (None: every signed-in user)
NAVIGATION = (
    ("catalog.index", _l("Library"), None),
    ("wizard.tenders", _l("My tenders"), (Role.BUYER, Role.ADMIN)),
    ("review.queue", _l("Review queue"), (Role.LEGAL, Role.ADMIN)),
    ("admin.index", _l("Admin"), (Role.ADMIN,)),
)

ERROR_TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not allowed here"),
    413: _l("The file or the form is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
}

ERROR_EXPLANATIONS = {
    400: _l("The form or the link is incomplete or has expired. Go back and try again."),
    403: _l("Your role does not allow this action. Ask an administrator if you need access."),
    404: _l("The address may be mistyped, or the page was moved or deleted."),
    405: _l("Use the buttons of the page rather than typing the address."),
    413: _l("Send a smaller file or shorter texts."),
    429: _l("Wait a few minutes before trying again."),
    500: _l("The error has been recorded. Nothing you saved before was lost; try again later."),
}


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(
        money=money, number=number, percent=percent, hours=hours, typeset=typeset_filter
    )
    app.jinja_env.globals.update(
        main_navigation=main_navigation,
        field_errors=field_errors,
        has_required=has_required,
        label=label,
        role_label=role_label,
        tender_status_label=tender_status_label,
        error_title=error_title,
        enumerate_numbers=enumerate_numbers,
        error_explanation=error_explanation,
        Ambition=Ambition,
        ClauseKind=ClauseKind,
        ClauseStatus=ClauseStatus,
        ContractType=ContractType,
        KpiFrequency=KpiFrequency,
        Objective=Objective,
        Pillar=Pillar,
        PurchaseFamily=PurchaseFamily,
        Theme=Theme,
        SustainabilityStrategy=SustainabilityStrategy,
        Severity=Severity,
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


def role_label(value: str) -> str:
    return label(Role, value)


def tender_status_label(value: str) -> str:
    return label(TenderStatus, value)


def error_title(code: int) -> str:
    return str(ERROR_TITLES.get(code, ERROR_TITLES[500]))


def error_explanation(code: int) -> str:
    return str(ERROR_EXPLANATIONS.get(code, ERROR_EXPLANATIONS[500]))


def money(value: object) -> str:
    """An amount in euros, written the way the current language writes it."""
    return format_money(value, current_language())


def number(value: object) -> str:
    return format_number(value, current_language())


def percent(value: object) -> str:
    """``12,5 %`` on a French page, ``12.5%`` on an English one."""
    return format_percent(value, current_language())


def hours(value: object) -> str:
    return format_hours(value, current_language())


def typeset_filter(value: object, language: str | None = None) -> str:
    """``{{ title|typeset(language) }}``: a library text with the typography of ``language``
    (by default the page's), for texts that are read; form fields keep what was typed.

    Only plain text: HTML is typeset where it is built (``catalog.presenters``), since
    the rules would otherwise reach its tags and attributes.
    """
    if isinstance(value, Markup):
        raise TypeError("typeset: expected plain text, got HTML")
    return typeset(str(value), language or current_language())
