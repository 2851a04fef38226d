"""The clause form legal staff use; it applies the clause file validation."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from procure.forms import AmountField, Bounds, MultiCheckboxField, choice_list, vocabulary_choices
from procure.i18n import current_language
from procure.library.families import PurchaseFamily
from procure.library.legal import catalogue
from procure.library.synonyms import (
    MAX_TERM_LENGTH,
    MAX_TERMS,
    Flaw,
    TermProblem,
    check_group,
    split_terms,
)
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


class ClauseForm(WordSafeForm):
    """Every field of a clause file; variables, KPI and related clauses as YAML."""

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
    variables = TextAreaField(
        _l("Variables (YAML)"),
        validators=[Length(max=LONG_TEXT)],
        description=_l("A YAML list as in clauses/README.md: name, type, label, help, default…"),
    )
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
