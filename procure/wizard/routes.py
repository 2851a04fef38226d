"""The guided form's pages: each view loads the tender, builds its step's form, calls a
service and redirects, or shows the page again with what was typed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response
from wtforms import Form

from procure.auth.access import roles_required
from procure.breadcrumbs import Trail, tender_label
from procure.catalog.presenters import clause_html
from procure.catalog.queries import library_query
from procure.compliance import check, load_rules, summary
from procure.cpv.search import check_digits_of
from procure.db import get_session
from procure.documents.libreoffice import is_libreoffice_available
from procure.documents.parts import PART_OF_KIND, PUBLICATION_PARTS
from procure.errors import ConflictError
from procure.forms import number_readings, typed_data
from procure.i18n import current_language
from procure.library.content import ClauseContent, Variable
from procure.library.search import search_library
from procure.library.text import LANGUAGES
from procure.models import Tender
from procure.review.clause_sets import approved_sets
from procure.snapshot import (
    DEFAULT_HOURLY_COST,
    LOT_NUMBER_VARIABLE,
    TenderSnapshot,
    fact_names,
)
from procure.tenders.access import tender_for
from procure.tenders.criteria import default_criteria
from procure.tenders.fit import LibraryEntry
from procure.tenders.library import library_entries, library_titles, newer_versions
from procure.tenders.lifecycle import (
    LifecycleError,
    finish_tender,
    legal_review_reasons,
    may_download,
    may_finish,
)
from procure.tenders.obligations import Obligation, obligations_by_lot
from procure.tenders.recommend import (
    Recommendation,
    propose_ambition,
    recommend,
    recommend_by_lot,
)
from procure.tenders.selection import (
    conflicts,
    default_selection,
    default_selection_by_lot,
    lot_conflicts,
    with_obligations_met,
    with_obligations_met_by_lot,
)
from procure.tenders.snapshots import hourly_cost_of, lot_numbers, purchase_of, snapshot_of
from procure.textcheck import first_bad_character
from procure.vocabulary import Ambition, ClauseGrouping, ClauseKind, Role
from procure.wizard import services, simulation
from procure.wizard.forms import (
    SAME_FOR_ALL_LOTS,
    WEIGHTS_PER_LOT,
    ClausesForm,
    ContextForm,
    PurchaseForm,
    asked_variables,
    clause_field_names,
    criteria_form_class,
    field_name,
    fields_left,
    lot_field_name,
    lot_weight_name,
    posted_wording,
    restore_name,
    text_name,
    variables_form_class,
    weight_name,
)
from procure.wizard.lot_rows import LOT_ACTION, UnknownLotAction, rearranged
from procure.wizard.steps import STEP_BY_SLUG, STEPS, Step

bp = Blueprint("wizard", __name__, url_prefix="/tenders")
BUYERS = (Role.BUYER, Role.ADMIN)
MAX_JUSTIFICATION = 2000


def _conflict() -> str:
    return _(
        "This tender was changed in another tab or by someone else. Nothing was "
        "overwritten; your entries are shown again below: check them and save again."
    )


def _tender(tender_id: int) -> Tender:
    return tender_for(get_session(), current_user, tender_id)


def _trail(tender: Tender | None = None, page: object = None) -> Trail:
    """My tenders, then the tender and the page of it that is open."""
    trail = Trail().add(_("My tenders"), url_for("wizard.tenders") if tender else None)
    if tender is not None:
        trail.add(tender_label(tender), url_for("wizard.resume", tender_id=tender.id))
        trail.add(page)
    return trail


def _step_label(step: Step) -> str:
    return f"{step.number}. {step.title}"


# -- My tenders ------------------------------------------------------------------


@bp.get("/")
@roles_required(*BUYERS)
def tenders():
    return render_template(
        "wizard/tenders.html",
        tenders=services.tenders_of(get_session(), current_user),
        steps=STEPS,
        breadcrumbs=_trail(),
    )


@bp.post("/")
@roles_required(*BUYERS)
def create():
    tender = services.create_tender(get_session(), current_user)
    return redirect(url_for("wizard.step", tender_id=tender.id, slug="purchase"))


@bp.get("/<int:tender_id>")
@roles_required(*BUYERS)
def resume(tender_id: int):
    tender = _tender(tender_id)
    return redirect(
        url_for("wizard.step", tender_id=tender.id, slug=STEPS[tender.current_step - 1].slug)
    )


@bp.post("/<int:tender_id>/duplicate")
@roles_required(*BUYERS)
def duplicate(tender_id: int):
    copy = services.duplicate_tender(get_session(), _tender(tender_id), current_user)
    flash(_("A copy was created: %(reference)s.", reference=copy.reference), "success")
    return redirect(url_for("wizard.step", tender_id=copy.id, slug="purchase"))


@bp.route("/<int:tender_id>/delete", methods=["GET", "POST"])
@roles_required(*BUYERS)
def delete(tender_id: int):
    tender = _tender(tender_id)
    if request.method == "POST":
        services.delete_tender(get_session(), tender, current_user)
        flash(_("The tender %(reference)s was deleted.", reference=tender.reference), "success")
        return redirect(url_for("wizard.tenders"))
    return render_template(
        "wizard/delete.html", tender=tender, breadcrumbs=_trail(tender, _("Delete a tender"))
    )


@bp.post("/<int:tender_id>/finish")
@roles_required(*BUYERS)
def finish(tender_id: int):
    tender = _tender(tender_id)
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


@dataclass
class StepPage:
    """What a step's view prepares: its form, how a valid form is saved, what the
    answers saved so far are (to show what changed on a conflict) and the page's data."""

    form: Form
    save: Callable[[], None]
    saved: Callable[[], dict[str, Any]]
    context: dict[str, Any] = field(default_factory=dict)
    redraw: bool = False  # a button that redraws the page (simulate, refresh): no save


