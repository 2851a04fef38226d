from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from procure.admin.template_check import TemplateRejected
from procure.auditlog.services import utc_iso
from procure.auth.access import roles_required, signed_in
from procure.breadcrumbs import Trail, tender_label
from procure.compliance import check, summary
from procure.db import get_session
from procure.documents.libreoffice import is_libreoffice_available
from procure.documents.pdf import convert_to_pdf
from procure.errors import ConflictError
from procure.forms import choice_list
from procure.i18n import current_language
from procure.models import ClauseSetVersion, ClauseVersion, Tender, User
from procure.review import clause_sets, file_checks, notifications, presenters, services
from procure.review.deviations import DeviationFileError
from procure.review.diff import diff_contents, display, render_inline, render_side_by_side
from procure.review.forms import (
    APPROVE,
    REQUEST_CHANGES,
    RETIRE,
    SUBMIT,
    ClauseSetForm,
    CommentForm,
    DecisionForm,
    EditedFileForm,
    QueueFilterForm,
)
from procure.review.services import QueueFilters, ReviewError
from procure.tenders.access import tender_for
from procure.tenders.library import newer_versions
from procure.tenders.lifecycle import legal_review_reasons, may_download, tender_state
from procure.tenders.snapshots import purchase_of, snapshot_of
from procure.typography import typeset
from procure.vocabulary import ReviewDecisionKind, Role

bp = Blueprint("review", __name__, url_prefix="/review")


def _trail(*pages: tuple[object, str | None]) -> Trail:
    """The review queue, then ``pages`` (label, URL; the current page's URL is None)."""
    trail = Trail().add(_("Review queue"), url_for("review.queue") if pages else None)
    for label, url in pages:
        trail.add(label, url)
    return trail


def _tender_trail(tender: Tender, page: object = None) -> Trail:
    """A tender's review page: from the queue for legal staff, from "My tenders" for its
    buyer; ``page`` is a page under it (the deviation report)."""
    here = (tender_label(tender), url_for("review.tender", tender_id=tender.id) if page else None)
    tail = [(page, None)] if page else []
    if current_user.is_legal_staff:
        return _trail(here, *tail)
    trail = Trail().add(_("My tenders"), url_for("wizard.tenders"))
    trail.add(tender_label(tender), url_for("wizard.resume", tender_id=tender.id))
    trail.add(_("Legal review"), here[1])
    for label, url in tail:
        trail.add(label, url)
    return trail


bp.add_app_template_filter(utc_iso, "utc_iso")
# Administrators read the review pages; only legal reviewers write and decide.
LEGAL = (Role.LEGAL, Role.ADMIN)

VERSION_ACTIONS: dict[str, Callable[..., Any]] = {
    SUBMIT: services.submit_version,
    APPROVE: services.approve_version,
    REQUEST_CHANGES: services.request_changes,
    RETIRE: services.retire_version,
}
ACTIONS: dict[str, dict[str, Callable[..., Any]]] = {
    "clause": VERSION_ACTIONS,
    "clause_set": VERSION_ACTIONS,
    "tender": {
        APPROVE: services.approve_tender,
        REQUEST_CHANGES: services.request_tender_changes,
    },
}
DONE = {
    SUBMIT: _l("Submitted for legal review: it now waits in the review queue."),
    APPROVE: _l("Approved. Buyers can use it from now on."),
    REQUEST_CHANGES: _l("Sent back to the author with your comment."),
    RETIRE: _l("Retired: buyers no longer see it."),
}
SET_PROBLEMS = {
    "slug_format": _l("Use lower-case letters, digits and hyphens, e.g. school-catering."),
    "slug_taken": _l("A clause set with the identifier “%(slug)s” exists."),
    "required": _l("This field is required."),
    "no_clause": _l("Choose at least one clause."),
    "not_approved": _l("The clause “%(slug)s” has no approved version and cannot be in a set."),
    "unchanged": _l("Nothing was changed."),
}


# -- the queue -------------------------------------------------------------------------------------


