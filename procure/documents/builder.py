"""Building the tender's Word documents from a ``TenderSnapshot``.

Each document opens with a cover page (organisation, tender title, document
type, reference, date) and a table of contents, carries the tender reference
in its header and "page X of Y" in its footer, and asks Word to update its
fields when it opens, unless LibreOffice has already filled in the page
numbers (``refresh``). Parts can be built one per file, or several in one
file with each part starting on a new page; the internal justification note is
only ever built alone, so the dossier published to bidders never holds it.

Public entry points: ``build_document`` (one .docx, one or several parts),
``build_separate`` (one .docx per part), ``build_zip`` (the RC, CCAP and CCTP
files and the scoring grid in one .zip).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.oxml.xmlchemy import BaseOxmlElement

from procure.compliance.results import RuleResult
from procure.documents import fields
from procure.documents.ooxml import W_VAL, w
from procure.documents.package import docx_bytes
from procure.documents.parts import (
    ALL_PARTS,
    PUBLICATION_PARTS,
    DocumentPart,
    PartContext,
    has_content,
    write_part,
)
from procure.documents.properties import set_core_properties, set_custom_properties
from procure.documents.refresh import refresh_fields
from procure.documents.rendering import HASH_PREFIX, diverges, parse_trace, render_clause
from procure.documents.sanitise import require_text
from procure.documents.template import StyleRole, Template, load_template
from procure.documents.wording import Wording
from procure.documents.writer import DocumentWriter, new_paragraph, write_runs
from procure.formatting import check_language, format_date
from procure.library.markup import Span
from procure.snapshot import TenderSnapshot, snapshot_digest

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_MEDIA_TYPE = "application/zip"
PDF_MEDIA_TYPE = "application/pdf"
HEADER_TITLE_MAX = 80
FILE_STEM_MAX = 60
PART_FILE_CODES = {
    DocumentPart.RC: "RC",
    DocumentPart.CCAP: "CCAP",
    DocumentPart.CCTP: "CCTP",
    DocumentPart.NOTE: "note",
}

TemplateSource = Template | Path | str | bytes | None


@dataclass(frozen=True)
class BuiltFile:
    """A generated file: what to call it, its bytes, and its media type."""

    name: str
    content: bytes
    media_type: str


def _template(source: TemplateSource) -> Template:
    return source if isinstance(source, Template) else load_template(source)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_document(
    snapshot: TenderSnapshot,
    results: Sequence[RuleResult] = (),
    *,
    language: str = "fr",
    parts: Sequence[DocumentPart] = PUBLICATION_PARTS,
    template: TemplateSource = None,
    created: dt.datetime | None = None,
    refresh: bool = False,
    draft: bool = False,
    revisions: bool = True,
) -> bytes:
    """One .docx holding ``parts`` (one part alone, or several with page breaks between).

    The justification note is internal: it can only be built alone, never bound
    with the documents published to bidders (``ValueError`` otherwise). A part with
    nothing to say (a CCTP without a specification) is left out.

    With ``refresh``, LibreOffice (when installed) computes the page numbers of
    the table of contents and the page count (``refresh.refresh_fields``). With
    ``draft``, every page's header says the dossier is a draft that is not compliant.
    With ``revisions`` (the default), a clause whose wording the buyer adapted shows
    the change against the library text as Word revisions (``revisions`` module),
    dated when the wording was saved, else ``created``; without it, the clean text.
    Raises ``ValueError`` naming the field for an unusable value and
    ``TemplateError`` for an unusable template.
    """
    check_language(language)
    if not parts:
        raise ValueError("parts: choose at least one part")
    parts = tuple(DocumentPart(part) for part in parts)
    if DocumentPart.NOTE in parts and len(parts) > 1:
        raise ValueError("parts: the justification note is internal and is built on its own")
    prepared = _template(template)
    created = created or dt.datetime.now(dt.UTC).replace(microsecond=0)
    say = Wording(language)
    purchase = snapshot.purchase
    title = require_text(purchase.title, "purchase.title")
    organisation = require_text(purchase.organisation_name, "purchase.organisation_name")
    reference = require_text(purchase.reference, "purchase.reference").strip()
    combined = len(parts) > 1
    document_type = say("cover.combined") if combined else say(f"cover.{parts[0].value}")

    document = prepared.new_document()
    writer = DocumentWriter(document, prepared, language)
    writer.revisions = revisions
    writer.revision_fallback = created
    context = PartContext(
        snapshot=snapshot,
        results=results,
        language=language,
        say=say,
        clauses=[render_clause(clause, language) for clause in snapshot.clauses],
        writer=writer,
    )
    _write_cover(
        writer,
        say,
        language=language,
        organisation=organisation,
        title=title,
        document_type=document_type,
        reference=reference,
        created=created,
    )
    writer.table_of_contents(say("toc.title"), say("toc.placeholder"))
    for part in parts:
        writer.heading_offset = 0
        if not has_content(part, context):
            continue
        if combined:
            writer.heading(1, say(f"part.{part.value}"), page_break_before=True)
            writer.heading_offset = 1
            writer.paragraph(say(f"{part.value}.intro"))
        else:
            writer.paragraph(say(f"{part.value}.intro"), page_break_before=True)
        write_part(part, context)
    writer.finish()

    _write_header_and_footer(document, prepared, say, reference, title)
    if draft:
        _write_draft_mark(document, prepared, say)
    fields.request_field_update(document.settings.element)
    _set_language(document, language)
    set_core_properties(
        document,
        title=title,
        subject=document_type,
        author=organisation,
        language=language,
        created=created,
        keywords="; ".join(["procure", *(part.value for part in parts)]),
    )
    set_custom_properties(
        document,
        [
            ("reference", reference),
            ("language", language),
            ("parts", " ".join(part.value for part in parts)),
            ("tender", f"{HASH_PREFIX}{snapshot_digest(snapshot)}"),
            *((f"clause.{name}", trace) for name, trace in writer.traces),
            *_divergence(snapshot, language, writer.traces),
        ],
    )
    built = docx_bytes(document, created)
    return refresh_fields([built])[0] if refresh else built


def _divergence(
    snapshot: TenderSnapshot, language: str, traces: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """``languages_diverge``: the ids of the clauses this document holds whose wording the
    buyer adapted in another language only (``rendering.diverges``), when there are any."""
    written = {parse_trace(trace).slug for _name, trace in traces}
    slugs = [
        clause.slug
        for clause in snapshot.clauses
        if clause.slug in written and diverges(clause, language)
    ]
    return [("languages_diverge", " ".join(slugs))] if slugs else []


def _write_cover(
    writer: DocumentWriter,
    say: Wording,
    *,
    language: str,
    organisation: str,
    title: str,
    document_type: str,
    reference: str,
    created: dt.datetime,
) -> None:
    writer.paragraph((Span(organisation, strong=True),))
    writer.paragraph(title, StyleRole.TITLE)
    writer.paragraph(document_type, StyleRole.SUBTITLE)
    if reference:
        writer.paragraph(say("cover.reference", value=reference))
    writer.paragraph(say("cover.date", value=format_date(created, language)))
    writer.note(say("cover.draft"))


def _write_header_and_footer(
    document: DocxDocument, template: Template, say: Wording, reference: str, title: str
) -> None:
    """Add the reference to the header and "page X of Y" to the footer.

    A template's own header and footer are kept as they are, fields included;
    the reference is added after the header's content, and the page numbers
    only when the footer has no PAGE field of its own.
    """
    section = document.sections[-1]
    short_title = _shorten(title, HEADER_TITLE_MAX)
    text = (
        f"{say('header.reference', reference=reference)} — {short_title}"
        if reference
        else short_title
    )
    header = section.header
    if header.is_linked_to_previous:
        header.is_linked_to_previous = False
        _clear(header._element)
    new_paragraph(header._element, template.style_id(StyleRole.HEADER), text, language=say.language)

    footer = section.footer
    if footer.is_linked_to_previous:
        footer.is_linked_to_previous = False
        _clear(footer._element)
    elif fields.has_field(footer._element, "PAGE"):
        return
    paragraph = new_paragraph(
        footer._element, template.style_id(StyleRole.FOOTER), language=say.language
    )
    before, _, rest = say("footer.page", page="\0", pages="\1").partition("\0")
    middle, _, after = rest.partition("\1")
    write_runs(paragraph, before, say.language)
    fields.add_field(paragraph, fields.PAGE, "1")
    write_runs(paragraph, middle, say.language)
    fields.add_field(paragraph, fields.NUMPAGES, "1")
    write_runs(paragraph, after, say.language)


def _write_draft_mark(document: DocxDocument, template: Template, say: Wording) -> None:
    """ "Draft — not compliant" in bold at the top of every header of every section: the
    cover's first-page header and the even-page headers included, so every page says it."""
    style = template.style_id(StyleRole.HEADER)
    for section in document.sections:
        headers = [section.header, section.first_page_header]
        if document.settings.odd_and_even_pages_header_footer:
            headers.append(section.even_page_header)
        for header in headers:
            if header.is_linked_to_previous:
                header.is_linked_to_previous = False
                _clear(header._element)
            mark = new_paragraph(
                header._element,
                style,
                (Span(say("header.draft"), strong=True),),
                language=say.language,
            )
            header._element.insert(0, mark)


