"""The wizard's forms: one per step, typed and bounded, errors next to their field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FieldError

from procure.cpv.codes import known_check_digits, parse_cpv
from procure.forms import MultiCheckboxField, choice_list, vocabulary_choices
from procure.textcheck import WordSafeForm
from procure.vocabulary import (
    Ambition,
    ContractType,
    Objective,
    OrganisationCategory,
    Procedure,
    VariableType,
)

MAX_VALUE = Decimal("100000000000")  # 100 bn €: beyond any single public contract
PROCEDURE_LABELS = (
    (Procedure.ADAPTED.value, _l("Adapted procedure (MAPA)")),
    (Procedure.OPEN.value, _l("Open call for tenders")),
    (Procedure.RESTRICTED.value, _l("Restricted call for tenders")),
    (Procedure.NEGOTIATED.value, _l("Negotiated procedure")),
    (Procedure.FRAMEWORK.value, _l("Framework agreement")),
)
PRICE_FORMULAS = (
    ("proportional", _l("Proportional: lowest price ÷ price of the bid × maximum mark")),
    ("linear", _l("Linear: full marks for the lowest price, zero at twice the lowest price")),
)


class LockedForm(WordSafeForm):
    """A wizard form that carries the tender's version, to refuse stale saves."""

    lock_version = HiddenField()


def checked_cpv(text: str) -> str:
    """A normalised CPV code, or a field error in the reader's language."""
    try:
        return parse_cpv(text)
    except ValueError as error:
        digits = "".join(char for char in text.split("-", maxsplit=1)[0] if char.isdigit())
        expected = known_check_digits().get(digits) if len(digits) == 8 else None
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


def valid_cpv(_form: Form, field: Field) -> None:
    if field.data:
        field.data = checked_cpv(field.data)


def valid_cpv_list(_form: Form, field: Field) -> None:
    parts = (field.data or "").replace(";", ",").replace("\n", ",").split(",")
    field.data = ", ".join(checked_cpv(part) for part in parts if part.strip())


class PurchaseForm(LockedForm):
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
    estimated_value = DecimalField(
        _l("Estimated value excl. VAT (EUR)"),
        places=2,
        validators=[InputRequired(), NumberRange(min=0, max=MAX_VALUE)],
        render_kw={"inputmode": "decimal"},
    )
    duration_months = IntegerField(
        _l("Duration in months"), validators=[InputRequired(), NumberRange(min=1, max=600)]
    )
    lots = IntegerField(
        _l("Number of lots"), validators=[InputRequired(), NumberRange(min=1, max=500)], default=1
    )
    procedure = SelectField(_l("Procedure"), choices=choice_list(PROCEDURE_LABELS))
    launch_date = DateField(_l("Planned launch of the consultation"), validators=[InputRequired()])

    def validate_launch_date(self, field: Field) -> None:
        if field.data and not dt.date(2000, 1, 1) <= field.data <= dt.date(2100, 12, 31):
            raise FieldError(_l("Enter a date between 2000 and 2100."))


class ContextForm(LockedForm):
    labour_share = DecimalField(
        _l("Share of labour in the price (%)"),
        places=0,
        validators=[InputRequired(), NumberRange(min=0, max=100)],
    )
    catering = BooleanField(_l("Food for collective catering"))
    digital = BooleanField(_l("IT equipment or digital services"))
    building = BooleanField(_l("Building works or housing"))
    packaging_waste = BooleanField(_l("Goods with packaging or end-of-life waste"))
    urban_deliveries = BooleanField(_l("Deliveries in town"))
    objectives = MultiCheckboxField(
        _l("Objectives you pursue"), choices=vocabulary_choices(Objective)
    )
    has_spaser = BooleanField(_l("My organisation has adopted a SPASER"))
    spaser_targets = TextAreaField(
        _l("SPASER targets that apply to this purchase"), validators=[Length(max=2000)]
    )
    annual_purchases = DecimalField(
        _l("Annual purchases of the organisation excl. VAT (EUR)"),
        places=0,
        validators=[Optional(), NumberRange(min=0, max=MAX_VALUE)],
    )


class ClausesForm(LockedForm):
    ambition = RadioField(
        _l("Ambition level"), choices=vocabulary_choices(Ambition), validators=[InputRequired()]
    )
    clauses = MultiCheckboxField(_l("Clauses"), validate_choice=False)


class SubCriterionForm(Form):
    name = StringField(_l("Sub-criterion"), validators=[Optional(), Length(max=300)])
    weight = DecimalField(
        _l("Weight within the criterion (%)"),
        places=2,
        validators=[Optional(), NumberRange(min=0, max=100)],
    )


class CriteriaForm(LockedForm):
    price_weight = DecimalField(
        _l("Price (%)"), places=2, validators=[InputRequired(), NumberRange(min=0, max=100)]
    )
    price_formula = SelectField(_l("Price scoring formula"), choices=choice_list(PRICE_FORMULAS))
    technical_weight = DecimalField(
        _l("Technical value (%)"),
        places=2,
        validators=[InputRequired(), NumberRange(min=0, max=100)],
    )
    subcriteria = FieldList(FormField(SubCriterionForm), min_entries=3, max_entries=10)


def variable_field(variable: dict[str, Any], language: str) -> Field:
    """A form field typed and bounded as a clause variable declares."""
    label = variable["label"][language]
    description = variable["help"][language]
    kind = VariableType(variable["type"])
    bounds = {key: variable[key] for key in ("min", "max") if key in variable}
    number_range = [NumberRange(**bounds)] if bounds else []
    if kind is VariableType.INTEGER:
        return IntegerField(
            label, description=description, validators=[InputRequired(), *number_range]
        )
    if kind in (VariableType.DECIMAL, VariableType.PERCENT, VariableType.MONEY):
        if kind is VariableType.PERCENT:
            number_range = [NumberRange(min=bounds.get("min", 0), max=bounds.get("max", 100))]
        return DecimalField(
            label, description=description, places=2, validators=[InputRequired(), *number_range]
        )
    if kind is VariableType.DATE:
        return DateField(label, description=description, validators=[InputRequired()])
    if kind is VariableType.CHOICE:
        return SelectField(
            label,
            description=description,
            choices=choice_list(
                (choice["value"], choice["label"][language]) for choice in variable["choices"]
            ),
        )
    return StringField(
        label,
        description=description,
        validators=[DataRequired(), Length(max=variable.get("max_length", 500))],
    )


def variables_form_class(clauses: list[tuple[str, dict[str, Any]]], language: str) -> type:
    """A form class with one field per variable of each chosen clause."""

    class VariablesForm(LockedForm):
        hourly_cost = DecimalField(
            _l("Average fully-loaded hourly cost (EUR)"),
            places=2,
            validators=[Optional(), NumberRange(min=1, max=1000)],
        )

    for slug, content in clauses:
        for variable in content.get("variables") or []:
            setattr(
                VariablesForm,
                field_name(slug, variable["name"]),
                variable_field(variable, language),
            )
    return VariablesForm


def field_name(slug: str, variable: str) -> str:
    return f"v__{slug.replace('-', '_')}__{variable}"
