"""Factories for test data: each call makes fresh, valid data; overrides set what matters.

Three kinds, from the purest to the fullest:

- ``make_snapshot(**overrides)`` (with ``make_purchase``, ``chosen`` and the
  ``school_catering`` preset): a plain ``procure.snapshot.TenderSnapshot`` for tests
  with no app and no database.
- ``purchase_form(**overrides)`` and ``context_form(**overrides)``: wizard steps 1 and 2
  as a browser posts them, for tests that walk the wizard through the web.
- ``make_user``, ``make_organisation`` and ``make_tender(session, *, owner, **overrides)``:
  rows made through the application's own services.

Nothing here is shared between tests: every call returns new objects.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from procure.auth.services import create_user, get_or_create_organisation
from procure.documents.tender_file import library_index
from procure.forms import normalise_number
from procure.library.canonical import approved_hash
from procure.library.content import ClauseContent
from procure.library.schema import ClauseFile
from procure.models import Organisation, Tender, User
from procure.snapshot import (
    ChosenClause,
    Context,
    Criterion,
    Lot,
    Purchase,
    SubCriterion,
    TenderSnapshot,
)
from procure.tenders.library import library_entries
from procure.tenders.recommend import recommend
from procure.tenders.snapshots import snapshot_of
from procure.vocabulary import (
    Ambition,
    ClauseGrouping,
    ContractType,
    CriterionKind,
    OrganisationCategory,
    Procedure,
    Role,
)
from procure.wizard.services import (
    create_tender,
    jsonable,
    save_clause_selection,
    save_criteria,
    save_step,
    save_variables,
)

CLAUSES = Path(__file__).resolve().parent.parent / "clauses"
DEFAULT_PASSWORD = "correct horse battery"
_counter = itertools.count(1)


# -- users and organisations -----------------------------------------------------------


def make_organisation(session: Session, name: str | None = None) -> Organisation:
    return get_or_create_organisation(session, name or f"Organisation {next(_counter)}")


def make_user(
    session: Session,
    *,
    role: Role = Role.BUYER,
    organisation: Organisation | None = None,
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
) -> User:
    number = next(_counter)
    return create_user(
        session,
        organisation=organisation or make_organisation(session),
        email=email or f"user{number}@example.org",
        name=f"User {number}",
        role=role,
        password=password,
    )


def make_approved_set(
    session: Session,
    organisation: Organisation,
    slug: str,
    clause_slugs: Sequence[str],
    *,
    title_fr: str | None = None,
) -> None:
    """A clause set of ``organisation``, written by one jurist and approved by another,
    so that its buyers may start step 3 from it."""
    from procure.review.clause_sets import ClauseSetDraft, save_clause_set
    from procure.review.services import approve_version, submit_version

    author = make_user(session, role=Role.LEGAL, organisation=organisation)
    reviewer = make_user(session, role=Role.LEGAL, organisation=organisation)
    draft = ClauseSetDraft(
        slug=slug,
        title_fr=title_fr or f"Jeu {slug}",
        title_en=f"Set {slug}",
        clause_slugs=tuple(clause_slugs),
    )
    version = save_clause_set(session, draft, author=author, base_version=None)
    submit_version(session, version, actor=author, lock_version=version.lock_version)
    approve_version(session, version, actor=reviewer, lock_version=version.lock_version)
    session.commit()


# -- snapshots: plain data, no app, no database ------------------------------------------

_PURCHASE_FIELDS = {f.name for f in dataclasses.fields(Purchase)}
_CONTEXT_FIELDS = {f.name for f in dataclasses.fields(Context)}
_DECIMAL_FIELDS = {"estimated_value", "labour_share", "annual_purchases", "hourly_cost"}


def _decimals(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: Decimal(value) if name in _DECIMAL_FIELDS and value is not None else value
        for name, value in values.items()
    }


def make_purchase(**overrides: Any) -> Purchase:
    """A sub-central office-supplies purchase below the EU threshold, launched after the
    climate law took effect (21 August 2026)."""
    values: dict[str, Any] = {
        "title": "Fournitures de bureau",
        "organisation_name": "Commune de Test",
        "buyer_category": OrganisationCategory.SUB_CENTRAL,
        "subject": "Fourniture de petites fournitures de bureau",
        "contract_type": ContractType.SUPPLIES,
        "defence_or_security": False,
        "cpv_main": "30192000-1",
        "cpv_additional": (),
        "estimated_value": Decimal(100_000),
        "duration_months": 48,
        "lots": (),
        "procedure": Procedure.ADAPTED,
        "launch_date": dt.date(2026, 10, 1),
    }
    values.update(overrides)
    values = _decimals(values)
    if isinstance(values["lots"], int):  # a number of lots: alike, sharing the value
        values["lots"] = make_lots(values["lots"], values["cpv_main"], values["estimated_value"])
    elif values["lots"] and isinstance(values["lots"][0], dict):  # as a tender file lists them
        values["lots"] = tuple(
            Lot(
                number=number,
                key=f"lot-{number}",
                title=lot["title"],
                cpv_main=lot["cpv_main"],
                cpv_additional=tuple(lot.get("cpv_additional") or ()),
                estimated_value=Decimal(lot["estimated_value"]),
            )
            for number, lot in enumerate(values["lots"], start=1)
        )
    return Purchase(**values)


def make_lots(count: int, cpv_main: str, total: Decimal) -> tuple[Lot, ...]:
    """``count`` lots buying the same codes, sharing ``total`` equally (none for 1)."""
    if count < 2:
        return ()
    return tuple(
        Lot(
            number=number,
            key=f"lot-{number}",
            title=f"Lot {number}",
            cpv_main=cpv_main,
            estimated_value=total / count,
        )
        for number in range(1, count + 1)
    )


def make_snapshot(**overrides: Any) -> TenderSnapshot:
    """A tender snapshot: ``make_purchase()``'s purchase, an empty context, no clause.

    Each override goes to the purchase, the context or the snapshot by its name
    (``estimated_value=…``, ``catering=True``, ``clauses=(…)``); amounts may be given as
    ints or strings. ``make_snapshot(**school_catering())`` is the catering tender of the
    document tests.
    """
    purchase = {k: v for k, v in overrides.items() if k in _PURCHASE_FIELDS}
    context = {k: v for k, v in overrides.items() if k in _CONTEXT_FIELDS}
    rest = {k: v for k, v in overrides.items() if k not in purchase and k not in context}
    return TenderSnapshot(
        purchase=make_purchase(**purchase), context=Context(**_decimals(context)), **rest
    )


@cache
def clause_library() -> dict[str, ClauseFile]:
    """The real clause library by clause id, read once per test session (do not change it:
    ``chosen`` hands out copies)."""
    return library_index(CLAUSES)


def chosen(slug: str, *, reason: str = "", **values: Any) -> ChosenClause:
    """A clause of the real library, as the wizard would pin it, with the buyer's values
    and, if given, the French reason it was recommended."""
    clause = clause_library()[slug]
    content = ClauseContent.from_mapping(copy.deepcopy(clause.content))
    return ChosenClause(
        slug=slug,
        version=clause.version or 1,
        kind=content.kind,
        pillars=frozenset(content.pillars),
        themes=frozenset(content.themes),
        grouping=ClauseGrouping.RECOMMENDED,
        content=content,
        values=dict(values),
        reason={"fr": reason} if reason else {},
        approved_hash=approved_hash(clause.content),
    )


def school_catering(**overrides: Any) -> dict[str, Any]:
    """Overrides for ``make_snapshot``: a 1.2 M€ school-catering tender above the EU
    threshold, with seven clauses (insertion hours sized) and price, technical merit and
    a clause criterion weighted 40/40/20."""
    values: dict[str, Any] = {
        "title": "Restauration scolaire",
        "organisation_name": "Commune d'Essai",
        "subject": "Repas livrés",
        "contract_type": ContractType.SERVICES,
        "cpv_main": "55524000-9",
        "cpv_additional": ("55523100-3",),
        "estimated_value": Decimal(1_200_000),
        "launch_date": dt.date(2026, 12, 1),
        "reference": "2026-RS-01",
        "labour_share": Decimal(40),
        "catering": True,
        "clauses": (
            chosen(
                "insertion-hours",
                reason="Au-dessus du seuil européen.",
                insertion_hours=857,
                insertion_rate=5,
                hourly_cost=28,
            ),
            chosen("egalim-quality-share", organic_share=25),
            chosen("vegetarian-menu"),
            chosen("food-direct-supply-award", criterion_weight=20),
            chosen("circularity-award-criterion"),
            chosen("reserved-insertion"),
            chosen("egalim-shares-reporting"),
        ),
        "criteria": (
            Criterion(CriterionKind.PRICE, "Prix", Decimal(40)),
            Criterion(
                CriterionKind.TECHNICAL,
                "Valeur technique",
                Decimal(40),
                subcriteria=(
                    SubCriterion("Qualité des repas", Decimal(60)),
                    SubCriterion("Organisation", Decimal(40)),
                ),
            ),
            Criterion(CriterionKind.CLAUSE, "", Decimal(20), slug="food-direct-supply-award"),
        ),
    }
    values.update(overrides)
    return values


# -- wizard steps 1 and 2 as a browser posts them ----------------------------------------

# Text fields are always posted (empty when left blank); a checkbox only when checked.
_PURCHASE_FORM: dict[str, str] = {
    "title": "Restauration scolaire 2027-2030",
    "reference": "",
    "buyer_category": "sub_central",
    "subject": "Fourniture et livraison de repas en liaison froide pour les écoles.",
    "contract_type": "services",
    "cpv_main": "55524000-9",
    "cpv_additional": "55523100-3",
    "estimated_value": "1200000",
    "duration_months": "48",
    "procedure": "adapted",
    "launch_date": "2026-12-01",
    "unsplit_reason": "",
}
_CONTEXT_FORM: dict[str, str | list[str]] = {
    "labour_share": "40",
    "catering": "y",
    "objectives": ["insertion", "climate"],
    "works": [],
    "spaser_targets": "",
    "annual_purchases": "",
}
PURCHASE_CHECKBOXES = ("defence_or_security",)
CONTEXT_CHECKBOXES = (
    "catering",
    "digital",
    "building",
    "packaging_waste",
    "urban_deliveries",
    "has_spaser",
)
PURCHASE_FIELDS = (*_PURCHASE_FORM, *PURCHASE_CHECKBOXES)
CONTEXT_FIELDS = (*_CONTEXT_FORM, *(c for c in CONTEXT_CHECKBOXES if c not in _CONTEXT_FORM))


def _posted(defaults: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """A fresh dict to post; a checkbox given as True is posted checked, False left out."""
    data = copy.deepcopy(dict(defaults))
    for name, value in overrides.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = "y" if value is True else value
    return data


def purchase_form(**overrides: Any) -> dict[str, Any]:
    """Step 1 as a buyer fills it: a 1.2 M€ school-catering purchase of a sub-central
    buyer, adapted procedure, launched on 1 December 2026."""
    return _posted(_PURCHASE_FORM, overrides)


def context_form(**overrides: Any) -> dict[str, Any]:
    """Step 2 as a buyer fills it: 40 % labour, collective catering, insertion and
    climate objectives."""
    return _posted(_CONTEXT_FORM, overrides)


# -- tenders in the database, through the wizard's services -------------------------------

_INTEGERS = {"duration_months"}
_DECIMAL_ANSWERS = {"estimated_value", "labour_share", "annual_purchases"}
_LISTS = {"objectives", "works"}
_CHECKBOXES = {*PURCHASE_CHECKBOXES, *CONTEXT_CHECKBOXES}


def _answers(fields: Sequence[str], posted: Mapping[str, Any]) -> dict[str, Any]:
    """What the wizard stores for a posted step (``test_wizard`` checks they agree)."""
    answers: dict[str, Any] = {}
    for name in fields:
        raw = posted.get(name)
        if name in _CHECKBOXES:
            answers[name] = raw not in (None, "", "false")
        elif name in _LISTS:
            answers[name] = [raw] if isinstance(raw, str) else list(raw or [])
        elif name in _DECIMAL_ANSWERS:
            answers[name] = jsonable(Decimal(normalise_number(raw))) if raw else None
        elif name in _INTEGERS:
            answers[name] = int(raw)
        else:
            answers[name] = raw
    return answers


def make_tender(
    session: Session,
    *,
    owner: User,
    clauses: Sequence[str] | None = None,
    ambition: Ambition = Ambition.CORE,
    values: Mapping[str, Mapping[str, Any]] | None = None,
    texts: Mapping[str, Mapping[str, str | None]] | None = None,
    criteria: Mapping[str, Any] | None = None,
    lots: Sequence[Mapping[str, Any]] | None = None,
    clause_lots: Mapping[str, Sequence[int]] | None = None,
    **answers: Any,
) -> Tender:
    """A tender of ``owner`` with steps 1 and 2 saved through the wizard's services.

    Keyword ``answers`` override fields of ``purchase_form()`` and ``context_form()``
    by name, as typed in the form (``title="…"``, ``estimated_value="5000"``,
    ``catering=False``). Then, if given: ``clauses`` (library slugs, which must be in the
    organisation's approved library) saves step 3; ``values`` (variable values by slug)
    and ``texts`` (the buyer's wording by slug and language) save step 4; ``criteria``
    (``price_weight``, ``technical_weight``…) saves step 5. Every save leaves its audit
    event, as in the application. The caller commits.

    ``lots`` (``{title, cpv_main, estimated_value, labour_share?}`` each) divides the
    contract, stored with keys "lot-1"…; ``clause_lots`` (slug -> lot numbers) puts a
    chosen clause on those lots only.
    """
    unknown = set(answers) - {*PURCHASE_FIELDS, *CONTEXT_FIELDS}
    if unknown:
        raise TypeError(f"make_tender() got unknown answers: {sorted(unknown)}")
    purchase = purchase_form(**{k: v for k, v in answers.items() if k in PURCHASE_FIELDS})
    context = context_form(**{k: v for k, v in answers.items() if k in CONTEXT_FIELDS})
    tender = create_tender(session, owner)
    save_step(
        session,
        tender,
        1,
        "purchase",
        {**_answers(PURCHASE_FIELDS, purchase), "lots": _lot_answers(lots or ())},
        actor=owner,
        lock_version=None,
    )
    save_step(
        session,
        tender,
        2,
        "context",
        _answers(CONTEXT_FIELDS, context),
        actor=owner,
        lock_version=None,
    )
    if clauses is not None:
        library = library_entries(session, tender.organisation_id)
        missing = set(clauses) - {entry.slug for entry in library}
        if missing:
            raise ValueError(f"not in the approved library: {sorted(missing)}")
        snapshot = snapshot_of(tender)
        save_clause_selection(
            session,
            tender,
            ambition=ambition,
            chosen=list(clauses),
            recommendations=recommend(snapshot.purchase, snapshot.context, ambition, library),
            library=library,
            actor=owner,
            lock_version=None,
        )
    for tender_clause in tender.clauses:
        numbers = (clause_lots or {}).get(tender_clause.clause.slug)
        if numbers:
            tender_clause.lots = [f"lot-{number}" for number in numbers]
    if values is not None or texts is not None:
        save_variables(
            session,
            tender,
            {slug: dict(chosen_values) for slug, chosen_values in (values or {}).items()},
            None,
            texts=texts,
            actor=owner,
            lock_version=None,
        )
    if criteria is not None:
        save_criteria(session, tender, dict(criteria), {}, actor=owner, lock_version=None)
    return tender


def _lot_answers(lots: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Lots as step 1 stores them, keyed "lot-1", "lot-2"… in their order."""
    return [
        {
            "key": f"lot-{number}",
            "title": lot["title"],
            "description": lot.get("description", ""),
            "cpv_main": lot["cpv_main"],
            "cpv_additional": lot.get("cpv_additional", ""),
            "estimated_value": str(lot["estimated_value"]),
            "duration_months": lot.get("duration_months"),
            "labour_share": None if lot.get("labour_share") is None else str(lot["labour_share"]),
        }
        for number, lot in enumerate(lots, start=1)
    ]