@bp.route("/<int:tender_id>/step/<slug>", methods=["GET", "POST"])
@roles_required(*BUYERS)
def step(tender_id: int, slug: str):
    tender = _tender(tender_id)
    current = STEP_BY_SLUG.get(slug)
    if current is None:
        abort(404)
    if current.number > 2 and snapshot_of(tender) is None:
        flash(_("Describe the purchase and its context first."), "warning")
        first_missing = "purchase" if purchase_of(tender) is None else "context"
        return redirect(url_for("wizard.step", tender_id=tender.id, slug=first_missing))
    if slug == "review":
        return _review_step(tender)
    page = STEP_PAGES[slug](tender)
    if request.method == "POST":
        return _submit(tender, current, page)
    return _render(tender, current, page)


def _render(tender: Tender, current: Step, page: StepPage, status: int = 200, **extra: Any):
    return render_template(
        f"wizard/step_{current.slug}.html",
        tender=tender,
        steps=STEPS,
        current=current,
        form=page.form,
        breadcrumbs=_trail(tender, _step_label(current)),
        **page.context,
        **extra,
    ), status


def _submit(tender: Tender, current: Step, page: StepPage) -> Response | tuple[str, int]:
    """Save a valid step and go on (or back, with "Back"); keep what does not validate
    as a draft of the step; refuse a save from a stale page with 409, keeping what was
    typed and showing what was saved meanwhile."""
    back = request.form.get("action") == "back"
    if page.redraw:
        return _render(tender, current, page)
    if page.form.validate():
        try:
            page.save()
        except ConflictError:
            return _conflict_page(tender, current, page)
        flash(_("Step saved."), "success")
        for reading in number_readings(page.form):
            flash(reading, "info")
        return _go(tender, current.number - 1 if back else current.number + 1)
    services.remember_draft(get_session(), tender, current.number, _typed_entries())
    if back:
        flash(_("What you typed on this step is kept as a draft: it is not saved yet."), "info")
        return _go(tender, current.number - 1)
    return _render(tender, current, page)


def _go(tender: Tender, number: int) -> Response:
    target = STEPS[min(max(number, 1), len(STEPS)) - 1].slug
    return redirect(url_for("wizard.step", tender_id=tender.id, slug=target))


def _typed_entries() -> dict[str, list[str]]:
    """The posted form as a draft: what the buyer typed, without the page's tokens."""
    typed = MultiDict(request.form)
    for name in UNDRAFTED:
        typed.poplist(name)
    return typed.to_dict(flat=False)