@bp.get("/")
@roles_required(*LEGAL)
def queue():
    session = get_session()
    everything = services.review_queue(session, current_user)
    form = QueueFilterForm(request.args)
    submitters = {i.submitted_by.id: i.submitted_by for i in everything if i.submitted_by}
    form.submitted_by.choices = choice_list(
        [
            ("", _l("Anyone")),
            *(
                (str(user.id), user.name)
                for user in sorted(submitters.values(), key=lambda user: user.name)
            ),
        ]
    )
    form.validate()
    filters = QueueFilters(
        kind=form.kind.data if not form.kind.errors and form.kind.data else "",
        text=(form.q.data or "").strip(),
        submitted_by=int(form.submitted_by.data)
        if form.submitted_by.data and not form.submitted_by.errors
        else None,
        decidable_only=bool(form.decidable.data),
    )
    items = services.filter_queue(everything, filters, current_user)
    return render_template(
        "review/queue.html",
        breadcrumbs=_trail(),
        form=form,
        items=items,
        total=len(everything),
        language=current_language(),
    )


# -- deciding and commenting, for every kind of item ----------------------------------------------


def _decide(kind: str, item: Any, page: Callable[..., Any], done_url: str) -> Any:
    form = DecisionForm()
    if not form.validate_on_submit():
        return page(decision_form=form)
    action = ACTIONS[kind].get(form.decision.data)
    if action is None:
        abort(400)
    options = {} if form.decision.data == SUBMIT else {"comment": form.comment.data or ""}
    session = get_session()
    try:
        decision = action(
            session, item, actor=current_user, lock_version=form.lock_version.data, **options
        )
    except ConflictError:
        session.rollback()
        form.lock_version.data = str(item.lock_version)  # they now see the new state
        return page(decision_form=form, conflict=True, status=409)
    except ReviewError as error:
        session.rollback()
        message = presenters.error_message(error, tender=kind == "tender")
        if error.field == "comment":
            form.comment.errors = [*form.comment.errors, message]
        return page(decision_form=form, error=message, status=422)
    notifications.notify_decision(session, item, decision, current_user)
    flash(str(DONE[form.decision.data]), "success")
    return redirect(done_url)


def _comment(item: Any, page: Callable[..., Any], done_url: str) -> Any:
    form = CommentForm()
    if form.validate_on_submit():
        try:
            services.add_comment(get_session(), item, actor=current_user, body=form.body.data)
        except ReviewError as error:
            form.body.errors = [*form.body.errors, presenters.error_message(error)]
        else:
            flash(_("Your comment was added."), "success")
            return redirect(done_url + "#thread")
    return page(comment_form=form)


def _conflict_text(status: str, *, tender: bool = False) -> str:
    return presenters.conflict_message(presenters.status_label(status, tender=tender))


def _forms(
    item: Any, decision_form: DecisionForm | None, comment_form: CommentForm | None
) -> dict[str, Any]:
    return {
        "decision_form": decision_form
        or DecisionForm(formdata=None, data={"lock_version": item.lock_version}),
        "comment_form": comment_form or CommentForm(formdata=None),
        "thread": services.history(get_session(), item),
        "history_kinds": presenters.HISTORY_KINDS,
    }


def _diff_context() -> dict[str, Any]:
    view = "inline" if request.args.get("view") == "inline" else "side-by-side"
    labels = presenters.diff_labels()
    return {
        "view": view,
        "inline": lambda diff: render_inline(diff, labels),
        "side_by_side": lambda diff: render_side_by_side(diff, labels),
        "field_title": presenters.field_title,
        "field_labels": presenters.FIELD_LABELS,
    }


# -- clause versions -------------------------------------------------------------------------------


def _clause_version(slug: str, number: int) -> ClauseVersion:
    version = services.find_clause_version(
        get_session(), slug, number, current_user.organisation_id
    )
    if version is None:
        abort(404)
    return version


