from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from wtforms import DateField

from procure.auth.access import roles_required
from procure.catalog.presenters import clause_html
from procure.catalog.queries import library_query
from procure.compliance import check, load_rules, summary
from procure.db import get_session
from procure.documents.libreoffice import is_libreoffice_available
from procure.errors import ConflictError
from procure.forms import DecimalField, choice_list
from procure.i18n import current_language
from procure.library.search import search_library
from procure.library.text import LANGUAGES
from procure.models import Tender
from procure.review.clause_sets import approved_sets
from procure.tenders.access import tender_for
from procure.tenders.library import library_entries, newer_versions
from procure.tenders.lifecycle import (
    LifecycleError,
    finish_tender,
    legal_review_reasons,
    may_download,
    may_finish,
    uses_legal_review,
)
from procure.tenders.recommend import Recommendation, propose_ambition, recommend
from procure.tenders.snapshots import purchase_of, snapshot_of
from procure.textcheck import first_bad_character
from procure.vocabulary import Ambition, ClauseKind, Role
from procure.wizard import services
from procure.wizard.forms import (
    ClausesForm,
    ContextForm,
    CriteriaForm,
    PurchaseForm,
    field_name,
    posted_wording,
    restore_name,
    text_name,
    variables_form_class,
)
from procure.wizard.steps import STEP_BY_SLUG, STEPS, Step
from procure.wizard.weighting import Bid, WeightedCriterion, inert_criteria, score_bids
from procure.wizard.weighting import symbolic_criteria as find_symbolic

bp = Blueprint("wizard", __name__, url_prefix="/tenders")
BUYERS = (Role.BUYER, Role.ADMIN)
MAX_BIDS = 5


def _conflict() -> str:
    return _(
        "This tender was changed in another tab or by someone else. Nothing was "
        "overwritten; your entries are shown again below: check them and save again."
    )


# -- My tenders ------------------------------------------------------------------


@bp.get("/")
@roles_required(*BUYERS)
def tenders():
    return render_template(
        "wizard/tenders.html", tenders=services.tenders_of(get_session(), current_user), steps=STEPS
    )


@bp.post("/")
@roles_required(*BUYERS)
def create():
    tender = services.create_tender(get_session(), current_user)
    return redirect(url_for("wizard.step", tender_id=tender.id, slug="purchase"))


@bp.get("/<int:tender_id>")
@roles_required(*BUYERS)
def resume(tender_id: int):
    tender = tender_for(get_session(), current_user, tender_id)
    return redirect(
        url_for("wizard.step", tender_id=tender.id, slug=STEPS[tender.current_step - 1].slug)
    )


@bp.post("/<int:tender_id>/duplicate")
@roles_required(*BUYERS)
def duplicate(tender_id: int):
    copy = services.duplicate_tender(
        get_session(), tender_for(get_session(), current_user, tender_id), current_user
    )
    flash(_("A copy was created: %(reference)s.", reference=copy.reference), "success")
    return redirect(url_for("wizard.step", tender_id=copy.id, slug="purchase"))


@bp.route("/<int:tender_id>/delete", methods=["GET", "POST"])
@roles_required(*BUYERS)
def delete(tender_id: int):
    tender = tender_for(get_session(), current_user, tender_id)
    if request.method == "POST":
        services.delete_tender(get_session(), tender, current_user)
        flash(_("The tender %(reference)s was deleted.", reference=tender.reference), "success")
        return redirect(url_for("wizard.tenders"))
    return render_template("wizard/delete.html", tender=tender)


@bp.post("/<int:tender_id>/finish")
@roles_required(*BUYERS)
def finish(tender_id: int):
    tender = tender_for(get_session(), current_user, tender_id)
    try:
        finish_tender(
            get_session(), tender, actor=current_user, lock_version=request.form.get("lock_version")
        )
    except ConflictError:
        flash(_conflict(), "error")
    except LifecycleError:
        flash(_("This tender cannot be marked as finished in its current state."), "error")
    else:
        flash(_("The tender %(reference)s is finished.", reference=tender.reference), "success")
    return redirect(url_for("wizard.step", tender_id=tender.id, slug="review"))


