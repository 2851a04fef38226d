"""The clause form legal staff use; it applies the clause file validation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from procure.catalog.variables import read_choice_lines, read_form_number
from procure.forms import AmountField, Bounds, MultiCheckboxField, choice_list, vocabulary_choices
from procure.i18n import current_language
from procure.library.content import DEFAULT_TEXT_MAX_LENGTH
from procure.library.families import PurchaseFamily
from procure.library.legal import catalogue
from procure.library.schema import NUMERIC_TYPES, VARIABLE_NAME
from procure.library.synonyms import (
    MAX_TERM_LENGTH,
    MAX_TERMS,
    Flaw,
    TermProblem,
    check_group,
    split_terms,
)
from procure.library.text import variables_in
from procure.textcheck import WordSafeForm
from procure.vocabulary import (
    EFORMS_ENVIRONMENTAL,
    EFORMS_GPP,
    EFORMS_SOCIAL,
    EFORMS_STRATEGIC,
    Ambition,
    ClauseKind,
    ContractType,
    Objective,
    Pillar,
    Theme,
    VariableType,
)

LONG_TEXT = 20_000
THEME_FOLDERS = (
    ("circular-economy", _l("Circular economy")),
    ("sustainable-food", _l("Sustainable food")),
    ("sustainable-housing", _l("Sustainable housing")),
    ("responsible-tech", _l("Responsible and solidarity technology")),
    ("social", _l("Cross-cutting social")),
    ("environmental", _l("Cross-cutting environmental")),
)


def _bilingual(name: str, text: str, *, required: bool = True, long: bool = True) -> tuple:
    field_class = TextAreaField if long else StringField
    validators = [DataRequired()] if required else [Optional()]
    maximum = LONG_TEXT if long else 300
    return (
        field_class(
            _l("%(name)s (French)", name=text), validators=[*validators, Length(max=maximum)]
        ),
        field_class(
            _l("%(name)s (English)", name=text), validators=[*validators, Length(max=maximum)]
        ),
    )


MAX_VARIABLES = 30
REQUIRED = _l("required")


class VariableForm(Form):
    """One variable of a clause, each attribute its own field (``procure.catalog.variables``
    turns the rows into the clause file's ``variables`` list and back)."""

    name = StringField(
        _l("Name"),
        validators=[Length(max=60)],
        description=_l("Written {{ name }} in the text: lower-case letters, digits and _."),
    )
    type = SelectField(_l("Type"), choices=vocabulary_choices(VariableType))
    label_fr = StringField(_l("%(name)s (French)", name=_l("Label")), validators=[Length(max=300)])
    label_en = StringField(_l("%(name)s (English)", name=_l("Label")), validators=[Length(max=300)])
    help_fr = TextAreaField(_l("%(name)s (French)", name=_l("Help")), validators=[Length(max=2000)])
    help_en = TextAreaField(
        _l("%(name)s (English)", name=_l("Help")), validators=[Length(max=2000)]
    )
    unit = StringField(_l("Unit"), validators=[Length(max=40)])
    minimum = StringField(_l("Minimum"), validators=[Length(max=40)])
    maximum = StringField(_l("Maximum"), validators=[Length(max=40)])
    max_length = StringField(_l("Maximum length"), validators=[Length(max=10)])
    choices = TextAreaField(
        _l("Choices"),
        validators=[Length(max=5000)],
        description=_l("For a choice: one a line, “value | French label | English label”."),
    )
    default = StringField(_l("Default value"), validators=[Length(max=2000)])
    default_en = StringField(
        _l("Default text in English"),
        validators=[Length(max=2000)],
        description=_l("For a text variable whose default differs by language."),
    )

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        for field in (self.name, self.label_fr, self.label_en, self.help_fr, self.help_en):
            if not (field.data or "").strip():
                field.errors = [*field.errors, REQUIRED]
        name = (self.name.data or "").strip()
        if name and not VARIABLE_NAME.match(name):
            self.name.errors = [
                *self.name.errors,
                _l(
                    "is not a variable name: start with a lower-case letter and use only "
                    "lower-case letters, digits and _, e.g. insertion_rate"
                ),
            ]
        if self.type.data in [member.value for member in VariableType]:
            self._check_type(VariableType(self.type.data))
        return not any(field.errors for field in self)

    def _check_type(self, kind: VariableType) -> None:
        if kind not in NUMERIC_TYPES:
            for field in (self.minimum, self.maximum):
                if (field.data or "").strip():
                    field.errors.append(_l("only numbers have bounds: leave it empty"))
        if kind is not VariableType.CHOICE and (self.choices.data or "").strip():
            self.choices.errors.append(_l("only a choice variable has choices: leave it empty"))
        if kind is not VariableType.TEXT and (self.default_en.data or "").strip():
            self.default_en.errors.append(
                _l("only a text variable has an English default: leave it empty")
            )
        length = (self.max_length.data or "").strip()
        if length and (not length.isdigit() or int(length) < 1):
            self.max_length.errors.append(_l("must be a whole number from 1"))
        self._check_default(kind)

    def _check_default(self, kind: VariableType) -> None:
        default = (self.default.data or "").strip()
        if not default:
            self.default.errors.append(REQUIRED)
        elif kind in NUMERIC_TYPES:
            self._check_numbers(kind, default)
        elif kind is VariableType.CHOICE:
            self._check_choices(default)
        elif kind is VariableType.DATE:
            try:
                dt.date.fromisoformat(default)
            except ValueError:
                self.default.errors.append(_l("is not a date: write it as YYYY-MM-DD"))
        elif kind is VariableType.TEXT:
            length = (self.max_length.data or "").strip()
            limit = int(length) if length.isdigit() else DEFAULT_TEXT_MAX_LENGTH
            for field in (self.default, self.default_en):
                if len((field.data or "").strip()) > limit:
                    field.errors.append(
                        _("is longer than the maximum length (%(max)d characters)", max=limit)
                    )

    def _number(self, field: Any, whole: bool) -> int | float | None:
        text = (field.data or "").strip()
        if not text:
            return None
        try:
            return read_form_number(text, current_language(), whole=whole)
        except ValueError:
            field.errors.append(_l("is not a whole number") if whole else _l("is not a number"))
            return None

    def _check_numbers(self, kind: VariableType, default: str) -> None:
        whole = kind is VariableType.INTEGER
        values = {
            field: self._number(field, whole)
            for field in (self.minimum, self.maximum, self.default)
        }
        minimum, maximum, value = values.values()
        if kind is VariableType.PERCENT:
            for field, number in values.items():
                if number is not None and not 0 <= number <= 100:
                    field.errors.append(_l("a percentage is between 0 and 100"))
        if minimum is not None and maximum is not None and minimum > maximum:
            self.minimum.errors.append(_l("is greater than the maximum"))
        elif value is not None and minimum is not None and value < minimum:
            self.default.errors.append(_l("is below the minimum"))
        elif value is not None and maximum is not None and value > maximum:
            self.default.errors.append(_l("is above the maximum"))

    def _check_choices(self, default: str) -> None:
        try:
            choices = read_choice_lines(self.choices.data or "")
        except ValueError as error:
            self.choices.errors.append(
                _(
                    "line %(line)s: write “value | French label | English label”",
                    line=error.args[0],
                )
            )
            return
        values = [str(choice["value"]) for choice in choices]
        if len(choices) < 2:
            self.choices.errors.append(_l("list at least two choices, one a line"))
        elif len(set(values)) != len(values):
            self.choices.errors.append(_l("a value is listed twice"))
        elif default not in values:
            self.default.errors.append(
                _("must be one of the choices' values: %(values)s", values=", ".join(values))
            )


class ClauseForm(WordSafeForm):
    """Every field of a clause file: variables as rows of fields, KPI and related clauses
    as YAML. ``add_variable`` and ``remove_variable`` are the rows' buttons (no JavaScript
    needed): ``change_rows`` applies them and the page is shown again."""

    slug = StringField(_l("Identifier"), validators=[DataRequired(), Length(max=120)])
    folder = SelectField(_l("Library folder"), choices=choice_list(THEME_FOLDERS))
    title_fr, title_en = _bilingual("title", _l("Title"), long=False)
    kind = SelectField(_l("Kind"), choices=vocabulary_choices(ClauseKind))
    ambition = SelectField(_l("Ambition"), choices=vocabulary_choices(Ambition))
    pillars = MultiCheckboxField(_l("Pillars"), choices=vocabulary_choices(Pillar))
    themes = MultiCheckboxField(_l("Themes"), choices=vocabulary_choices(Theme))
    objectives = MultiCheckboxField(_l("Objectives served"), choices=vocabulary_choices(Objective))
    contract_types = MultiCheckboxField(
        _l("Contract types"), choices=vocabulary_choices(ContractType)
    )
    families = MultiCheckboxField(
        _l("Purchase families"),
        choices=vocabulary_choices(PurchaseFamily),
        description=_l("Leave empty for a clause that fits every purchase."),
    )
    cpv_prefixes = StringField(
        _l("CPV prefixes"),
        validators=[Optional(), Length(max=500)],
        description=_l("Comma-separated, e.g. 555, 15. Leave empty for every purchase."),
    )
    min_value = AmountField(
        _l("Relevant from (EUR excl. VAT)"),
        places=0,
        validators=[Optional(), Bounds(min=0, kind="amount")],
    )
    text_fr, text_en = _bilingual("text", _l("Clause text"))
    guidance_fr, guidance_en = _bilingual("guidance", _l("Guidance"))
    verification_fr, verification_en = _bilingual("verification", _l("Verification"))
    penalty_fr, penalty_en = _bilingual("penalty", _l("Penalty"), required=False)
    legal_basis = MultiCheckboxField(_l("Legal basis"))
    eforms_strategic = MultiCheckboxField(
        _l("eForms BT-06 strategic procurement"),
        choices=choice_list((c, c) for c in EFORMS_STRATEGIC),
    )
    eforms_environmental = MultiCheckboxField(
        _l("eForms BT-774 green procurement"),
        choices=choice_list((c, c) for c in EFORMS_ENVIRONMENTAL),
    )
    eforms_social = MultiCheckboxField(
        _l("eForms BT-775 social procurement"), choices=choice_list((c, c) for c in EFORMS_SOCIAL)
    )
    eforms_gpp = MultiCheckboxField(
        _l("eForms BT-805 green procurement criteria the clause follows"),
        choices=choice_list((c, c) for c in EFORMS_GPP),
    )
    variables = FieldList(
        FormField(VariableForm), _l("Variables"), min_entries=0, max_entries=MAX_VARIABLES
    )
    add_variable = BooleanField(_l("Add a variable"))
    remove_variable = StringField()
    kpi = TextAreaField(_l("Reporting indicator (YAML)"), validators=[Length(max=2000)])
    related = TextAreaField(_l("Related clauses (YAML)"), validators=[Length(max=2000)])
    base_version = HiddenField()

    def validate_base_version(self, field: HiddenField) -> None:
        if field.data and not str(field.data).isdigit():
            raise ValidationError(_l("The form is damaged: reload the page."))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.legal_basis.choices = choice_list(
            (f"{code}|{article or ''}", reference.citation(current_language()))
            for (code, article), reference in catalogue().items()
        )
        self._number_rows()

    def _number_rows(self) -> None:
        """Each row's labels name the row, for the error summary and screen readers."""
        for number, entry in enumerate(self.variables, start=1):
            for field in entry.form:
                label = getattr(field, "row_label", None) or field.label.text
                field.row_label = label
                field.label.text = _("Variable %(number)s — %(label)s", number=number, label=label)

    def change_rows(self) -> bool:
        """Add an empty variable row or remove one, if a row button was pressed."""
        if self.add_variable.data and len(self.variables) < MAX_VARIABLES:
            self.variables.append_entry()
        elif (self.remove_variable.data or "").isdigit():
            wanted = f"{self.variables.name}-{self.remove_variable.data}"
            self.variables.entries = [e for e in self.variables.entries if e.name != wanted]
        else:
            return bool(self.add_variable.data)
        self._number_rows()
        return True

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        return self._check_variable_use() and valid

    def _check_variable_use(self) -> bool:
        """Names are unique; every variable is used in the text or the penalty, and every
        ``{{ name }}`` there is a variable: the clause file loader refuses both, and a
        variable the text does not print would ask the buyer for nothing."""
        rows: dict[str, int] = {}
        for number, entry in enumerate(self.variables, start=1):
            name = (entry.form.name.data or "").strip()
            if name in rows:
                entry.form.name.errors.append(
                    _(
                        "“%(name)s” is already the name of variable %(number)s",
                        name=name,
                        number=rows[name],
                    )
                )
            elif name:
                rows[name] = number
        texts = (self.text_fr, self.text_en, self.penalty_fr, self.penalty_en)
        used = {name for field in texts for name in variables_in(field.data or "")}
        for field in texts:
            for name in variables_in(field.data or ""):
                if name not in rows:
                    field.errors = [
                        *field.errors,
                        _(
                            "uses {{ %(name)s }}, which is not one of the clause's variables: "
                            "add it below or correct the name",
                            name=name,
                        ),
                    ]
        for entry in self.variables:
            name = (entry.form.name.data or "").strip()
            if name in rows and name not in used and not entry.form.name.errors:
                entry.form.name.errors.append(
                    _(
                        "this variable is not used in the clause text or penalty: write "
                        "{{ %(name)s }} there, or remove it",
                        name=name,
                    )
                )
        errors = [entry.errors for entry in self.variables if entry.errors]
        self.variables.errors = errors
        return not errors and not any(field.errors for field in texts)


class SynonymForm(WordSafeForm):
    """A group of search synonyms; ``check_group`` holds the rules, as for the shipped file."""

    language = SelectField(
        _l("Language of the search"),
        choices=choice_list((("fr", _l("French")), ("en", _l("English")))),
    )
    term = StringField(
        _l("Term"),
        description=_l("A word or a few words a buyer types, e.g. cantine."),
    )
    synonyms = TextAreaField(
        _l("Other terms"),
        description=_l(
            "The library's words for the same thing, one per line or separated by commas."
        ),
    )
    one_way = BooleanField(
        _l("One way: only the first term finds the others"),
        description=_l(
            "Leave unticked when every term should find the others, e.g. réemploi and seconde main."
        ),
    )

    @property
    def others(self) -> list[str]:
        return split_terms(self.synonyms.data or "")

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for problem in check_group(self.term.data or "", self.others):
            field = self.term if problem.field == "term" else self.synonyms
            field.errors = [*field.errors, synonym_problem_message(problem)]
            valid = False
        return valid


def synonym_problem_message(problem: TermProblem) -> str:
    """What to fix, in the reader's language."""
    if problem.flaw is Flaw.EMPTY:
        return _("Enter a term.")
    if problem.flaw is Flaw.TOO_LONG:
        return _(
            "“%(term)s” is longer than %(max)d characters.", term=problem.term, max=MAX_TERM_LENGTH
        )
    if problem.flaw is Flaw.NO_WORD:
        return _("“%(term)s” has no letter or digit.", term=problem.term)
    if problem.flaw is Flaw.SINGLE:
        return _("Give at least one other term: a group needs two different terms.")
    if problem.flaw is Flaw.REPEATED:
        return _("“%(term)s” is given twice.", term=problem.term)
    return _("A group holds at most %(max)d terms.", max=MAX_TERMS)