def _clause_version_page(
    version: ClauseVersion,
    *,
    decision_form: DecisionForm | None = None,
    comment_form: CommentForm | None = None,
    conflict: bool = False,
    error: str | None = None,
    status: int = 200,
):
    session = get_session()
    language = current_language()
    against = request.args.get("against", type=int)
    others = [v for v in version.clause.versions if v.number != version.number]
    base = next((v for v in others if v.number == against), None) if against else None
    if base is None:
        base = services.previous_approved(session, version.clause_id, before_number=version.number)
    diff = diff_contents(base.content if base else None, version.content, language=language)
    is_author = version.author_id is not None and version.author_id == current_user.id
    links = {
        view: url_for(
            "review.clause_version",
            slug=version.clause.slug,
            number=version.number,
            view=view,
            against=base.number if base else None,
        )
        for view in ("side-by-side", "inline")
    }
    return render_template(
        "review/clause_version.html",
        breadcrumbs=_trail(
            (
                _(
                    "%(title)s, version %(number)s",
                    title=_version_title(version),
                    number=version.number,
                ),
                None,
            )
        ),
        version=version,
        clause=version.clause,
        author=session.get(User, version.author_id) if version.author_id else None,
        base=base,
        others=others,
        diff=diff,
        language=language,
        links=links,
        buttons=presenters.version_buttons(
            version.status,
            is_author=is_author,
            decidable=services.may_decide(version, current_user),
        ),
        note=presenters.version_note(
            version.status,
            is_author=is_author,
            reference=version.clause.organisation_id is None,
        ),
        conflict=_conflict_text(version.status) if conflict else None,
        error=error,
        citation_of=presenters.citation_of,
        reference_of=presenters.reference_of,
        variable_attributes=presenters.VARIABLE_ATTRIBUTES,
        variable_changes=presenters.VARIABLE_CHANGES,
        status_label=presenters.status_label,
        display=display,
        **_diff_context(),
        **_forms(version, decision_form, comment_form),
    ), status


def _version_title(version: ClauseVersion | ClauseSetVersion) -> str:
    language = current_language()
    return typeset(version.title_fr if language == "fr" else version.title_en, language)


def _clause_version_url(version: ClauseVersion) -> str:
    return url_for("review.clause_version", slug=version.clause.slug, number=version.number)


@bp.get("/clauses/<slug>/versions/<int:number>")
@roles_required(*LEGAL)
def clause_version(slug: str, number: int):
    return _clause_version_page(_clause_version(slug, number))


@bp.post("/clauses/<slug>/versions/<int:number>/decide")
@roles_required(Role.LEGAL)
def decide_version(slug: str, number: int):
    version = _clause_version(slug, number)
    return _decide(
        "clause",
        version,
        lambda **kw: _clause_version_page(version, **kw),
        _clause_version_url(version),
    )


@bp.post("/clauses/<slug>/versions/<int:number>/comments")
@roles_required(*LEGAL)
def comment_version(slug: str, number: int):
    version = _clause_version(slug, number)
    return _comment(
        version, lambda **kw: _clause_version_page(version, **kw), _clause_version_url(version)
    )


# -- clause sets -----------------------------------------------------------------------------------


@bp.get("/clause-sets/")
@roles_required(*LEGAL)
def clause_set_list():
    return render_template(
        "review/clause_sets.html",
        breadcrumbs=_trail((_("Clause sets"), None)),
        overview=clause_sets.clause_sets_overview(get_session(), current_user.organisation_id),
        language=current_language(),
    )


def _set_form_choices(form: ClauseSetForm) -> None:
    language = current_language()
    form.clauses.choices = choice_list(
        (version.clause.slug, f"{getattr(version, f'title_{language}')} ({version.clause.slug})")
        for version in clause_sets.choosable_clauses(get_session(), current_user.organisation_id)
    )