# -- Steps -------------------------------------------------------------------------


@bp.route("/<int:tender_id>/step/<slug>", methods=["GET", "POST"])
@roles_required(*BUYERS)
def step(tender_id: int, slug: str):
    tender = tender_for(get_session(), current_user, tender_id)
    current = STEP_BY_SLUG.get(slug)
    if current is None:
        abort(404)
    if current.number > 2 and snapshot_of(tender) is None:
        flash(_("Describe the purchase and its context first."), "warning")
        first_missing = "purchase" if purchase_of(tender) is None else "context"
        return redirect(url_for("wizard.step", tender_id=tender.id, slug=first_missing))
    handler = STEP_HANDLERS[slug]
    return handler(tender)


def _next(tender: Tender, number: int):
    target = STEPS[min(number, len(STEPS) - 1)].slug
    return redirect(url_for("wizard.step", tender_id=tender.id, slug=target))


def _render(tender: Tender, slug: str, **context: Any):
    return render_template(
        f"wizard/step_{slug}.html",
        tender=tender,
        steps=STEPS,
        current=STEP_BY_SLUG[slug],
        **context,
    )


def _form_with_draft(form_class: type, tender: Tender, number: int, data: dict | None):
    """The step's form: posted data, else the unsaved draft, else the saved answers."""
    if request.method == "POST":
        return form_class()
    draft = services.draft_of(tender, number)
    if draft is not None:
        form = form_class(formdata=MultiDict(draft))
        form.validate()
        return form
    return form_class(data=_typed(form_class, data or {}))


def _typed(form_class: type, data: dict[str, Any]) -> dict[str, Any]:
    """Saved answers (JSON strings) back into the types the form's fields expect."""
    fields = {field.name: field for field in form_class(formdata=None)}
    typed = {}
    for name, saved in data.items():
        field = fields.get(name)
        if isinstance(saved, str) and saved and isinstance(field, DecimalField):
            typed[name] = Decimal(saved)
        elif isinstance(saved, str) and saved and isinstance(field, DateField):
            typed[name] = dt.date.fromisoformat(saved)
        else:
            typed[name] = saved
    return typed


def _keep_draft(tender: Tender, number: int) -> None:
    raw = MultiDict(request.form)
    raw.pop("csrf_token", None)
    services.remember_draft(get_session(), tender, number, raw.to_dict(flat=False))


def _purchase_step(tender: Tender):
    saved = dict(tender.answers.get("purchase") or {})
    saved.setdefault("buyer_category", tender.organisation.category)
    saved.setdefault("reference", tender.reference)
    return _answers_step(tender, STEP_BY_SLUG["purchase"], PurchaseForm, saved)


def _context_step(tender: Tender):
    saved = tender.answers.get("context")
    if saved is None:
        purchase = purchase_of(tender)
        saved = {"labour_share": DEFAULT_LABOUR_SHARE[purchase.contract_type.value]}
    return _answers_step(tender, STEP_BY_SLUG["context"], ContextForm, saved)


def _answers_step(tender: Tender, current: Step, form_class: type, saved: dict[str, Any]):
    """A step whose form's fields are saved as they are under the step's name."""
    form = _form_with_draft(form_class, tender, current.number, saved)
    form.lock_version.data = request.form.get("lock_version", tender.lock_version)
    if request.method == "POST":
        if form.validate():
            data = {
                field.name: field.data
                for field in form
                if field.name not in ("csrf_token", "lock_version")
            }
            return _save_then(
                tender,
                current.number,
                lambda: services.save_step(
                    get_session(),
                    tender,
                    current.number,
                    current.slug,
                    services.jsonable(data),
                    actor=current_user,
                    lock_version=form.lock_version.data,
                ),
                form,
                current.slug,
            )
        _keep_draft(tender, current.number)
    return _render(tender, current.slug, form=form)


def _save_then(tender: Tender, number: int, save, form, slug: str, **context: Any):
    try:
        save()
    except ConflictError:
        flash(_conflict(), "error")
        return _render(tender, slug, form=form, **context)
    flash(_("Step saved."), "success")
    return _next(tender, number)


