"""The clause exchange's forms: the uploaded file, then the confirmation of its import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired, Length

from procure.library.exchange import MAX_EXCHANGE_BYTES


class ExchangeUploadForm(FlaskForm):
    file = FileField(
        _l("Exchange file (.yaml, 1 MB at most)"),
        validators=[
            FileRequired(message=_l("Choose an exchange file.")),
            FileAllowed(["yaml", "yml"], message=_l("The file must be a YAML file (.yaml).")),
        ],
        render_kw={"accept": ".yaml,.yml"},
    )


class ExchangeConfirmForm(FlaskForm):
    """The previewed file travels back in the page, so nothing is stored before the
    confirmation; it is read and checked again when confirmed."""

    content = HiddenField(validators=[DataRequired(), Length(max=MAX_EXCHANGE_BYTES)])


class ExchangeExportForm(FlaskForm):
    class Meta:
        csrf = False  # a GET download that changes nothing

    clause_set = SelectField(_l("What to export"), choices=[], validate_choice=True)