UNDRAFTED = ("csrf_token", "lock_version", "action", LOT_ACTION)


def _conflict_page(tender: Tender, current: Step, page: StepPage) -> tuple[str, int]:
    get_session().rollback()  # nothing of this request is kept; the tender is read afresh
    page.form.lock_version.data = tender.lock_version  # saving again replaces, knowingly
    flash(_conflict(), "error")
    return _render(
        tender, current, page, status=409, saved_meanwhile=_differences(page.form, page.saved())
    )


def _differences(form: Form, saved: dict[str, Any]) -> list[tuple[str, str]]:
    """The fields whose saved value differs from what was typed: (label, saved value)."""
    differences = []
    for name, value in typed_data(type(form), saved).items():
        if name not in form or form[name].data == value or isinstance(value, dict | list):
            continue
        differences.append((str(form[name].label.text), "" if value is None else str(value)))
    return differences


def _form(form_class: type[Form], tender: Tender, number: int, saved: dict[str, Any]) -> Form:
    """The step's form: what was posted, else the step's draft, else the saved answers."""
    if request.method == "POST":
        form = form_class()
    elif (draft := services.draft_of(tender, number)) is not None:
        form = form_class(formdata=MultiDict({**draft, "csrf_token": [generate_csrf()]}))
        form.validate()  # the draft was not saved: show why again
    else:
        form = form_class(data=typed_data(form_class, saved))
    if request.method == "GET":
        form.lock_version.data = tender.lock_version
    return form


def _save_answers(tender: Tender, current: Step, form: Form) -> Callable[[], None]:
    def save() -> None:
        data = {f.name: f.data for f in form if f.name not in ("csrf_token", "lock_version")}
        services.save_step(
            get_session(),
            tender,
            current.number,
            current.slug,
            services.jsonable(data),
            actor=current_user,
            lock_version=form.lock_version.data,
        )

    return save


def _purchase_page(tender: Tender) -> StepPage:
    def saved() -> dict[str, Any]:
        answers = dict(tender.answers.get("purchase") or {})
        answers.setdefault("buyer_category", tender.organisation.category)
        answers.setdefault("reference", tender.reference)
        return answers

    session = get_session()
    form_class = type(
        "PurchaseForm",
        (PurchaseForm,),
        {
            "check_digits": staticmethod(lambda codes: check_digits_of(session, codes)),
            "reference_taken": staticmethod(
                lambda reference: services.is_reference_taken(session, tender, reference)
            ),
        },
    )
    action = request.form.get(LOT_ACTION) if request.method == "POST" else None
    if action:  # a lot added, moved or removed: redrawn, and kept as a draft
        try:
            posted = rearranged(request.form.to_dict(flat=False), action)
        except UnknownLotAction:
            abort(400)
        draft = {k: v for k, v in posted.to_dict(flat=False).items() if k not in UNDRAFTED}
        services.remember_draft(session, tender, 1, draft)
        form = form_class(formdata=posted)
        return StepPage(form, lambda: None, saved, redraw=True)
    form = _form(form_class, tender, 1, saved())
    return StepPage(form, _save_answers(tender, STEP_BY_SLUG["purchase"], form), saved)


def _context_page(tender: Tender) -> StepPage:
    purchase = purchase_of(tender)

    def saved() -> dict[str, Any]:
        return tender.answers.get("context") or services.implied_context(purchase)

    form = _form(ContextForm, tender, 2, saved())
    implied = [] if tender.answers.get("context") else services.implied_answers(purchase)
    return StepPage(
        form, _save_answers(tender, STEP_BY_SLUG["context"], form), saved, {"implied": implied}
    )


