"""The wizard's forms: one per step, typed and bounded, errors next to their field."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    StopValidation,
)
from wtforms.validators import ValidationError as FieldError

from procure.cpv.codes import known_check_digits, parse_cpv
from procure.formatting import format_percent
from procure.forms import (
    AmountField,
    Bounds,
    DecimalField,
    IntegerField,
    MultiCheckboxField,
    PercentField,
    choice_list,
    vocabulary_choices,
)
from procure.i18n import current_language
from procure.library.adaptation import MAX_TEXT, TextProblem, text_problems
from procure.library.content import ClauseContent, Variable
from procure.library.families import WORKS_FAMILIES, PurchaseFamily
from procure.library.text import LANGUAGES
from procure.snapshot import CRITERION_WEIGHT_VARIABLE, enumerate_numbers
from procure.textcheck import WordSafeForm, word_safe
from procure.vocabulary import (
    Ambition,
    ContractType,
    Objective,
    OrganisationCategory,
    Procedure,
    VariableType,
)

MAX_VALUE = Decimal("100000000000")  # 100 bn €: beyond any single public contract
A_PERCENTAGE = Bounds(min=0, max=100, kind="percent")
PRICE_FORMULAS = (
    ("proportional", _l("Proportional: lowest price ÷ price of the bid × maximum mark")),
    ("linear", _l("Linear: full marks for the lowest price, zero at twice the lowest price")),
)


class LockedForm(WordSafeForm):
    """A wizard form that carries the tender's version, to refuse stale saves."""

    lock_version = HiddenField()


CheckDigits = Callable[[list[str]], Mapping[str, str]]


def shipped_check_digits(_codes: list[str]) -> Mapping[str, str]:
    """The check digits of the CPV list shipped with procure."""
    return known_check_digits()


def checked_cpv(text: str, check_digits: CheckDigits = shipped_check_digits) -> str:
    """A normalised CPV code, or a field error in the reader's language.

    ``check_digits`` gives the known check digit of the codes asked for: the codes
    loaded in the database (the official vocabulary after ``load-cpv``), by default the
    list shipped with procure."""
    digits = "".join(char for char in text.split("-", maxsplit=1)[0] if char.isdigit())
    known = check_digits([digits]) if len(digits) == 8 else {}
    try:
        return parse_cpv(text, known)
    except ValueError as error:
        expected = known.get(digits)
        if expected is not None:
            raise FieldError(
                gettext(
                    "“%(text)s”: the check digit of %(code)s is %(digit)s.",
                    text=text.strip(),
                    code=digits,
                    digit=expected,
                )
            ) from error
        raise FieldError(
            gettext(
                "“%(text)s” is not a CPV code: write eight digits, a hyphen and "
                "the check digit, e.g. 55524000-9.",
                text=text.strip(),
            )
        ) from error


def valid_cpv(form: Form, field: Field) -> None:
    if field.data:
        field.data = checked_cpv(field.data, form.check_digits)


def valid_cpv_list(form: Form, field: Field) -> None:
    parts = (field.data or "").replace(";", ",").replace("\n", ",").split(",")
    field.data = ", ".join(checked_cpv(part, form.check_digits) for part in parts if part.strip())


