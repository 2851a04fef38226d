"""Forms of the review pages: decisions, comments, clause sets and the queue filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from procure.forms import MultiCheckboxField, choice_list
from procure.review.services import MAX_COMMENT
from procure.textcheck import WordSafeForm

SUBMIT, APPROVE, REQUEST_CHANGES, RETIRE = "submit", "approve", "request_changes", "retire"
DECISIONS = (SUBMIT, APPROVE, REQUEST_CHANGES, RETIRE)


class DecisionForm(WordSafeForm):
    """The decision buttons share one comment; sending back requires it."""

    comment = TextAreaField(
        _l("Comment for the author"),
        validators=[Length(max=MAX_COMMENT)],
        description=_l("Required when you request changes: say what must change and why."),
    )
    decision = SelectField(
        _l("Decision"), choices=choice_list((value, value) for value in DECISIONS)
    )
    lock_version = HiddenField()

    def validate_comment(self, field: TextAreaField) -> None:
        if self.decision.data == REQUEST_CHANGES and not (field.data or "").strip():
            raise ValidationError(
                _l("A comment is required when you request changes: say what must change.")
            )


class CommentForm(WordSafeForm):
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=MAX_COMMENT)])


class ClauseSetForm(WordSafeForm):
    slug = StringField(
        _l("Identifier"),
        validators=[DataRequired(), Length(max=120)],
        description=_l("Lower-case letters, digits and hyphens, e.g. school-catering."),
    )
    title_fr = StringField(_l("Title (French)"), validators=[DataRequired(), Length(max=300)])
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=300)])
    description_fr = TextAreaField(
        _l("Description (French)"), validators=[Optional(), Length(max=5000)]
    )
    description_en = TextAreaField(
        _l("Description (English)"), validators=[Optional(), Length(max=5000)]
    )
    clauses = MultiCheckboxField(
        _l("Clauses in the set"),
        validators=[DataRequired(message=_l("Choose at least one clause."))],
    )
    base_version = HiddenField()


class QueueFilterForm(FlaskForm):
    """Read from the query string; it changes nothing, so it has no CSRF token."""

    class Meta:
        csrf = False

    kind = SelectField(
        _l("Type"),
        choices=choice_list(
            [
                ("", _l("All items")),
                ("clause", _l("Clause versions")),
                ("clause_set", _l("Clause sets")),
                ("tender", _l("Tenders")),
            ]
        ),
        validators=[Optional()],
    )
    q = StringField(_l("Title or identifier contains"), validators=[Optional(), Length(max=200)])
    submitted_by = SelectField(_l("Submitted by"), validators=[Optional()])
    decidable = BooleanField(_l("Only items I may approve (not written by me)"))


class EditedFileForm(FlaskForm):
    """An edited tender file to compare with what procure builds."""

    file = FileField(
        _l("Edited Word file (.docx, 4 MB at most)"),
        validators=[
            FileRequired(message=_l("Choose a Word file.")),
            FileAllowed(["docx"], message=_l("The file must be a Word document (.docx).")),
        ],
        render_kw={
            "accept": ".docx,application/vnd.openxmlformats-officedocument"
            ".wordprocessingml.document"
        },
    )