def _clauses_page(tender: Tender) -> StepPage:
    session = get_session()
    snapshot = snapshot_of(tender)
    library = library_entries(session, tender.organisation_id)
    proposal = propose_ambition(snapshot.purchase, snapshot.context)
    proposed = proposal.level
    purchase = snapshot.purchase
    lot_titles = {lot.number: lot.title for lot in purchase.lots} if purchase.is_divided else {}
    numbers = lot_numbers(tender)

    def saved() -> dict[str, Any]:
        return {
            "ambition": tender.ambition or proposed.value,
            "clauses": [tc.clause.slug for tc in tender.clauses],
            "clause_lots": _ticks(
                {
                    tc.clause.slug: tuple(numbers[key] for key in tc.lots if key in numbers)
                    for tc in tender.clauses
                },
                lot_titles,
            ),
        }

    titles = {entry.slug: entry.title(current_language()) for entry in library}

    def exclusive_pairs(chosen: dict[str, tuple[int, ...]]) -> list[tuple[str, str]]:
        pairs = lot_conflicts(chosen, library) if lot_titles else conflicts(chosen, library)
        return [(titles[a], titles[b]) for a, b in pairs]

    form_class = type(
        "ClausesForm",
        (ClausesForm,),
        {
            "exclusive_pairs": staticmethod(exclusive_pairs),
            "lot_titles": lot_titles,
            "titles": titles,
            "single_lot": {
                e.slug for e in library if LOT_NUMBER_VARIABLE in e.content.variable_names
            },
        },
    )
    form = _form(form_class, tender, 3, saved())
    ambition = Ambition(form.ambition.data if form.ambition.data in list(Ambition) else proposed)
    # read by the recommendations, ticks and page; lot by lot for a divided tender
    duties = obligations_by_lot(snapshot, library)
    if lot_titles:
        recommendations = recommend_by_lot(purchase, snapshot.context, ambition, library)
    else:
        recommendations = recommend(purchase, snapshot.context, ambition, library, duties=duties)
    form.clauses.choices = [(entry.slug, entry.title("fr")) for entry in library]
    action = request.form.get("action", "")
    if request.method == "GET" and not tender.clauses and services.draft_of(tender, 3) is None:
        if lot_titles:
            defaults = default_selection_by_lot(snapshot, library)
            form.clauses.data = list(defaults)
            form.clause_lots.data = _ticks(defaults, lot_titles)
        else:
            form.clauses.data = default_selection(snapshot, library, recommendations, duties=duties)
    if action.startswith("set:"):
        _start_from_set(
            form,
            action.removeprefix("set:"),
            snapshot=snapshot,
            library=library,
            duties=duties,
            tender=tender,
        )

    def save() -> None:
        services.save_clause_selection(
            session,
            tender,
            ambition=ambition,
            chosen=form.clauses.data or [],
            recommendations=recommendations,
            library=library,
            actor=current_user,
            lock_version=form.lock_version.data,
            lots=form.chosen_lots() if lot_titles else None,
        )

    context = _clauses_context(tender, recommendations, library, proposal, form)
    context["obligations"] = duties
    ticked = {str(value) for value in form.clause_lots.data or []}

    def unmet_lots(obligation: Obligation) -> list[int]:
        """The lots of a divided tender where no ticked clause meets ``obligation``."""
        return [
            n
            for n in obligation.lots
            if not any(f"{entry.slug}:{n}" in ticked for entry in obligation.candidates)
        ]

    context["unmet_lots"] = unmet_lots
    context["insertion"] = _insertion_estimates(tender, snapshot, library)
    context["lot_titles"] = lot_titles
    context["ClauseGrouping"] = ClauseGrouping
    context["ticked"] = ticked
    redraw = action == "refresh" or action.startswith("set:")
    return StepPage(form, save, saved, context, redraw=redraw)


def _ticks(chosen: dict[str, tuple[int, ...]], lot_titles: dict[int, str]) -> list[str]:
    """The lot boxes ticked for ``chosen`` (slug -> its lots, empty: every lot)."""
    return [f"{slug}:{n}" for slug, lots in chosen.items() for n in (lots or lot_titles)]