def _clear(story: BaseOxmlElement) -> None:
    for child in list(story):
        story.remove(child)


def _set_language(document: DocxDocument, language: str) -> None:
    """Spelling and hyphenation language of the whole document."""
    styles = document.styles.element
    defaults = styles.find(w("docDefaults"))
    if defaults is None:
        defaults = styles.makeelement(w("docDefaults"))
        styles.insert(0, defaults)
    run_defaults = defaults.find(w("rPrDefault"))
    if run_defaults is None:
        run_defaults = styles.makeelement(w("rPrDefault"))
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(w("rPr"))
    if properties is None:
        properties = styles.makeelement(w("rPr"))
        run_defaults.append(properties)
    lang = properties.find(w("lang"))
    if lang is None:
        lang = styles.makeelement(w("lang"))
        properties.append(lang)
    lang.set(W_VAL, "fr-FR" if language == "fr" else "en-GB")


# -- several files --------------------------------------------------------------
def file_stem(snapshot: TenderSnapshot) -> str:
    """A safe file-name stem from the tender reference, or its title."""
    source = snapshot.purchase.reference or snapshot.purchase.title or "tender"
    ascii_text = unicodedata.normalize("NFKD", source).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text).strip("-._")
    return stem[:FILE_STEM_MAX].rstrip("-._") or "tender"


