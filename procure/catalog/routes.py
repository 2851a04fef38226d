from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procure.auth.access import roles_required, signed_in
from procure.breadcrumbs import Trail
from procure.catalog.forms import ClauseForm, SynonymForm
from procure.catalog.presenters import citations, clause_html
from procure.catalog.queries import library_query
from procure.catalog.services import (
    ClauseDraft,
    ClauseValidationError,
    SynonymDraft,
    clause_sets_using,
    delete_synonym_group,
    draft_fields_from_content,
    form_field_of,
    save_clause_draft,
    save_synonym_group,
    synonym_in,
    synonyms_of,
)
from procure.db import get_session
from procure.errors import ConflictError
from procure.i18n import current_language
from procure.library.content import ClauseContent
from procure.library.ownership import clause_for, newer_reference, reference_clause
from procure.library.search import FACETS, search_library
from procure.library.versions import latest_version
from procure.models import Clause, ClauseVersion, SearchSynonym
from procure.typography import typeset
from procure.vocabulary import STRATEGY_OF_KIND, ClauseKind, ClauseStatus, Role

bp = Blueprint("catalog", __name__, url_prefix="/library")


def _trail(*pages: tuple[object, str | None]) -> Trail:
    """The library, then ``pages`` (label, URL; the current page's URL is None)."""
    trail = Trail().add(_("Library"), url_for("catalog.index") if pages else None)
    for label, url in pages:
        trail.add(label, url)
    return trail


def _title(version: ClauseVersion) -> str:
    language = current_language()
    return typeset(version.title_fr if language == "fr" else version.title_en, language)


@bp.get("/")
@signed_in
def index():
    query = library_query(request.args)
    results = search_library(get_session(), query)
    return render_template(
        "catalog/index.html",
        query=query,
        results=results,
        facets=FACETS,
        selected={name: set(request.args.getlist(name)) for name in FACETS},
        breadcrumbs=_trail(),
    )


@bp.get("/synonyms")
@roles_required(Role.LEGAL)
def synonyms():
    reference, own = synonyms_of(get_session(), current_user.organisation_id)
    return render_template(
        "catalog/synonyms.html",
        reference=reference,
        own=own,
        breadcrumbs=_trail((_("Search synonyms"), None)),
    )


@bp.route("/synonyms/new", methods=["GET", "POST"])
@roles_required(Role.LEGAL)
def new_synonym():
    form = SynonymForm()
    if form.validate_on_submit():
        _save_synonym(form, None)
        flash(_("The synonym group was added: searches use it now."), "success")
        return redirect(url_for("catalog.synonyms"))
    return render_template(
        "catalog/synonym_edit.html", form=form, synonym=None, breadcrumbs=_synonym_trail(None)
    )


@bp.route("/synonyms/<int:synonym_id>/edit", methods=["GET", "POST"])
@roles_required(Role.LEGAL)
def edit_synonym(synonym_id: int):
    synonym = _own_synonym(synonym_id)
    if request.method == "GET":
        form = SynonymForm(
            data={
                "language": synonym.language,
                "term": synonym.terms[0],
                "synonyms": "\n".join(synonym.terms[1:]),
                "one_way": synonym.one_way,
            }
        )
    else:
        form = SynonymForm()
    if form.validate_on_submit():
        _save_synonym(form, synonym)
        flash(_("The synonym group was saved."), "success")
        return redirect(url_for("catalog.synonyms"))
    return render_template(
        "catalog/synonym_edit.html", form=form, synonym=synonym, breadcrumbs=_synonym_trail(synonym)
    )


def _synonym_trail(synonym: SearchSynonym | None) -> Trail:
    return _trail(
        (_("Search synonyms"), url_for("catalog.synonyms")),
        (_("Edit a synonym group") if synonym else _("Add a synonym group"), None),
    )


@bp.post("/synonyms/<int:synonym_id>/delete")
@roles_required(Role.LEGAL)
def delete_synonym(synonym_id: int):
    synonym = _own_synonym(synonym_id)
    delete_synonym_group(get_session(), synonym, author=current_user)
    flash(_("The synonym group was deleted."), "success")
    return redirect(url_for("catalog.synonyms"))


def _own_synonym(synonym_id: int) -> SearchSynonym:
    synonym = synonym_in(get_session(), current_user.organisation_id, synonym_id)
    if synonym is None:
        abort(404)
    return synonym


def _save_synonym(form: SynonymForm, synonym: SearchSynonym | None) -> SearchSynonym:
    """Save a group the form validated (``SynonymForm.validate`` applies ``check_group``)."""
    draft = SynonymDraft(
        language=form.language.data,
        term=form.term.data or "",
        others=tuple(form.others),
        one_way=form.one_way.data,
    )
    return save_synonym_group(get_session(), draft, author=current_user, synonym=synonym)