def _save_set(form: ClauseSetForm, base_version: int | None) -> ClauseSetVersion | None:
    draft = clause_sets.ClauseSetDraft(
        slug=(form.slug.data or "").strip(),
        title_fr=form.title_fr.data or "",
        title_en=form.title_en.data or "",
        description_fr=form.description_fr.data or "",
        description_en=form.description_en.data or "",
        clause_slugs=tuple(form.clauses.data or ()),
    )
    try:
        return clause_sets.save_clause_set(
            get_session(), draft, author=current_user, base_version=base_version
        )
    except clause_sets.ClauseSetValidationError as error:
        for problem in error.problems:
            field = getattr(form, problem.field)
            message = str(SET_PROBLEMS[problem.code]) % {"slug": problem.slug}
            field.errors = [*field.errors, message]
    except ConflictError:
        form.title_fr.errors = [
            *form.title_fr.errors,
            _(
                "Someone saved a newer version of this clause set while you were editing. "
                "Your choices are still in the form: note them, reload the page and apply "
                "them again."
            ),
        ]
    return None


@bp.route("/clause-sets/new", methods=["GET", "POST"])
@roles_required(Role.LEGAL)
def new_clause_set():
    form = ClauseSetForm()
    _set_form_choices(form)
    if form.validate_on_submit():
        version = _save_set(form, base_version=None)
        if version is not None:
            flash(_("The clause set was created as a draft."), "success")
            return redirect(_set_version_url(version))
    return render_template(
        "review/clause_set_edit.html",
        form=form,
        clause_set=None,
        breadcrumbs=_trail(
            (_("Clause sets"), url_for("review.clause_set_list")), (_("New clause set"), None)
        ),
    )


@bp.route("/clause-sets/<slug>/edit", methods=["GET", "POST"])
@roles_required(Role.LEGAL)
def edit_clause_set(slug: str):
    session = get_session()
    clause_set = clause_sets.find_set(session, slug, current_user.organisation_id)
    if clause_set is None:
        abort(404)
    current = clause_sets.latest_set_version(session, clause_set)
    if request.method == "GET":
        form = ClauseSetForm(
            formdata=None,
            data={
                "slug": clause_set.slug,
                "title_fr": current.title_fr,
                "title_en": current.title_en,
                "description_fr": (current.description or {}).get("fr", ""),
                "description_en": (current.description or {}).get("en", ""),
                "clauses": [item.clause_version.clause.slug for item in current.items],
                "base_version": current.number,
            },
        )
    else:
        form = ClauseSetForm()
        form.slug.data = clause_set.slug
    _set_form_choices(form)
    if form.validate_on_submit():
        version = _save_set(form, base_version=_number(form.base_version.data))
        if version is not None:
            flash(
                _("Your changes were saved as draft version %(number)s.", number=version.number),
                "success",
            )
            return redirect(_set_version_url(version))
    return render_template(
        "review/clause_set_edit.html",
        form=form,
        clause_set=clause_set,
        current=current,
        breadcrumbs=_trail(
            (_("Clause sets"), url_for("review.clause_set_list")), (_("Edit a clause set"), None)
        ),
    )


def _number(text: str | None) -> int:
    """The version number a hidden field holds; 0 (never current) when it holds none."""
    try:
        return int((text or "").strip())
    except ValueError:
        return 0


def _set_version(slug: str, number: int) -> ClauseSetVersion:
    version = clause_sets.find_set_version(
        get_session(), slug, number, current_user.organisation_id
    )
    if version is None:
        abort(404)
    return version


def _set_version_url(version: ClauseSetVersion) -> str:
    return url_for("review.clause_set_version", slug=version.clause_set.slug, number=version.number)


def _set_version_page(
    version: ClauseSetVersion,
    *,
    decision_form: DecisionForm | None = None,
    comment_form: CommentForm | None = None,
    conflict: bool = False,
    error: str | None = None,
    status: int = 200,
):
    session = get_session()
    base = clause_sets.previous_approved_set(session, version)
    is_author = version.author_id is not None and version.author_id == current_user.id
    links = {
        view: url_for(
            "review.clause_set_version",
            slug=version.clause_set.slug,
            number=version.number,
            view=view,
        )
        for view in ("side-by-side", "inline")
    }
    return render_template(
        "review/clause_set_version.html",
        breadcrumbs=_trail(
            (_("Clause sets"), url_for("review.clause_set_list")),
            (
                _(
                    "%(title)s, version %(number)s",
                    title=_version_title(version),
                    number=version.number,
                ),
                None,
            ),
        ),
        version=version,
        clause_set=version.clause_set,
        author=session.get(User, version.author_id) if version.author_id else None,
        base=base,
        diff=clause_sets.diff_set_versions(base, version),
        language=current_language(),
        links=links,
        buttons=presenters.version_buttons(
            version.status,
            is_author=is_author,
            decidable=services.may_decide(version, current_user),
        ),
        note=presenters.version_note(version.status, is_author=is_author),
        conflict=_conflict_text(version.status) if conflict else None,
        error=error,
        status_label=presenters.status_label,
        **_diff_context(),
        **_forms(version, decision_form, comment_form),
    ), status