def _start_from_set(
    form: ClausesForm,
    slug: str,
    *,
    snapshot: TenderSnapshot,
    library: list[LibraryEntry],
    duties: list[Obligation],
    tender: Tender,
) -> None:
    """Tick the clauses of an approved set, and a clause for each obligation the set
    leaves unmet; nothing is saved yet."""
    clause_set = next(
        (s for s in approved_sets(get_session(), tender.organisation_id) if s.slug == slug), None
    )
    if clause_set is None:
        abort(404)
    if snapshot.purchase.is_divided:
        # the set's clauses on the lots they fit, each lot's obligations met on its own
        ticked = with_obligations_met_by_lot(clause_set.clause_slugs, snapshot, library)
        form.clauses.data = list(ticked)
        form.clause_lots.data = [f"{s}:{n}" for s, numbers in ticked.items() for n in numbers]
    else:
        form.clauses.data = with_obligations_met(
            clause_set.clause_slugs, snapshot, library, duties=duties
        )
    flash(
        _(
            "The clauses of the set “%(title)s” are ticked, with a clause for each "
            "obligation the set does not meet. Check them, then save the step.",
            title=clause_set.title(current_language()),
        ),
        "info",
    )


def _clauses_context(tender, recommendations, library, proposed, form) -> dict[str, Any]:
    recommended_ids = {r.entry.slug for r in recommendations}
    selected = set(form.clauses.data or [])
    groups: dict[str, list[Recommendation]] = {}
    for recommendation in recommendations:
        groups.setdefault(recommendation.grouping.value, []).append(recommendation)
    return {
        "groups": groups,
        # each group's clauses under the published part that will carry them: RC, CCAP, CCTP
        "parts": {
            grouping: [
                (part, in_part)
                for part in PUBLICATION_PARTS
                if (in_part := [r for r in found if PART_OF_KIND[r.entry.kind] is part])
            ]
            for grouping, found in groups.items()
        },
        "added": [
            entry
            for entry in library
            if entry.slug in selected and entry.slug not in recommended_ids
        ],
        "search": (
            search_library(get_session(), library_query(request.args))
            if request.args.get("q")
            else None
        ),
        "selected": selected,
        "proposed": proposed,
        "language": current_language(),
        "newer": newer_versions(get_session(), tender),
        "clause_sets": approved_sets(get_session(), tender.organisation_id),
        "clause_html": clause_html,
    }


def _insertion_estimates(
    tender: Tender, snapshot: TenderSnapshot, library: list[LibraryEntry]
) -> dict[str, services.InsertionProposal]:
    """The hours each insertion clause would propose, with the values already chosen."""
    values = {tc.clause.slug: tc.variable_values for tc in tender.clauses}
    # Read once, by snapshot_of: hourly_cost_of(tender) again would repeat the work.
    hourly_cost = snapshot.context.hourly_cost or hourly_cost_of(tender)
    estimates = {}
    for entry in library:
        estimate = services.insertion_estimate(
            entry.slug, entry.content, values.get(entry.slug, {}), snapshot, hourly_cost
        )
        if estimate is not None:
            estimates[entry.slug] = estimate
    return estimates


@bp.post("/<int:tender_id>/clauses/<slug>/update")
@roles_required(*BUYERS)
def update_clause(tender_id: int, slug: str):
    tender = _tender(tender_id)
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