# Default share of labour in the price, by contract type: a starting point the buyer
# adjusts (FACTS §4: 70 % painting, 50 % masonry, 80 % cleaning).
DEFAULT_LABOUR_SHARE = {"works": "40", "services": "50", "supplies": "10"}


def _clauses_step(tender: Tender):
    session = get_session()
    snapshot = snapshot_of(tender)
    library = library_entries(session, tender.organisation_id)
    proposed = propose_ambition(snapshot.purchase)
    chosen_slugs = [tc.clause.slug for tc in tender.clauses]
    form = _form_with_draft(
        ClausesForm,
        tender,
        3,
        {"ambition": tender.ambition or proposed.value, "clauses": chosen_slugs},
    )
    form.lock_version.data = request.form.get("lock_version", tender.lock_version)
    ambition = Ambition(form.ambition.data if form.ambition.data in list(Ambition) else proposed)
    recommendations = recommend(snapshot.purchase, snapshot.context, ambition, library)
    form.clauses.choices = choice_list((entry.clause_id, entry.title("fr")) for entry in library)
    action = request.form.get("action", "")
    if request.method == "POST" and action.startswith("set:"):
        _start_from_set(form, action.removeprefix("set:"), recommendations, session, tender)
    elif request.method == "POST" and action != "refresh":
        if form.validate():
            return _save_then(
                tender,
                3,
                lambda: services.save_clause_selection(
                    session,
                    tender,
                    ambition=ambition,
                    chosen=form.clauses.data or [],
                    recommendations=recommendations,
                    library=library,
                    actor=current_user,
                    lock_version=form.lock_version.data,
                ),
                form,
                "clauses",
                **_clauses_context(tender, recommendations, library, proposed, form),
            )
        _keep_draft(tender, 3)
    if request.method == "GET" and not tender.clauses and services.draft_of(tender, 3) is None:
        form.clauses.data = [
            r.entry.clause_id
            for r in recommendations
            if r.grouping.value in ("mandatory", "recommended")
        ]
    return _render(
        tender,
        "clauses",
        form=form,
        **_clauses_context(tender, recommendations, library, proposed, form),
    )


def _start_from_set(
    form: ClausesForm,
    slug: str,
    recommendations: list[Recommendation],
    session: Session,
    tender: Tender,
) -> None:
    """Tick the clauses of an approved set, with the mandatory ones; nothing is saved yet."""
    clause_set = next(
        (s for s in approved_sets(session, tender.organisation_id) if s.slug == slug), None
    )
    if clause_set is None:
        abort(404)
    mandatory = [r.entry.clause_id for r in recommendations if r.grouping.value == "mandatory"]
    form.clauses.data = list(dict.fromkeys([*mandatory, *clause_set.clause_slugs]))
    flash(
        _(
            "The clauses of the set “%(title)s” are ticked, with the mandatory ones. Check "
            "them, then save the step.",
            title=clause_set.title(current_language()),
        ),
        "info",
    )


def _clauses_context(tender, recommendations, library, proposed, form) -> dict[str, Any]:
    language = current_language()
    recommended_ids = {r.entry.clause_id for r in recommendations}
    selected = set(form.clauses.data or [])
    search = None
    if request.args.get("q"):
        search = search_library(get_session(), library_query(request.args))
    added = [
        entry
        for entry in library
        if entry.clause_id in selected and entry.clause_id not in recommended_ids
    ]
    groups = {}
    for recommendation in recommendations:
        groups.setdefault(recommendation.grouping.value, []).append(recommendation)
    return {
        "groups": groups,
        "added": added,
        "search": search,
        "selected": selected,
        "proposed": proposed,
        "language": language,
        "newer": newer_versions(get_session(), tender),
        "clause_sets": approved_sets(get_session(), tender.organisation_id),
        "clause_html": clause_html,
    }