@bp.get("/<slug>")
@signed_in
def show(slug: str):
    session = get_session()
    clause = _visible_clause(slug)
    versions = [v for v in clause.versions if _may_read(v)]
    if not versions:
        abort(404)
    number = request.args.get("version", type=int)
    version = next((v for v in versions if v.number == number), None) if number else None
    if version is None:
        approved = [v for v in versions if v.status == ClauseStatus.APPROVED]
        version = (approved or versions)[-1] if not current_user.is_legal_staff else versions[-1]
    language = current_language()
    content = version.clause_content
    return render_template(
        "catalog/show.html",
        clause=clause,
        version=version,
        versions=versions,
        content=content,
        language=language,
        text_html=clause_html(content.text[language], content, language),
        penalty_html=clause_html(content.penalty[language], content, language)
        if content.penalty
        else None,
        citations=citations(content, language),
        clause_sets=clause_sets_using(session, clause),
        related=_related_titles(content, language),
        strategy=STRATEGY_OF_KIND[ClauseKind(version.kind)],
        own_variant=clause.organisation_id is None
        and clause_for(session, slug, current_user.organisation_id) is not clause,
        newer_reference=newer_reference(session, version),
        breadcrumbs=_trail(
            (_title(version), url_for("catalog.show", slug=clause.slug)),
            (_("Version %(number)s", number=version.number), None),
        ),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.LEGAL)
def new():
    form = ClauseForm()
    if form.is_submitted() and form.change_rows():
        return render_template("catalog/edit.html", form=form, clause=None)
    if form.validate_on_submit():
        version = _save(form, base_version=None)
        if version is not None:
            flash(_("The clause was created as a draft."), "success")
            return redirect(
                url_for("catalog.show", slug=version.clause.slug, version=version.number)
            )
    return render_template(
        "catalog/edit.html", form=form, clause=None, breadcrumbs=_trail((_("New clause"), None))
    )


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@roles_required(Role.LEGAL)
def edit(slug: str):
    clause = _visible_clause(slug)
    current = latest_version(get_session(), clause)
    if request.method == "GET":
        form = ClauseForm(
            data={
                **draft_fields_from_content(current.content, current_language()),
                "slug": clause.slug,
                "folder": clause.folder,
                "base_version": current.id,
            }
        )
    else:
        form = ClauseForm()
        form.slug.data = clause.slug
    if form.is_submitted() and form.change_rows():
        pass  # a row added or removed: the page again, nothing checked or saved
    elif form.validate_on_submit():
        version = _save(form, base_version=int(form.base_version.data or 0))
        if version is not None:
            flash(
                _("Your changes were saved as draft version %(number)s.", number=version.number),
                "success",
            )
            return redirect(url_for("catalog.show", slug=slug, version=version.number))
    return render_template(
        "catalog/edit.html",
        form=form,
        clause=clause,
        current=current,
        newer_reference=newer_reference(get_session(), current),
        breadcrumbs=_trail(
            (_title(current), url_for("catalog.show", slug=clause.slug)),
            (_("Edit a clause"), None),
        ),
    )


def _save(form: ClauseForm, base_version: int | None) -> ClauseVersion | None:
    draft = ClauseDraft(
        slug=form.slug.data.strip(),
        folder=form.folder.data,
        fields=form.data,
        language=current_language(),
    )
    try:
        return save_clause_draft(
            get_session(), draft, author=current_user, base_version=base_version
        )
    except ClauseValidationError as error:
        for problem in error.problems:
            field = getattr(form, form_field_of(problem.field), None) or form.text_fr
            message = (
                problem.message
                if problem.field.split(".")[0]
                in ("title", "text", "guidance", "verification", "penalty", "id")
                else (f"{problem.field}: {problem.message}")
            )
            field.errors = [*field.errors, message]
    except ConflictError:
        form.text_fr.errors = [
            *form.text_fr.errors,
            _(
                "Someone saved a newer version of this clause while you were editing. "
                "Your text is still in the form: copy it, reload the page and apply it again."
            ),
        ]
    return None


def _visible_clause(slug: str) -> Clause:
    """The clause the user's organisation means by ``slug``; ``?reference=1`` asks for the
    reference library's, of which the organisation may keep a variant."""
    session = get_session()
    if request.args.get("reference"):
        clause = reference_clause(session, slug)
    else:
        clause = clause_for(session, slug, current_user.organisation_id)
    if clause is None:
        abort(404)
    return clause


def _may_read(version: ClauseVersion) -> bool:
    return current_user.is_legal_staff or version.status == ClauseStatus.APPROVED


def _related_titles(content: ClauseContent, language: str) -> dict[str, list[tuple[str, str]]]:
    related = {"with": content.related_with, "excludes": content.excludes}
    wanted = [slug for slugs in related.values() for slug in slugs]
    if not wanted:
        return {}
    session = get_session()
    titles = {}
    for slug in wanted:
        clause = clause_for(session, slug, current_user.organisation_id)
        version = latest_version(session, clause) if clause else None
        if version is not None:
            titles[slug] = getattr(version, f"title_{language}")
    return {
        key: [(slug, titles.get(slug, slug)) for slug in slugs]
        for key, slugs in related.items()
        if slugs
    }
