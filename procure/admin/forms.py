"""The administrator's forms: inviting users, organisation settings, Word templates."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from procure.forms import AmountField, Bounds, vocabulary_choices
from procure.snapshot import DEFAULT_HOURLY_COST
from procure.textcheck import WordSafeForm
from procure.vocabulary import OrganisationCategory, Role

MAX_THRESHOLD = Decimal("100000000000")  # 100 bn €, as the wizard's estimated value
MAX_HOURLY_COST = 1000  # as the wizard's hourly cost at step 4


def strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class InviteForm(WordSafeForm):
    name = StringField(
        _l("Full name"),
        validators=[DataRequired(), Length(max=200)],
        filters=[strip],
        render_kw={"autocomplete": "off"},
    )
    email = EmailField(
        _l("Email address"),
        filters=[strip],
        validators=[
            DataRequired(),
            Email(message=_l("Enter a valid email address.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "off"},
    )
    role = SelectField(_l("Role"), choices=vocabulary_choices(Role), default=Role.BUYER.value)


class OrganisationForm(WordSafeForm):
    category = SelectField(
        _l("Category of buyer"),
        choices=vocabulary_choices(OrganisationCategory),
        description=_l("It decides which EU thresholds apply to your tenders."),
    )
    review_threshold = AmountField(
        _l("Legal review threshold (EUR excl. VAT)"),
        places=2,
        validators=[Optional(), Bounds(min=0, below=MAX_THRESHOLD, kind="amount")],
        description=_l(
            "Tenders of this estimated value or more must be approved by a legal reviewer "
            "before their documents can be downloaded. Leave empty if no tender needs a "
            "review for its value alone."
        ),
        render_kw={"inputmode": "decimal"},
    )
    review_adapted_wording = BooleanField(
        _l("Legal staff approve adapted clause wording"),
        description=_l(
            "When a buyer adapts the wording of a library clause, legal staff approve the "
            "tender before its documents can be downloaded, whatever its value. Turn it off "
            "only if your organisation checks adapted wording another way; the change is "
            "recorded in the audit log."
        ),
    )
    hourly_cost = AmountField(
        _l("Hourly cost for insertion hours (EUR)"),
        places=2,
        validators=[Optional(), Bounds(min=1, max=MAX_HOURLY_COST, kind="amount")],
        description=_l(
            "The average fully-loaded hourly cost that sizes insertion hours: hours = "
            "estimated value × labour share × insertion rate ÷ hourly cost. Facilitators "
            "usually take 25 to 30 euros; left empty, %(usual)s euros is used. A buyer may "
            "change it for one tender at step 4.",
            usual=DEFAULT_HOURLY_COST,
        ),
        render_kw={"inputmode": "decimal"},
    )


class LogoForm(FlaskForm):
    # The content decides (admin.logo_check), not the file name: no FileAllowed here.
    logo = FileField(
        _l("Logo (PNG or JPEG image, 512 KB at most)"),
        validators=[FileRequired(message=_l("Choose a PNG or JPEG image."))],
        description=_l(
            "Shown in the header of every page, beside your organisation’s name. SVG "
            "images are refused: they can contain scripts."
        ),
        render_kw={"accept": "image/png,image/jpeg"},
    )


class TemplateUploadForm(WordSafeForm):
    name = StringField(
        _l("Name of the template"),
        validators=[DataRequired(), Length(max=200)],
        filters=[strip],
        description=_l("How your colleagues will recognise it, e.g. “Standard 2027”."),
    )
    file = FileField(
        _l("Word file (.docx or .dotx, 2 MB at most)"),
        validators=[
            FileRequired(message=_l("Choose a Word file.")),
            FileAllowed(
                ["docx", "dotx"], message=_l("The file must be a Word document (.docx or .dotx).")
            ),
        ],
        render_kw={
            "accept": ".docx,.dotx,application/vnd.openxmlformats-officedocument"
            ".wordprocessingml.document"
        },
    )