@bp.post("/<int:tender_id>/clauses/<slug>/update")
@roles_required(*BUYERS)
def update_clause(tender_id: int, slug: str):
    tender = tender_for(get_session(), current_user, tender_id)
    newer = newer_versions(get_session(), tender)
    chosen = next((tc for tc in tender.clauses if tc.clause.slug == slug), None)
    if chosen is None or slug not in newer:
        abort(404)
    unfit = services.update_clause_version(
        get_session(), tender, chosen, newer[slug], actor=current_user
    )
    flash(
        _("The clause now uses version %(number)s of the library.", number=newer[slug].number),
        "success",
    )
    if unfit:
        flash(
            _(
                "Your adapted wording of this clause uses variables that version %(number)s "
                "no longer has. It is kept: correct it, or restore the library wording, at "
                "step 4 before downloading the documents.",
                number=newer[slug].number,
            ),
            "warning",
        )
    return redirect(url_for("wizard.step", tender_id=tender.id, slug="clauses"))


def _variables_step(tender: Tender):
    snapshot = snapshot_of(tender)
    language = current_language()
    clauses = [(tc.clause.slug, tc.clause_version.content) for tc in tender.clauses]
    form_class = variables_form_class(clauses, language)
    hourly_cost = Decimal(
        (tender.answers.get("insertion") or {}).get("hourly_cost", services.DEFAULT_HOURLY_COST)
    )
    initial: dict[str, Any] = {"hourly_cost": hourly_cost}
    for tc in tender.clauses:
        for variable in tc.clause_version.content.get("variables") or []:
            value = tc.variable_values.get(variable["name"], variable["default"])
            if isinstance(value, dict):
                value = value[language]
            initial[field_name(tc.clause.slug, variable["name"])] = value
    for chosen in snapshot.clauses:
        for text_language in LANGUAGES:
            initial[text_name(chosen.clause_id, text_language)] = chosen.text(text_language)
    insertion = _insertion_computation(tender, snapshot, initial, hourly_cost)
    form = _form_with_draft(form_class, tender, 4, initial)
    form.lock_version.data = request.form.get("lock_version", tender.lock_version)
    context = {
        "clauses": clauses,
        "insertion": insertion,
        "field_name": field_name,
        "text_name": text_name,
        "restore_name": restore_name,
        "adapted": {chosen.clause_id for chosen in snapshot.clauses if chosen.is_adapted},
        "review_applies": uses_legal_review(tender.organisation),
        "language": language,
    }
    if request.method == "POST":
        if form.validate():
            values = {
                slug: {
                    v["name"]: form[field_name(slug, v["name"])].data
                    for v in content.get("variables") or []
                }
                for slug, content in clauses
            }
            return _save_then(
                tender,
                4,
                lambda: services.save_variables(
                    get_session(),
                    tender,
                    values,
                    form.hourly_cost.data,
                    texts={slug: posted_wording(form, slug) for slug, _content in clauses},
                    actor=current_user,
                    lock_version=form.lock_version.data,
                ),
                form,
                "variables",
                **context,
            )
        _keep_draft(tender, 4)
    return _render(tender, "variables", form=form, **context)


def _insertion_computation(tender, snapshot, initial, hourly_cost) -> dict[str, Any] | None:
    """The proposed insertion hours and how they are computed, when the clause is chosen."""
    for tc in tender.clauses:
        variable = services.INSERTION_CLAUSES.get(tc.clause.slug)
        if variable is None:
            continue
        rate = Decimal(
            str(tc.variable_values.get("insertion_rate", _default(tc, "insertion_rate") or 5))
        )
        total, yearly = services.insertion_proposal(
            snapshot.purchase, snapshot.context, rate, hourly_cost
        )
        proposal = yearly if variable == "annual_insertion_hours" else total
        key = field_name(tc.clause.slug, variable)
        if variable not in tc.variable_values:
            initial[key] = int(proposal)
        return {
            "field": key,
            "value": snapshot.purchase.estimated_value,
            "labour_share": snapshot.context.labour_share,
            "rate": rate,
            "hourly_cost": hourly_cost,
            "total": total,
            "yearly": yearly,
            "annual": variable == "annual_insertion_hours",
        }
    return None


