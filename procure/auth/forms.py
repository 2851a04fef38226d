from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, Field, Form, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from procure.auth.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    PasswordProblem,
    password_problem,
)
from procure.textcheck import WordSafeForm

PASSWORD_MESSAGES = {
    PasswordProblem.TOO_SHORT: _l(
        "The password must have at least %(count)s characters.", count=MIN_PASSWORD_LENGTH
    ),
    PasswordProblem.TOO_LONG: _l(
        "The password must have at most %(count)s characters.", count=MAX_PASSWORD_LENGTH
    ),
    PasswordProblem.TOO_SIMPLE: _l("The password uses too few different characters."),
    PasswordProblem.LIKE_EMAIL: _l("The password must not be your email address."),
    PasswordProblem.COMMON: _l(
        "This password is one of the most common passwords, which are tried first: choose "
        "another one. A sentence of a few words is easy to remember and hard to guess."
    ),
}


def strong_password(form: Form, field: Field) -> None:
    """Refuse a password that is too short or too common; ``form.account_email`` if set."""
    problem = password_problem(field.data or "", getattr(form, "account_email", None))
    if problem is not None:
        raise ValidationError(PASSWORD_MESSAGES[problem])


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    return (
        PasswordField(
            _l("New password"),
            validators=[DataRequired(), strong_password],
            description=_l(
                "At least %(count)s characters. A sentence of a few words is easy to "
                "remember and hard to guess.",
                count=MIN_PASSWORD_LENGTH,
            ),
            render_kw={"autocomplete": "new-password"},
        ),
        PasswordField(
            _l("New password again"),
            validators=[
                DataRequired(),
                EqualTo("new_password", message=_l("The two passwords are not the same.")),
            ],
            render_kw={"autocomplete": "new-password"},
        ),
    )


class LoginForm(WordSafeForm):
    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(),
            Email(message=_l("Enter a valid email address.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )


class PasswordChangeForm(WordSafeForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password, new_password_again = _new_password_fields()

    def __init__(self, *args: object, account_email: str | None = None, **kwargs: object):
        super().__init__(*args, **kwargs)
        self.account_email = account_email


class SetPasswordForm(WordSafeForm):
    """The form behind a one-time link: the invited or reset user chooses a password."""

    new_password, new_password_again = _new_password_fields()

    def __init__(self, *args: object, account_email: str | None = None, **kwargs: object):
        super().__init__(*args, **kwargs)
        self.account_email = account_email


class AccountForm(WordSafeForm):
    """The user's own settings."""

    notify_by_email = BooleanField(
        _l("Receive notifications by e-mail"),
        description=_l(
            "A mail when a tender or a clause waits for your review, and when a decision is "
            "taken on yours. Invitations and password links are always sent."
        ),
    )