def _variables_page(tender: Tender) -> StepPage:
    snapshot = snapshot_of(tender)
    language = current_language()
    facts = fact_names(snapshot.purchase)
    clauses = [(tc.clause.slug, tc.clause_version.clause_content) for tc in tender.clauses]
    # Read once, by snapshot_of: hourly_cost_of(tender) again would repeat the work.
    hourly_cost = snapshot.context.hourly_cost or hourly_cost_of(tender)
    insertion = services.insertion_for(tender, snapshot, hourly_cost)
    lot_hours = services.lot_insertions(tender, snapshot, hourly_cost)
    per_lot = {(hours.slug, hours.variable) for hours in lot_hours}

    def asked(slug: str, content: ClauseContent) -> list[Variable]:
        """The variables asked once for the clause: not those asked lot by lot."""
        return [v for v in asked_variables(content, facts) if (slug, v.name) not in per_lot]

    def saved() -> dict[str, Any]:
        values: dict[str, Any] = {"hourly_cost": hourly_cost}
        for tc in tender.clauses:
            for variable in asked(tc.clause.slug, tc.clause_version.clause_content):
                value = tc.variable_values.get(variable.name, variable.default)
                values[field_name(tc.clause.slug, variable.name)] = (
                    value[language] if isinstance(value, dict) else value
                )
        for chosen in snapshot.clauses:
            for text_language in LANGUAGES:
                values[text_name(chosen.slug, text_language)] = chosen.text(text_language)
        if insertion is not None:
            slug, proposal = insertion
            chosen = next(tc for tc in tender.clauses if tc.clause.slug == slug)
            if proposal.field not in chosen.variable_values:
                values[field_name(slug, proposal.field)] = proposal.proposal
        saved_by_slug = {tc.clause.slug: tc.lot_values for tc in tender.clauses}
        for hours in lot_hours:
            own = saved_by_slug[hours.slug].get(hours.key, {})
            values[lot_field_name(hours.slug, hours.variable, hours.number)] = own.get(
                hours.variable, hours.proposal.proposal
            )
        return values

    lot_fields = [(hours.slug, hours.variable, hours.number) for hours in lot_hours]
    form = _form(variables_form_class(clauses, language, facts, lot_fields), tender, 4, saved())

    def save() -> None:
        services.save_variables(
            get_session(),
            tender,
            {
                slug: {v.name: form[field_name(slug, v.name)].data for v in asked(slug, content)}
                for slug, content in clauses
            },
            form.hourly_cost.data,
            texts={slug: posted_wording(form, slug) for slug, _content in clauses},
            lot_values=_posted_lot_values(form, lot_hours),
            actor=current_user,
            lock_version=form.lock_version.data,
        )

    context = {
        "clauses": clauses,
        "asked_variables": asked,
        "insertion": insertion[1] if insertion else None,
        "lot_hours": lot_hours,
        "lot_field_name": lot_field_name,
        "field_name": field_name,
        "text_name": text_name,
        "restore_name": restore_name,
        # what is left to fill is read when the page is drawn, after the posted form's checks
        "field_names": clause_field_names(clauses, asked, lot_fields),
        "fields_left": fields_left,
        "adapted": {chosen.slug for chosen in snapshot.clauses if chosen.is_adapted},
        "review_applies": tender.organisation.review_adapted_wording,
        "language": language,
        "organisation_cost": tender.organisation.hourly_cost,
        "usual_cost": DEFAULT_HOURLY_COST,
    }
    return StepPage(form, save, saved, context)


def _posted_lot_values(
    form: Any, lot_hours: list[services.LotHours]
) -> dict[str, dict[str, dict[str, Any]]]:
    """The hours posted lot by lot: clause slug -> lot key -> {variable: hours}."""
    posted: dict[str, dict[str, dict[str, Any]]] = {}
    for hours in lot_hours:
        value = form[lot_field_name(hours.slug, hours.variable, hours.number)].data
        posted.setdefault(hours.slug, {})[hours.key] = {hours.variable: value}
    return posted


