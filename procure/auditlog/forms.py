"""The audit log filters, read from the query string."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError


class AuditFilterForm(FlaskForm):
    """A search changes nothing, so the form has no CSRF token."""

    class Meta:
        csrf = False

    action = SelectField(_l("Action"), validators=[Optional()])
    subject_type = SelectField(_l("Subject type"), validators=[Optional()])
    actor = SelectField(_l("Done by"), validators=[Optional()])
    date_from = DateField(_l("From (date)"), validators=[Optional()])
    date_to = DateField(_l("To (date, included)"), validators=[Optional()])

    def validate_date_to(self, field: DateField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date is before the start date."))