def _default(tender_clause, name: str) -> Any:
    for variable in tender_clause.clause_version.content.get("variables") or []:
        if variable["name"] == name:
            return variable["default"]
    return None


def _criteria_step(tender: Tender):
    language = current_language()
    award_clauses = [
        tc for tc in tender.clauses if tc.clause_version.kind == ClauseKind.AWARD_CRITERION
    ]
    form_class = _criteria_form_class(award_clauses)
    saved = dict(tender.answers.get("criteria") or {})
    if not saved:
        clause_share = Decimal(10) * len(award_clauses)
        saved = {
            "price_weight": max(Decimal(40), Decimal(60) - clause_share),
            "technical_weight": Decimal(40) if clause_share <= 20 else Decimal(20),
        }
    for tc in award_clauses:
        saved.setdefault(f"w__{tc.clause.slug}", tc.weight if tc.weight is not None else 10)
    form = _form_with_draft(form_class, tender, 5, saved)
    form.lock_version.data = request.form.get("lock_version", tender.lock_version)
    weights = _weights(form, award_clauses)
    context = {"award_clauses": award_clauses, "language": language, "total": weights["total"]}
    context.update(_simulation(tender, form, award_clauses, language))
    action = request.form.get("action")
    if request.method == "POST" and action == "simulate":
        bids = _posted_bids(award_clauses)
        services.save_simulation(get_session(), tender, bids)
        context.update(_simulation(tender, form, award_clauses, language, bids))
        return _render(tender, "criteria", form=form, **context)
    if request.method == "POST":
        valid = form.validate()
        if valid and weights["total"] != 100:
            form.price_weight.errors = [
                *form.price_weight.errors,
                _(
                    "The weights must total 100 %%; they total %(total)s %%.",
                    total=weights["total"],
                ),
            ]
            valid = False
        if valid:
            criteria = {
                "price_weight": form.price_weight.data,
                "technical_weight": form.technical_weight.data,
                "price_formula": form.price_formula.data,
                "subcriteria": [
                    dict(entry.data) for entry in form.subcriteria if entry.form.name.data
                ],
            }
            clause_weights = {
                tc.clause.slug: form[f"w__{tc.clause.slug}"].data for tc in award_clauses
            }
            return _save_then(
                tender,
                5,
                lambda: services.save_criteria(
                    get_session(),
                    tender,
                    criteria,
                    clause_weights,
                    actor=current_user,
                    lock_version=form.lock_version.data,
                ),
                form,
                "criteria",
                **context,
            )
        _keep_draft(tender, 5)
    return _render(tender, "criteria", form=form, **context)


def _criteria_form_class(award_clauses) -> type:
    from wtforms.validators import InputRequired, NumberRange

    class Form(CriteriaForm):
        pass

    for tc in award_clauses:
        setattr(
            Form,
            f"w__{tc.clause.slug}",
            DecimalField(
                tc.clause_version.content["title"][current_language()],
                places=2,
                validators=[InputRequired(), NumberRange(min=0, max=100)],
            ),
        )
    return Form


def _weights(form, award_clauses) -> dict[str, Any]:
    def number(field) -> Decimal:
        return field.data if isinstance(field.data, Decimal) else Decimal(0)

    parts = [number(form.price_weight), number(form.technical_weight)]
    parts += [number(form[f"w__{tc.clause.slug}"]) for tc in award_clauses]
    return {"total": sum(parts, Decimal(0))}


def _weighted_criteria(form, award_clauses, language) -> list[WeightedCriterion]:
    criteria = [
        WeightedCriterion(
            "technical", _("Technical value"), form.technical_weight.data or Decimal(0)
        )
    ]
    for tc in award_clauses:
        criteria.append(
            WeightedCriterion(
                tc.clause.slug,
                tc.clause_version.content["title"][language],
                form[f"w__{tc.clause.slug}"].data or Decimal(0),
                responsible=True,
            )
        )
    return criteria