def file_name(snapshot: TenderSnapshot, what: str, language: str, extension: str) -> str:
    return f"{file_stem(snapshot)}_{what}_{language}.{extension}"


# The word each file's name carries, for downloads, the files in the .zip and the CLI
# alike: the same document always has the same name.
FILE_WORDS = {
    "rc": {"fr": PART_FILE_CODES[DocumentPart.RC], "en": PART_FILE_CODES[DocumentPart.RC]},
    "ccap": {"fr": PART_FILE_CODES[DocumentPart.CCAP], "en": PART_FILE_CODES[DocumentPart.CCAP]},
    "cctp": {"fr": PART_FILE_CODES[DocumentPart.CCTP], "en": PART_FILE_CODES[DocumentPart.CCTP]},
    "note": {"fr": PART_FILE_CODES[DocumentPart.NOTE], "en": PART_FILE_CODES[DocumentPart.NOTE]},
    "all": {"fr": "dossier", "en": "tender-file"},
    "grid": {"fr": "grille", "en": "scoring-grid"},
    "eforms": {"fr": "eforms", "en": "eforms"},
    "ocds": {"fr": "ocds-release", "en": "ocds-release"},
}


def document_file_name(snapshot: TenderSnapshot, what: str, language: str, extension: str) -> str:
    """The name of one of the tender's files: ``what`` is a key of ``FILE_WORDS``."""
    return file_name(snapshot, FILE_WORDS[what][language], language, extension)


def build_separate(
    snapshot: TenderSnapshot,
    results: Sequence[RuleResult] = (),
    *,
    language: str = "fr",
    parts: Sequence[DocumentPart] = ALL_PARTS,
    template: TemplateSource = None,
    created: dt.datetime | None = None,
    refresh: bool = False,
    draft: bool = False,
    revisions: bool = True,
) -> list[BuiltFile]:
    """One .docx per part (``refresh``, ``draft``: see ``build_document``; one LibreOffice
    run for all)."""
    prepared = _template(template)
    documents = [
        build_document(
            snapshot,
            results,
            language=language,
            parts=(part,),
            template=prepared,
            created=created,
            draft=draft,
            revisions=revisions,
        )
        for part in parts
    ]
    if refresh:
        documents = refresh_fields(documents)
    return [
        BuiltFile(
            document_file_name(snapshot, DocumentPart(part).value, language, "docx"),
            document,
            DOCX_MEDIA_TYPE,
        )
        for part, document in zip(parts, documents, strict=True)
    ]


def build_zip(
    snapshot: TenderSnapshot,
    results: Sequence[RuleResult] = (),
    *,
    language: str = "fr",
    parts: Sequence[DocumentPart] = PUBLICATION_PARTS,
    template: TemplateSource = None,
    created: dt.datetime | None = None,
    include_grid: bool = True,
    refresh: bool = False,
    draft: bool = False,
    revisions: bool = True,
) -> bytes:
    """A .zip of one .docx per part, and the bid scoring grid (.xlsx) when there are criteria.

    By default the parts published to bidders (RC, CCAP, CCTP): the justification
    note is downloaded on its own.
    """
    from procure.documents.scoring_grid import build_scoring_grid

    files = build_separate(
        snapshot,
        results,
        language=language,
        parts=parts,
        template=template,
        created=created,
        refresh=refresh,
        draft=draft,
        revisions=revisions,
    )
    if include_grid and snapshot.criteria:
        files.append(
            BuiltFile(
                document_file_name(snapshot, "grid", language, "xlsx"),
                build_scoring_grid(snapshot, language=language, draft=draft),
                XLSX_MEDIA_TYPE,
            )
        )
    output = io.BytesIO()
    stamp = (created or dt.datetime.now(dt.UTC)).timetuple()[:6]
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for built in files:
            archive.writestr(zipfile.ZipInfo(built.name, date_time=stamp), built.content)
    return output.getvalue()