class LotForm(Form):
    """One lot of step 1. ``key`` names the lot for the clauses chosen for it, whatever
    its place: reordering or removing lots never moves a clause to another lot."""

    check_digits: CheckDigits = staticmethod(shipped_check_digits)

    key = HiddenField()
    title = StringField(_l("Title of the lot"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Short description"), validators=[Length(max=2000)])
    cpv_main = StringField(
        _l("Main CPV code of the lot"),
        validators=[DataRequired(), valid_cpv],
        render_kw={"autocomplete": "off"},
    )
    cpv_additional = StringField(
        _l("Additional CPV codes of the lot"),
        validators=[Length(max=500), valid_cpv_list],
        render_kw={"autocomplete": "off"},
    )
    estimated_value = AmountField(
        _l("Estimated value of the lot excl. VAT (EUR)"),
        places=2,
        validators=[InputRequired(), Bounds(min=0, below=MAX_VALUE, kind="amount")],
    )
    duration_months = IntegerField(
        _l("Duration of the lot in months, if it differs"),
        validators=[Optional(), Bounds(min=1, max=600)],
    )
    labour_share = PercentField(
        _l("Share of labour in the lot's price (%), if it differs"),
        places=0,
        validators=[Optional(), A_PERCENTAGE],
    )


MAX_LOTS = 100


class PurchaseForm(LockedForm):
    """Step 1. ``check_digits`` and ``reference_taken`` look up what the database knows:
    the views set them; by default the shipped CPV list and no reference in use."""

    check_digits: CheckDigits = staticmethod(shipped_check_digits)
    reference_taken: Callable[[str], bool] = staticmethod(lambda _reference: False)

    title = StringField(_l("Title of the tender"), validators=[DataRequired(), Length(max=300)])
    reference = StringField(_l("Reference"), validators=[Optional(), Length(max=40)])
    buyer_category = SelectField(
        _l("Category of buyer"), choices=vocabulary_choices(OrganisationCategory)
    )
    subject = TextAreaField(
        _l("Object of the contract"), validators=[DataRequired(), Length(max=5000)]
    )
    contract_type = RadioField(
        _l("Contract type"), choices=vocabulary_choices(ContractType), validators=[InputRequired()]
    )
    defence_or_security = BooleanField(_l("Defence or security contract"))
    cpv_main = StringField(
        _l("Main CPV code"),
        validators=[DataRequired(), valid_cpv],
        render_kw={"autocomplete": "off", "data-cpv-search": "true"},
    )
    cpv_additional = StringField(
        _l("Additional CPV codes"),
        validators=[Length(max=500), valid_cpv_list],
        render_kw={"autocomplete": "off"},
    )
    estimated_value = AmountField(
        _l("Estimated value excl. VAT (EUR)"),
        places=2,
        validators=[Optional(), Bounds(min=0, below=MAX_VALUE, kind="amount")],
    )
    duration_months = IntegerField(
        _l("Duration in months"), validators=[InputRequired(), Bounds(min=1, max=600)]
    )
    lots = FieldList(FormField(LotForm), _l("Lots"), min_entries=0, max_entries=MAX_LOTS)
    unsplit_reason = TextAreaField(
        _l("Why the contract is not divided into lots"), validators=[Length(max=5000)], default=""
    )
    procedure = SelectField(_l("Procedure"), choices=vocabulary_choices(Procedure))
    launch_date = DateField(_l("Planned launch of the consultation"), validators=[InputRequired()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, entry in enumerate(self.lots, start=1):
            entry.form.check_digits = self.check_digits
            for field in entry.form:
                if field.name != entry.form.key.name:
                    field.label.text = gettext(
                        "Lot %(number)s: %(label)s", number=number, label=field.label.text
                    )

    def validate_lots(self, field: Field) -> None:
        if len(field.entries) == 1:
            raise FieldError(
                _l(
                    "A contract divided into lots has at least two: add another lot, or "
                    "remove this one to leave the contract undivided."
                )
            )
        for entry in field.entries:
            if not entry.form.key.data:
                entry.form.key.data = secrets.token_hex(4)

    def lots_total(self) -> Decimal:
        """The sum of the lots' values typed so far."""
        values = [entry.form.estimated_value.data for entry in self.lots]
        return sum((value for value in values if isinstance(value, Decimal)), Decimal(0))

    def validate(self, extra_validators: Any = None) -> bool:
        """A divided contract's value is the sum of its lots'; an undivided one's is asked
        (here, since ``Optional`` stops the field's own checks when it is left empty)."""
        valid = super().validate(extra_validators)
        value = self.estimated_value
        if self.lots.entries:
            value.data = self.lots_total()
        elif value.data is None and not value.errors:
            value.errors = [*value.errors, _l("Enter the estimated value of the contract.")]
            valid = False
        return valid

    def validate_reference(self, field: Field) -> None:
        if field.errors:  # e.g. a character Word cannot hold: not worth a query
            return
        if field.data and self.reference_taken(field.data.strip()):
            raise FieldError(
                gettext(
                    "The reference %(reference)s is already used by another tender of your "
                    "organisation: choose another one.",
                    reference=field.data.strip(),
                )
            )

    def validate_launch_date(self, field: Field) -> None:
        if field.data and not dt.date(2000, 1, 1) <= field.data <= dt.date(2100, 12, 31):
            raise FieldError(_l("Enter a date between 2000 and 2100."))


class ContextForm(LockedForm):
    labour_share = PercentField(
        _l("Share of labour in the price (%)"),
        places=0,
        validators=[InputRequired(), A_PERCENTAGE],
    )
    catering = BooleanField(_l("Food for collective catering"))
    digital = BooleanField(_l("IT equipment or digital services"))
    building = BooleanField(_l("Building works or housing"))
    packaging_waste = BooleanField(_l("Goods with packaging or end-of-life waste"))
    urban_deliveries = BooleanField(_l("Deliveries in town"))
    works = MultiCheckboxField(
        _l("For works: what they do"),
        choices=[
            choice
            for choice in vocabulary_choices(PurchaseFamily)
            if choice.value in WORKS_FAMILIES
        ],
    )
    objectives = MultiCheckboxField(
        _l("Objectives you pursue"), choices=vocabulary_choices(Objective)
    )
    has_spaser = BooleanField(_l("My organisation has adopted a SPASER"))
    spaser_targets = TextAreaField(
        _l("SPASER targets that apply to this purchase"), validators=[Length(max=2000)]
    )
    annual_purchases = AmountField(
        _l("Annual purchases of the organisation excl. VAT (EUR)"),
        places=0,
        validators=[Optional(), Bounds(min=0, below=MAX_VALUE, kind="amount")],
    )


class ClausesForm(LockedForm):
    """Step 3. ``exclusive_pairs`` names, by their titles, the chosen clauses that exclude
    each other (given slug -> its lots, empty for all): the view sets it from the library.
    For a contract divided into lots, the view sets ``lot_titles`` (number -> title) and
    ``single_lot`` (the slugs of clauses that name one lot); ``clause_lots`` holds the
    ticked lots as "slug:number"."""

    exclusive_pairs: Callable[[Mapping[str, tuple[int, ...]]], list[tuple[str, str]]] = (
        staticmethod(lambda _chosen: [])
    )
    lot_titles: Mapping[int, str] = {}
    single_lot: Collection[str] = frozenset()
    titles: Mapping[str, str] = {}

    ambition = RadioField(
        _l("Ambition level"), choices=vocabulary_choices(Ambition), validators=[InputRequired()]
    )
    clauses = MultiCheckboxField(_l("Clauses"), validate_choice=False)
    clause_lots = MultiCheckboxField(_l("Lots of each clause"), validate_choice=False)

    def ticked_lots(self) -> dict[str, list[str]]:
        """Slug -> the lot numbers ticked for it, as posted."""
        ticked: dict[str, list[str]] = {}
        for value in self.clause_lots.data or []:
            slug, _, number = str(value).rpartition(":")
            ticked.setdefault(slug, []).append(number)
        return ticked

    def chosen_lots(self) -> dict[str, tuple[int, ...]]:
        """Each ticked clause with its lots: empty when it applies to every lot (no lot
        or every lot ticked, or a contract not divided); unknown lots are left out."""
        ticked = self.ticked_lots()
        chosen = {}
        for slug in dict.fromkeys(self.clauses.data or []):
            numbers = sorted(
                {int(n) for n in ticked.get(slug, []) if n.isdigit() and int(n) in self.lot_titles}
            )
            every = not numbers or len(numbers) == len(self.lot_titles)
            chosen[slug] = () if every else tuple(numbers)
        return chosen

    def validate_clauses(self, field: Field) -> None:
        pairs = self.exclusive_pairs(self.chosen_lots())
        if pairs:
            raise FieldError(
                " ".join(
                    gettext(
                        "“%(first)s” and “%(second)s” exclude each other: keep only one.",
                        first=first,
                        second=second,
                    )
                    for first, second in pairs
                )
            )

    def validate_clause_lots(self, field: Field) -> None:
        if not self.lot_titles:
            return
        problems = []
        ticked = self.ticked_lots()
        for slug, numbers in ticked.items():
            unknown = [n for n in numbers if not n.isdigit() or int(n) not in self.lot_titles]
            if unknown:
                problems.append(
                    gettext(
                        "“%(clause)s”: there is no lot %(number)s.",
                        clause=self.titles.get(slug, slug),
                        number=", ".join(unknown),
                    )
                )
        for slug, lots in self.chosen_lots().items():
            if slug in self.single_lot and len(lots) != 1:
                problems.append(
                    gettext(
                        "“%(clause)s” names one lot: tick exactly one lot for it.",
                        clause=self.titles.get(slug, slug),
                    )
                )
        if problems:
            raise FieldError(" ".join(problems))


class SubCriterionForm(Form):
    name = StringField(_l("Sub-criterion"), validators=[Optional(), Length(max=300)])
    weight = PercentField(
        _l("Weight within the criterion (%)"),
        places=2,
        validators=[Optional(), A_PERCENTAGE],
    )


class CriteriaForm(LockedForm):
    price_weight = PercentField(
        _l("Price (%)"), places=2, validators=[InputRequired(), A_PERCENTAGE]
    )
    price_formula = SelectField(_l("Price scoring formula"), choices=choice_list(PRICE_FORMULAS))
    technical_weight = PercentField(
        _l("Technical value (%)"),
        places=2,
        validators=[InputRequired(), A_PERCENTAGE],
    )
    subcriteria = FieldList(FormField(SubCriterionForm), min_entries=3, max_entries=10)

    def weights(self) -> list[Field]:
        """The price, the technical value and each responsible-purchasing criterion."""
        return [self.price_weight, self.technical_weight, *self.clause_weights()]

    def clause_weights(self) -> list[Field]:
        return [field for field in self if field.name.startswith(CLAUSE_WEIGHT_PREFIX)]

    def total(self) -> Decimal:
        """The weights' total, counting a weight not (validly) typed as zero."""
        return sum((f.data for f in self.weights() if isinstance(f.data, Decimal)), Decimal(0))

    def validate(self, extra_validators: Mapping[str, Any] | None = None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.total() != 100 and self.weighs_contract():
            self.price_weight.errors = [
                *self.price_weight.errors,
                gettext(
                    "The weights must total %(expected)s; they total %(total)s.",
                    expected=format_percent(100, current_language()),
                    total=format_percent(self.total(), current_language()),
                ),
            ]
            return False
        return True

    def weighs_contract(self) -> bool:
        """Whether the weights of the contract judge the bids (not when each lot has its
        own), so must total 100."""
        return True


CLAUSE_WEIGHT_PREFIX = "w__"


SAME_FOR_ALL_LOTS = "same"
WEIGHTS_PER_LOT = "per_lot"


def criteria_form_class(
    award_clauses: list[tuple[str, str]],
    lots: Sequence[tuple[int, Sequence[str]]] = (),
) -> type[CriteriaForm]:
    """Step 5's form: price, technical value and one weight per award-criterion clause
    (``(slug, title)`` pairs).

    For a divided tender, ``lots`` gives each lot's number and the award clauses that
    apply to it: the buyer keeps the same criteria for all lots, or weighs each lot's
    price, technical value and clauses on their own (each lot totalling 100)."""
    titles = dict(award_clauses)
    numbers = [number for number, _slugs in lots]
    partial = {
        slug: tuple(n for n, slugs in lots if slug in slugs)
        for slug in titles
        if any(slug not in slugs for _n, slugs in lots)
    }

    class Form(CriteriaForm):
        def weighs_contract(self) -> bool:
            return not lots or self.lot_scope.data != WEIGHTS_PER_LOT

        def validate(self, extra_validators: Mapping[str, Any] | None = None) -> bool:
            valid = super().validate(extra_validators)
            if not lots:
                return valid
            language = current_language()
            if self.lot_scope.data == SAME_FOR_ALL_LOTS:
                for slug, applying in partial.items():
                    self.lot_scope.errors = [
                        *self.lot_scope.errors,
                        gettext(
                            "“%(clause)s” applies to %(lots)s only: give each lot its own weights.",
                            clause=titles[slug],
                            lots=("lot " if len(applying) == 1 else "lots ")
                            + enumerate_numbers(applying, language),
                        ),
                    ]
                    valid = False
                return valid
            for number, slugs in lots:
                fields = [
                    self[lot_weight_name(number, name)]
                    for name in ("price_weight", "technical_weight", *map(weight_name, slugs))
                ]
                for field in fields:
                    if not isinstance(field.data, Decimal) and not field.errors:
                        field.errors = [*field.errors, gettext("Give a weight for this lot.")]
                        valid = False
                total = sum((f.data for f in fields if isinstance(f.data, Decimal)), Decimal(0))
                if total != 100:
                    price = self[lot_weight_name(number, "price_weight")]
                    price.errors = [
                        *price.errors,
                        gettext(
                            "Lot %(number)s: the weights must total %(expected)s; they total "
                            "%(total)s.",
                            number=number,
                            expected=format_percent(100, language),
                            total=format_percent(total, language),
                        ),
                    ]
                    valid = False
            return valid

    for slug, title in award_clauses:
        setattr(
            Form,
            weight_name(slug),
            PercentField(title, places=2, validators=[InputRequired(), A_PERCENTAGE]),
        )
    if lots:
        Form.lot_scope = RadioField(
            _l("Award criteria of the lots"),
            choices=choice_list(
                [
                    (SAME_FOR_ALL_LOTS, _l("Same criteria for all lots")),
                    (WEIGHTS_PER_LOT, _l("One set of weights per lot")),
                ]
            ),
            default=SAME_FOR_ALL_LOTS,
        )
    for number, slugs in lots:
        labels = {
            "price_weight": gettext("Lot %(number)s: price (%%)", number=number),
            "technical_weight": gettext("Lot %(number)s: technical value (%%)", number=number),
            **{
                weight_name(slug): gettext(
                    "Lot %(number)s: %(criterion)s (%%)", number=number, criterion=titles[slug]
                )
                for slug in slugs
            },
        }
        for name, label in labels.items():
            setattr(
                Form,
                lot_weight_name(number, name),
                PercentField(label, places=2, validators=[Optional(), A_PERCENTAGE]),
            )
        setattr(
            Form,
            lot_weight_name(number, "price_formula"),
            SelectField(
                gettext("Lot %(number)s: price scoring formula", number=number),
                choices=choice_list(PRICE_FORMULAS),
            ),
        )
        setattr(
            Form,
            lot_weight_name(number, "subcriteria"),
            FieldList(FormField(SubCriterionForm), min_entries=3, max_entries=10),
        )
    Form.lot_numbers = numbers
    return Form


def lot_weight_name(number: int, name: str) -> str:
    """A lot's own criteria field: ``name`` is "price_weight", "technical_weight", a
    clause's ``weight_name``, "price_formula" or "subcriteria"."""
    return f"l{number}__{name}"


def weight_name(slug: str) -> str:
    return f"{CLAUSE_WEIGHT_PREFIX}{slug}"


def variable_field(variable: Variable, language: str, label: str | None = None) -> Field:
    """A form field typed and bounded as a clause variable declares (``label``: another
    label than the variable's)."""
    label = label or variable.label[language]
    description = variable.help[language]
    kind = variable.type
    bounds = variable.bounds
    if kind is VariableType.INTEGER:
        number_range = [Bounds(**bounds)] if bounds else []
        return IntegerField(
            label, description=description, validators=[InputRequired(), *number_range]
        )
    if kind is VariableType.PERCENT:
        percent = Bounds(min=bounds.get("min", 0), max=bounds.get("max", 100), kind="percent")
        return PercentField(
            label, description=description, places=2, validators=[InputRequired(), percent]
        )
    if kind in (VariableType.DECIMAL, VariableType.MONEY):
        money = kind is VariableType.MONEY
        field_class = AmountField if money else DecimalField
        number_range = [Bounds(**bounds, kind="amount" if money else "number")] if bounds else []
        return field_class(
            label, description=description, places=2, validators=[InputRequired(), *number_range]
        )
    if kind is VariableType.DATE:
        return DateField(label, description=description, validators=[InputRequired()])
    if kind is VariableType.CHOICE:
        return SelectField(
            label,
            description=description,
            choices=choice_list(
                (choice.value, choice.label[language]) for choice in variable.choices
            ),
        )
    return StringField(
        label,
        description=description,
        validators=[DataRequired(), Length(max=variable.max_length)],
    )


def variables_form_class(
    clauses: list[tuple[str, ClauseContent]],
    language: str,
    facts: Collection[str] = (),
    lot_fields: Collection[tuple[str, str, int]] = (),
) -> type:
    """A form class with one field per variable of each chosen clause, and the clause's
    wording in French and in English with a box to restore the library's.

    ``lot_fields`` (clause slug, variable, lot number): variables asked once per lot
    (a divided tender's insertion hours) instead of once for the clause."""
    per_lot = {(slug, name) for slug, name, _number in lot_fields}

    class VariablesForm(LockedForm):
        hourly_cost = AmountField(
            _l("Average fully-loaded hourly cost (EUR)"),
            places=2,
            validators=[Optional(), Bounds(min=1, max=1000, kind="amount")],
        )

    for slug, content in clauses:
        for variable in asked_variables(content, facts):
            if (slug, variable.name) in per_lot:
                continue
            setattr(
                VariablesForm,
                field_name(slug, variable.name),
                variable_field(variable, language),
            )
        title = content.title[language]
        names = list(content.variable_names)
        for text_language in LANGUAGES:
            setattr(
                VariablesForm,
                text_name(slug, text_language),
                TextAreaField(
                    text_label(text_language, title),
                    validators=[
                        _unless_restored(restore_name(slug)),
                        word_safe,
                        _clause_text(names),
                    ],
                    render_kw={"rows": 10, "lang": text_language, "spellcheck": "true"},
                ),
            )
        setattr(VariablesForm, restore_name(slug), BooleanField(_l("Restore the library wording")))
    contents = dict(clauses)
    for slug, name, number in lot_fields:
        variable = contents[slug].variable(name)
        if variable is None:
            continue
        setattr(
            VariablesForm,
            lot_field_name(slug, name, number),
            variable_field(variable, language, lot_variable_label(name, number)),
        )
    return VariablesForm


def clause_field_names(
    clauses: Sequence[tuple[str, ClauseContent]],
    asked: Callable[[str, ClauseContent], list[Variable]],
    lot_fields: Collection[tuple[str, str, int]] = (),
) -> dict[str, list[str]]:
    """Each chosen clause's value fields at step 4, by clause slug, in page order: its
    variables asked once, then those asked lot by lot."""
    names = {
        slug: [field_name(slug, v.name) for v in asked(slug, content)] for slug, content in clauses
    }
    for slug, variable, number in lot_fields:
        names.setdefault(slug, []).append(lot_field_name(slug, variable, number))
    return names


def fields_left(form: Form, names: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The fields of each clause still to fill in: empty, or refused. A field holding
    the variable's default, or the proposed hours, is filled."""
    return {
        slug: [name for name in fields if name in form and not _is_filled(form[name])]
        for slug, fields in names.items()
    }


def _is_filled(field: Field) -> bool:
    if field.errors:
        return False
    data = field.data
    if isinstance(data, str):
        return bool(data.strip())
    return data is not None


def lot_variable_label(variable: str, number: int) -> str:
    """ "Lot 2: insertion hours" for a variable asked once per lot."""
    if variable == "annual_insertion_hours":
        return gettext("Lot %(number)s: insertion hours a year", number=number)
    return gettext("Lot %(number)s: insertion hours", number=number)


def lot_field_name(slug: str, variable: str, number: int) -> str:
    return f"{field_name(slug, variable)}__lot{number}"


def asked_variables(content: ClauseContent, facts: Collection[str] = ()) -> list[Variable]:
    """The variables step 4 asks for: all but an award criterion's weight, which step 5
    sets (one weight, the same in the clause, the RC and the scoring grid), and the
    ``facts`` the purchase gives (``procure.snapshot.purchase_facts``)."""
    return [
        v for v in content.variables if v.name != CRITERION_WEIGHT_VARIABLE and v.name not in facts
    ]


def field_name(slug: str, variable: str) -> str:
    return f"v__{slug.replace('-', '_')}__{variable}"


def text_name(slug: str, language: str) -> str:
    return f"t__{slug.replace('-', '_')}__{language}"


def restore_name(slug: str) -> str:
    return f"r__{slug.replace('-', '_')}"


def text_label(language: str, title: str) -> str:
    """A clause text's label, naming the clause: several clauses are on the page."""
    if language == "fr":
        return gettext("French text of “%(title)s”", title=title)
    return gettext("English text of “%(title)s”", title=title)


def posted_wording(form: Form, slug: str) -> dict[str, str | None]:
    """A clause's wording as posted, by language: None to restore the library text; a
    language whose text was not sent is left out (it stays as saved)."""
    if form[restore_name(slug)].data:
        return dict.fromkeys(LANGUAGES)
    return {
        language: form[text_name(slug, language)].data
        for language in LANGUAGES
        if form[text_name(slug, language)].raw_data
    }


def _unless_restored(restore: str) -> Callable[[Form, Field], None]:
    """Skip a clause text's checks when it was not sent, or is being restored."""

    def check(form: Form, field: Field) -> None:
        if not field.raw_data or form[restore].data:
            field.errors.clear()
            raise StopValidation

    return check


def _clause_text(variables: list[str]) -> Callable[[Form, Field], None]:
    """Refuse a clause text the documents could not use, naming the field and the fault."""

    def check(_form: Form, field: Field) -> None:
        problems = text_problems(field.data or "", variables)
        if problems:
            label = field.label.text
            raise FieldError(" ".join(problem_message(label, p, variables) for p in problems))

    return check


def problem_message(field: str, problem: TextProblem, variables: list[str]) -> str:
    """A clause text's problem in the reader's language."""
    if problem.code == "empty":
        return gettext(
            "%(field)s is empty: write the clause, or tick “Restore the library wording”.",
            field=field,
        )
    if problem.code == "too_long":
        return gettext(
            "%(field)s has %(length)s characters, more than the %(limit)s allowed: shorten it.",
            field=field,
            length=problem.detail,
            limit=MAX_TEXT,
        )
    if problem.code == "malformed_placeholder":
        return gettext(
            "%(field)s: “%(placeholder)s” is not a variable. Write a variable in lower "
            "case between double braces, as in {{ name }}.",
            field=field,
            placeholder=problem.detail,
        )
    if problem.code == "stray_brace":
        return gettext(
            "%(field)s: “%(brace)s” stands alone. Double braces only surround a variable, "
            "as in {{ name }}: remove them or complete the variable.",
            field=field,
            brace=problem.detail,
        )
    if variables:
        return gettext(
            "%(field)s uses {{ %(name)s }}, which is not a variable of this clause. Its "
            "variables are: %(variables)s.",
            field=field,
            name=problem.detail,
            variables=", ".join(variables),
        )
    return gettext(
        "%(field)s uses {{ %(name)s }}, but this clause has no variables: remove it.",
        field=field,
        name=problem.detail,
    )
