"""Word and Excel documents built from a ``TenderSnapshot``: plain Python, no Flask.

Public API (imported lazily, so that ``from procure.documents.cli import
build_tender`` stays cheap for ``flask --help``)::

    from procure.documents import build_document, DocumentPart

    docx_bytes = build_document(snapshot, results, language="fr")            # all parts
    rc_bytes = build_document(snapshot, results, parts=(DocumentPart.RC,))   # one part
    files = build_separate(snapshot, results)      # one BuiltFile per part
    zip_bytes = build_zip(snapshot, results)       # the parts and the scoring grid
    xlsx_bytes = build_scoring_grid(snapshot)
    pdf_bytes = convert_to_pdf(docx_bytes)         # needs LibreOffice
    paged = refresh_fields([docx_bytes])[0]        # page numbers, where LibreOffice is installed
    problems = check_template(path_or_bytes)       # [] when a template is usable
    snapshot = read_tender_file(Path("examples/site-internet.yaml"))

Modules: ``template`` (loading, checking, caching templates), ``numbering``,
``fields``, ``sanitise``, ``rendering`` (a clause with its values), ``writer`` (paragraphs,
tables, bookmarks), ``parts`` (RC, CCAP, CCTP, note), ``builder``,
``package`` (saving), ``properties``, ``eforms``, ``insertion``,
``scoring_grid``, ``libreoffice`` (running soffice), ``pdf``, ``refresh`` (page numbers),
``tender_file``, ``service``, ``cli``,
``make_default_template``. The clause text markup is ``procure.library.markup``
and number and date formatting ``procure.formatting``: the web pages use them too.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "BuiltFile": "builder",
    "build_document": "builder",
    "build_separate": "builder",
    "build_zip": "builder",
    "ALL_PARTS": "parts",
    "DocumentPart": "parts",
    "build_scoring_grid": "scoring_grid",
    "ConversionError": "libreoffice",
    "LibreOfficeUnavailableError": "libreoffice",
    "is_libreoffice_available": "libreoffice",
    "convert_to_pdf": "pdf",
    "refresh_fields": "refresh",
    "Template": "template",
    "check_template": "template",
    "load_template": "template",
    "TenderFileError": "tender_file",
    "parse_tender": "tender_file",
    "read_tender_file": "tender_file",
    "build_tender_files": "service",
    "write_tender_files": "service",
}

__all__ = [  # noqa: RUF022 - grouped by module, as in _EXPORTS
    "BuiltFile",
    "build_document",
    "build_separate",
    "build_zip",
    "ALL_PARTS",
    "DocumentPart",
    "build_scoring_grid",
    "ConversionError",
    "LibreOfficeUnavailableError",
    "is_libreoffice_available",
    "convert_to_pdf",
    "refresh_fields",
    "Template",
    "check_template",
    "load_template",
    "TenderFileError",
    "parse_tender",
    "read_tender_file",
    "build_tender_files",
    "write_tender_files",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'procure.documents' has no attribute {name!r}")
    return getattr(import_module(f"procure.documents.{module}"), name)