@bp.get("/clause-sets/<slug>/versions/<int:number>")
@roles_required(*LEGAL)
def clause_set_version(slug: str, number: int):
    return _set_version_page(_set_version(slug, number))


@bp.post("/clause-sets/<slug>/versions/<int:number>/decide")
@roles_required(Role.LEGAL)
def decide_set_version(slug: str, number: int):
    version = _set_version(slug, number)
    return _decide(
        "clause_set",
        version,
        lambda **kw: _set_version_page(version, **kw),
        _set_version_url(version),
    )


@bp.post("/clause-sets/<slug>/versions/<int:number>/comments")
@roles_required(*LEGAL)
def comment_set_version(slug: str, number: int):
    version = _set_version(slug, number)
    return _comment(
        version, lambda **kw: _set_version_page(version, **kw), _set_version_url(version)
    )


# -- tenders ---------------------------------------------------------------------------------------


def _tender_page(
    tender: Tender,
    *,
    decision_form: DecisionForm | None = None,
    comment_form: CommentForm | None = None,
    conflict: bool = False,
    error: str | None = None,
    status: int = 200,
    edited_form: EditedFileForm | None = None,
):
    session = get_session()
    language = current_language()
    newer = newer_versions(session, tender)
    is_reviewer = current_user.is_legal_reviewer
    submitted = services.latest_decision(session, tender, [ReviewDecisionKind.SUBMITTED])
    is_author = current_user.id in (tender.owner_id, submitted.actor_id if submitted else None)
    decided = services.last_decided_state(session, tender)
    snapshot = snapshot_of(tender)
    results = check(snapshot) if snapshot else []
    return render_template(
        "review/tender.html",
        breadcrumbs=_tender_trail(tender),
        tender=tender,
        snapshot=snapshot,
        results=results,
        summary=summary(results),
        edited_form=edited_form or EditedFileForm(formdata=None),
        reports=file_checks.reports_of(session, tender) if current_user.role == Role.LEGAL else [],
        may_check_files=current_user.role == Role.LEGAL,
        downloadable=may_download(tender),
        pdf_available=is_libreoffice_available(),
        purchase=purchase_of(tender),
        clauses=[
            presenters.tender_clause_view(tc, newer.get(tc.clause.slug), language)
            for tc in tender.clauses
        ],
        changes=presenters.state_changes(decided[0], tender_state(tender)) if decided else [],
        decided_at=decided[1] if decided else None,
        required=legal_review_reasons(tender),
        language=language,
        links={
            view: url_for("review.tender", tender_id=tender.id, view=view)
            for view in ("side-by-side", "inline")
        },
        is_reviewer=is_reviewer,
        buttons=presenters.tender_buttons(tender.status, is_author=is_author)
        if is_reviewer
        else [],
        note=presenters.tender_note(tender.status, is_author=is_author, is_reviewer=is_reviewer),
        conflict=_conflict_text(tender.status, tender=True) if conflict else None,
        error=error,
        status_label=presenters.status_label,
        **_diff_context(),
        **_forms(tender, decision_form, comment_form),
    ), status


@bp.get("/tenders/<int:tender_id>")
@signed_in
def tender(tender_id: int):
    return _tender_page(tender_for(get_session(), current_user, tender_id))