def _posted_bids(award_clauses) -> list[dict[str, Any]]:
    keys = ["technical", *[tc.clause.slug for tc in award_clauses]]
    bids = []
    for index in range(MAX_BIDS):
        name = request.form.get(f"bid{index}_name", "").strip()[:100]
        price = _to_decimal(request.form.get(f"bid{index}_price"))
        if not name and price is None:
            continue
        marks = {
            key: min(
                Decimal(10),
                max(Decimal(0), _to_decimal(request.form.get(f"bid{index}_{key}")) or Decimal(0)),
            )
            for key in keys
        }
        bids.append({"name": name or f"{index + 1}", "price": price or Decimal(0), "marks": marks})
    return bids


def _to_decimal(value: str | None) -> Decimal | None:
    try:
        return Decimal(value.replace(",", ".").replace(" ", "")) if value else None
    except ArithmeticError:
        return None


def _simulation(tender, form, award_clauses, language, bids=None) -> dict[str, Any]:
    stored = bids if bids is not None else (tender.answers.get("simulation") or {}).get("bids", [])
    criteria = _weighted_criteria(form, award_clauses, language)
    sample = [
        Bid(
            b["name"], Decimal(str(b["price"])), {k: Decimal(str(v)) for k, v in b["marks"].items()}
        )
        for b in stored
    ]
    price_weight = form.price_weight.data or Decimal(0)
    formula = form.price_formula.data or "proportional"
    return {
        "bids": stored,
        "max_bids": MAX_BIDS,
        "criteria_keys": criteria,
        "scores": score_bids(sample, price_weight, criteria, formula) if len(sample) >= 2 else [],
        "inert": inert_criteria(sample, price_weight, criteria, formula)
        if len(sample) >= 2
        else [],
        "symbolic": find_symbolic(criteria),
    }


MAX_JUSTIFICATION = 2000


def _review_step(tender: Tender):
    snapshot = snapshot_of(tender)
    results = check(snapshot)
    posted = {
        key.removeprefix("justify__"): value
        for key, value in request.form.items()
        if key.startswith("justify__")
    }
    refused = _refused_justifications(posted)
    review_reasons = legal_review_reasons(tender)
    if request.method == "POST" and refused:
        for message in refused:
            flash(message, "error")
    elif request.method == "POST":
        try:
            services.save_justifications(
                get_session(),
                tender,
                posted,
                actor=current_user,
                lock_version=request.form.get("lock_version"),
            )
        except ConflictError:
            flash(_conflict(), "error")
        else:
            flash(_("Your justifications were saved."), "success")
            return redirect(url_for("wizard.step", tender_id=tender.id, slug="review"))
    return _render(
        tender,
        "review",
        snapshot=snapshot,
        results=results,
        posted=posted,
        justifiable={rule.id for rule in load_rules() if rule.exceptions_allowed},
        summary=summary(results),
        review_required=bool(review_reasons),
        review_reasons=review_reasons,
        downloadable=may_download(tender),
        finishable=may_finish(tender),
        pdf_available=is_libreoffice_available(),
        language=current_language(),
        clause_html=clause_html,
    )


def _refused_justifications(posted: dict[str, str]) -> list[str]:
    """Why a written justification cannot be saved: too long, or holding characters that
    cannot go into the justification note."""
    refused = []
    for rule, text in posted.items():
        if len(text) > MAX_JUSTIFICATION:
            refused.append(
                _(
                    "The justification of “%(rule)s” is longer than %(limit)d "
                    "characters: shorten it.",
                    rule=rule,
                    limit=MAX_JUSTIFICATION,
                )
            )
        elif (bad := first_bad_character(text)) is not None:
            refused.append(
                _(
                    "The justification of “%(rule)s” contains a character that cannot "
                    "go into a Word document (%(code)s, position %(position)d): remove it.",
                    rule=rule,
                    code=bad.code,
                    position=bad.position,
                )
            )
    return refused


STEP_HANDLERS = {
    "purchase": _purchase_step,
    "context": _context_step,
    "clauses": _clauses_step,
    "variables": _variables_step,
    "criteria": _criteria_step,
    "review": _review_step,
}
