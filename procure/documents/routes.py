"""Downloading a tender's documents: Word parts, the combined file, a zip, PDF, the grid.

``all`` is the dossier published to bidders (RC, CCAP, CCTP), as one file or as a zip;
the internal justification note is only ever downloaded on its own (``note``).

A clause whose wording the buyer adapted shows in the Word files (.docx, and the .docx
inside the zip) as tracked changes against the library text; ``?clean=1`` gives the
clean text without them. PDF files always print the clean text.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from procure import clock
from procure.auth.access import roles_required
from procure.compliance import RuleResult, check, summary
from procure.db import get_session
from procure.documents.builder import (
    DOCX_MEDIA_TYPE,
    FILE_WORDS,
    PDF_MEDIA_TYPE,
    XLSX_MEDIA_TYPE,
    ZIP_MEDIA_TYPE,
    build_document,
    build_zip,
    document_file_name,
    file_name,
)
from procure.documents.libreoffice import is_libreoffice_available
from procure.documents.parts import PUBLICATION_PARTS, DocumentPart
from procure.documents.pdf import convert_to_pdf
from procure.documents.scoring_grid import build_scoring_grid
from procure.documents.store import organisation_template
from procure.errors import TemplateError
from procure.exports import EXPORTS, export_bytes
from procure.snapshot import TenderSnapshot
from procure.tenders.access import tender_for
from procure.tenders.library import library_titles
from procure.tenders.lifecycle import legal_review_reasons, may_download
from procure.tenders.snapshots import snapshot_of
from procure.vocabulary import LANGUAGES, Role

bp = Blueprint("documents", __name__, url_prefix="/tenders/<int:tender_id>/documents")
DOWNLOADS = ("rc", "ccap", "cctp", "note", "all")  # the documents, one by one or together
CLEAN = {"fr": "propre", "en": "clean"}  # in the clean copy's file name
FORMATS = {"docx": DOCX_MEDIA_TYPE, "pdf": PDF_MEDIA_TYPE, "zip": ZIP_MEDIA_TYPE}


@bp.get("/<what>.<extension>")
@roles_required(Role.BUYER, Role.ADMIN, Role.LEGAL)
def download(tender_id: int, what: str, extension: str) -> ResponseReturnValue:
    tender = tender_for(get_session(), current_user, tender_id)
    language = request.args.get("language", "fr")
    if language not in LANGUAGES:
        abort(404)
    clean = request.args.get("clean", "0")
    if clean not in {"0", "1"}:
        abort(404)
    snapshot = snapshot_of(tender)
    if snapshot is None:
        abort(404)
    if not may_download(tender):
        return render_template(
            "documents/review_required.html", tender=tender, reasons=legal_review_reasons(tender)
        ), 409
    session = get_session()
    results = check(snapshot, library_titles(session, tender.organisation_id))
    if summary(results).blocks_download:
        return render_template("documents/blocked.html", tender=tender), 409
    template = organisation_template(session, tender.organisation_id)
    try:
        content, media_type, name = _build(
            snapshot,
            results,
            what=what,
            extension=extension,
            language=language,
            template=template,
            revisions=clean == "0",
        )
    except TemplateError as error:
        return render_template(
            "documents/template_error.html", tender=tender, problem=str(error)
        ), 422
    except ValueError as error:  # a value or a wording the documents cannot use, named
        return render_template("documents/build_error.html", tender=tender, problem=str(error)), 422
    response = Response(content, mimetype=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/exports/<name>.<extension>")
@roles_required(Role.BUYER, Role.ADMIN, Role.LEGAL)
def export(tender_id: int, name: str, extension: str) -> ResponseReturnValue:
    """The tender's eForms fields (XML or JSON) or its OCDS release (JSON)."""
    tender = tender_for(get_session(), current_user, tender_id)
    media_type = EXPORTS.get(name, {}).get(extension)
    language = request.args.get("language", "fr")
    if media_type is None or language not in LANGUAGES:
        abort(404)
    snapshot = snapshot_of(tender)
    if snapshot is None:
        abort(404)
    try:
        content = export_bytes(
            snapshot,
            name,
            extension,
            ocid_prefix=current_app.config["OCDS_OCID_PREFIX"],
            tender_key=str(tender.id),
            date=clock.now(),
            language=language,
        )
    except ValueError as error:  # a setting the release cannot use, named
        return render_template(
            "documents/export_error.html", tender=tender, problem=str(error)
        ), 422
    response = Response(content, mimetype=media_type)
    download_name = document_file_name(snapshot, name, language, extension)
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name}"'
    return response


def _build(
    snapshot: TenderSnapshot,
    results: Sequence[RuleResult],
    *,
    what: str,
    extension: str,
    language: str,
    template: bytes | None,
    revisions: bool,
) -> tuple[bytes, str, str]:
    if what == "grid" and extension == "xlsx":
        return (
            build_scoring_grid(snapshot, language=language),
            XLSX_MEDIA_TYPE,
            document_file_name(snapshot, "grid", language, "xlsx"),
        )
    if what not in DOWNLOADS or extension not in FORMATS:
        abort(404)
    name = document_file_name(snapshot, what, language, extension)
    if extension == "zip":
        if what != "all":
            abort(404)
        return (
            build_zip(
                snapshot,
                results,
                language=language,
                template=template,
                refresh=_refresh(),
                revisions=revisions,
            ),
            ZIP_MEDIA_TYPE,
            name,
        )
    parts = PUBLICATION_PARTS if what == "all" else (DocumentPart(what),)
    if extension == "pdf":
        if not is_libreoffice_available():
            abort(404)
        docx = build_document(
            snapshot, results, language=language, parts=parts, template=template, revisions=False
        )
        return convert_to_pdf(docx), PDF_MEDIA_TYPE, name
    docx = build_document(
        snapshot,
        results,
        language=language,
        parts=parts,
        template=template,
        refresh=_refresh(),
        revisions=revisions,
    )
    if not revisions:
        word = f"{FILE_WORDS[what][language]}_{CLEAN[language]}"
        name = file_name(snapshot, word, language, "docx")
    return docx, DOCX_MEDIA_TYPE, name


def _refresh() -> bool:
    """Whether LibreOffice fills in page numbers (``REFRESH_FIELDS``, on by default)."""
    return bool(current_app.config["REFRESH_FIELDS"])