@bp.post("/tenders/<int:tender_id>/submit")
@roles_required(Role.BUYER, Role.ADMIN)
def submit_tender(tender_id: int) -> Response:
    tender = tender_for(get_session(), current_user, tender_id)
    session = get_session()
    try:
        decision = services.submit_tender(
            session, tender, actor=current_user, lock_version=request.form.get("lock_version")
        )
    except ConflictError:
        session.rollback()
        flash(
            _(
                "This tender was changed in another tab or by someone else. It was not sent: "
                "check it and send it again."
            ),
            "error",
        )
    except ReviewError as error:
        session.rollback()
        flash(presenters.error_message(error, tender=True), "error")
    else:
        notifications.notify_decision(session, tender, decision, current_user)
        flash(
            _(
                "Your tender was sent for legal review. You can follow the review and answer "
                "comments on its review page."
            ),
            "success",
        )
    return redirect(url_for("wizard.step", tender_id=tender_id, slug="review"))


@bp.post("/tenders/<int:tender_id>/decide")
@roles_required(Role.LEGAL)
def decide_tender(tender_id: int):
    tender = tender_for(get_session(), current_user, tender_id)
    return _decide(
        "tender",
        tender,
        lambda **kw: _tender_page(tender, **kw),
        url_for("review.tender", tender_id=tender.id),
    )


@bp.post("/tenders/<int:tender_id>/comments")
@signed_in
def comment_tender(tender_id: int):
    tender = tender_for(get_session(), current_user, tender_id)
    return _comment(
        tender,
        lambda **kw: _tender_page(tender, **kw),
        url_for("review.tender", tender_id=tender.id),
    )


# -- edited tender files ---------------------------------------------------------------------------


@bp.post("/tenders/<int:tender_id>/edited-file")
@roles_required(Role.LEGAL)
def check_edited_file(tender_id: int):
    session = get_session()
    tender = tender_for(session, current_user, tender_id)
    form = EditedFileForm()
    if not form.validate_on_submit():
        return _tender_page(tender, edited_form=form, status=422)
    upload = form.file.data
    data = upload.read(file_checks.MAX_FILE_BYTES + 1)
    try:
        event = file_checks.check_edited_file(
            session, tender, current_user, file_name=upload.filename or "", data=data
        )
    except TemplateRejected as rejection:
        form.file.errors.append(presenters.file_rejection(rejection, len(data)))
    except DeviationFileError as error:
        form.file.errors.append(presenters.deviation_file_error(error))
    except ValueError as error:  # the tender itself cannot be built today, named
        form.file.errors.append(
            _("The tender’s documents cannot be built: %(problem)s", problem=error)
        )
    else:
        return redirect(url_for("review.deviation_report", tender_id=tender.id, event_id=event.id))
    return _tender_page(tender, edited_form=form, status=422)


def _report(tender_id: int, event_id: int) -> tuple[Tender, Any, Any]:
    session = get_session()
    tender = tender_for(session, current_user, tender_id)
    event = file_checks.report_event(session, tender, event_id)
    return tender, event, file_checks.report_of(event)


@bp.get("/tenders/<int:tender_id>/deviations/<int:event_id>")
@roles_required(Role.LEGAL)
def deviation_report(tender_id: int, event_id: int):
    tender, event, report = _report(tender_id, event_id)
    return render_template(
        "review/deviations.html",
        breadcrumbs=_tender_trail(tender, _("Deviation report")),
        tender=tender,
        event=event,
        report=report,
        status_titles=presenters.DEVIATION_STATUSES,
        pdf_available=is_libreoffice_available(),
        **_diff_context(),
    )


@bp.get("/tenders/<int:tender_id>/deviations/<int:event_id>.pdf")
@roles_required(Role.LEGAL)
def deviation_report_pdf(tender_id: int, event_id: int) -> Response:
    tender, event, report = _report(tender_id, event_id)
    if not is_libreoffice_available():
        abort(404)
    document = file_checks.report_document(*presenters.deviation_sections(tender, event, report))
    response = Response(convert_to_pdf(document), mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="deviations-{tender.id}-{event.id}.pdf"'
    )
    return response