def _criteria_page(tender: Tender) -> StepPage:
    language = current_language()
    award_clauses = [
        tc for tc in tender.clauses if tc.clause_version.kind == ClauseKind.AWARD_CRITERION
    ]
    slugs = [tc.clause.slug for tc in award_clauses]
    lots = _award_clauses_by_lot(tender, slugs)
    form_class = criteria_form_class(
        [
            (tc.clause.slug, tc.clause_version.clause_content.title[language])
            for tc in award_clauses
        ],
        [(number, lot_slugs) for number, _key, lot_slugs in lots],
    )

    def saved() -> dict[str, Any]:
        answers = dict(tender.answers.get("criteria") or {})
        defaults = default_criteria(slugs)
        if not answers:
            answers = {"price_weight": defaults.price, "technical_weight": defaults.technical}
        for tc in award_clauses:
            default = defaults.clauses.get(tc.clause.slug)
            answers[weight_name(tc.clause.slug)] = tc.weight if tc.weight is not None else default
        own = tender.answers.get("lot_criteria") or {}
        if lots:
            answers["lot_scope"] = WEIGHTS_PER_LOT if own else SAME_FOR_ALL_LOTS
        for number, key, lot_slugs in lots:
            data = own.get(key) or {}
            weights = data.get("clause_weights") or {}
            for name in ("price_weight", "technical_weight", "price_formula", "subcriteria"):
                answers[lot_weight_name(number, name)] = data.get(name, answers.get(name))
            for slug in lot_slugs:
                answers[lot_weight_name(number, weight_name(slug))] = weights.get(
                    slug, answers.get(weight_name(slug))
                )
        return answers

    form = _form(form_class, tender, 5, saved())

    def posted_lot_criteria() -> dict[str, dict[str, Any]]:
        if not lots or form.lot_scope.data != WEIGHTS_PER_LOT:
            return {}
        return {
            key: {
                "price_weight": form[lot_weight_name(number, "price_weight")].data,
                "technical_weight": form[lot_weight_name(number, "technical_weight")].data,
                "price_formula": form[lot_weight_name(number, "price_formula")].data,
                "subcriteria": _posted_subcriteria(form[lot_weight_name(number, "subcriteria")]),
                "clause_weights": {
                    slug: form[lot_weight_name(number, weight_name(slug))].data
                    for slug in lot_slugs
                },
            }
            for number, key, lot_slugs in lots
        }

    def save() -> None:
        contract = {
            "price_weight": form.price_weight.data,
            "technical_weight": form.technical_weight.data,
            "price_formula": form.price_formula.data,
            "subcriteria": _posted_subcriteria(form.subcriteria),
        }
        services.save_criteria(
            get_session(),
            tender,
            contract,
            {slug: form[weight_name(slug)].data for slug in slugs},
            lot_criteria=posted_lot_criteria(),
            actor=current_user,
            lock_version=form.lock_version.data,
        )

    context = {
        "award_clauses": award_clauses,
        "language": language,
        "total": form.total(),
        "lots": lots,
        "lot_weight_name": lot_weight_name,
        "weight_name": weight_name,
    }
    bids = simulation.posted_bids(request.form, slugs, language) if _simulating() else None
    stored = tender.answers.get("simulation") or {}
    lot = simulation.simulated_lot(
        form, lots, request.form.get("simulated_lot") if _simulating() else stored.get("lot")
    )
    if bids is not None:
        services.save_simulation(get_session(), tender, bids, lot[0] if lot else None)
    context.update(simulation.page_data(tender, form, award_clauses, language, bids, lot=lot))
    return StepPage(form, save, saved, context, redraw=bids is not None)


def _posted_subcriteria(entries: Any) -> list[dict[str, Any]]:
    """The sub-criteria typed in a list of rows, the rows left without a name dropped."""
    return [dict(entry.data) for entry in entries if entry.form.name.data]


def _award_clauses_by_lot(tender: Tender, slugs: list[str]) -> list[tuple[int, str, list[str]]]:
    """(lot number, lot key, the award clauses that apply to it) for each lot of a divided
    tender; [] for a tender not divided."""
    purchase = purchase_of(tender)
    if purchase is None or not purchase.is_divided:
        return []
    numbers = lot_numbers(tender)
    clause_lots = {
        tc.clause.slug: {numbers[key] for key in tc.lots if key in numbers} for tc in tender.clauses
    }
    return [
        (
            lot.number,
            lot.key,
            [s for s in slugs if not clause_lots[s] or lot.number in clause_lots[s]],
        )
        for lot in purchase.lots
    ]


def _simulating() -> bool:
    return request.method == "POST" and request.form.get("action") == "simulate"


def _review_step(tender: Tender):
    snapshot = snapshot_of(tender)
    results = check(snapshot, library_titles(get_session(), tender.organisation_id))
    posted = {
        key.removeprefix("justify__"): value
        for key, value in request.form.items()
        if key.startswith("justify__")
    }
    refused = _refused_justifications(posted)
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
            get_session().rollback()
            flash(_conflict(), "error")
        else:
            flash(_("Your justifications were saved."), "success")
            return redirect(url_for("wizard.step", tender_id=tender.id, slug="review"))
    review_reasons = legal_review_reasons(tender)
    return render_template(
        "wizard/step_review.html",
        tender=tender,
        steps=STEPS,
        current=STEP_BY_SLUG["review"],
        breadcrumbs=_trail(tender, _step_label(STEP_BY_SLUG["review"])),
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


STEP_PAGES: dict[str, Callable[[Tender], StepPage]] = {
    "purchase": _purchase_page,
    "context": _context_page,
    "clauses": _clauses_page,
    "variables": _variables_page,
    "criteria": _criteria_page,
}
