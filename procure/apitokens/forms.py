"""The administrator's form for a new API token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from procure.textcheck import WordSafeForm


def strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class ApiTokenForm(WordSafeForm):
    name = StringField(
        _l("Token name"),
        validators=[DataRequired(), Length(max=100)],
        filters=[strip],
        description=_l("Say which system uses it, e.g. “Open data platform”."),
        render_kw={"autocomplete": "off"},
    )
