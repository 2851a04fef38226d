"""From a tender file on disk to files on disk: what ``build-tender`` does.

Kept apart from the click command so tests and scripts call it directly.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from procure import clock
from procure.compliance import check
from procure.compliance.results import RuleResult
from procure.documents.builder import (
    DOCX_MEDIA_TYPE,
    PDF_MEDIA_TYPE,
    XLSX_MEDIA_TYPE,
    ZIP_MEDIA_TYPE,
    BuiltFile,
    build_document,
    build_separate,
    build_zip,
    document_file_name,
)
from procure.documents.parts import DocumentPart
from procure.documents.scoring_grid import build_scoring_grid
from procure.documents.template import load_template
from procure.documents.tender_file import library_entries, library_index, read_tender_file
from procure.errors import ProcureError
from procure.exports import EXPORTS, export_bytes
from procure.exports.ocds import DEFAULT_OCID_PREFIX
from procure.snapshot import TenderSnapshot
from procure.tenders.fit import clause_titles

logger = logging.getLogger(__name__)

OUTPUT_FORMATS = ("docx", "zip", "combined", "pdf")


class NotCompliantError(ProcureError):
    """A blocking compliance rule fails: the documents are not built (unless as a draft)."""

    def __init__(self, failures: Sequence[RuleResult]) -> None:
        self.failures = tuple(failures)
        super().__init__(", ".join(result.rule_id for result in self.failures))


def _bundle_name(snapshot: TenderSnapshot, language: str, extension: str) -> str:
    return document_file_name(snapshot, "all", language, extension)


def build_tender_files(
    snapshot: TenderSnapshot,
    results: Sequence[RuleResult],
    *,
    language: str = "fr",
    output_format: str = "docx",
    template: Path | bytes | None = None,
    refresh: bool = False,
    draft: bool = False,
    revisions: bool = True,
) -> list[BuiltFile]:
    """The files of one output format, in memory (``draft``: every page says "Draft —
    not compliant"; ``revisions``: adapted wording as Word tracked changes, else the
    clean text; a PDF always prints the clean text).

    ``docx``: one .docx per part and the scoring grid; ``zip``: the RC, CCAP, CCTP
    and the scoring grid in one .zip, and the justification note beside it;
    ``combined``: one .docx with the RC, CCAP and CCTP, the justification note on
    its own and the scoring grid; ``pdf``: the same, the combined document as PDF
    (LibreOffice). The internal note is never bound with the published documents.
    ``refresh``: page numbers filled in by LibreOffice when it is installed.
    """
    if output_format not in OUTPUT_FORMATS:
        raise ValueError(f"format: expected one of {', '.join(OUTPUT_FORMATS)}")
    prepared = load_template(template)

    def note() -> list[BuiltFile]:
        """The internal justification note, always a file of its own."""
        return build_separate(
            snapshot,
            results,
            language=language,
            parts=(DocumentPart.NOTE,),
            template=prepared,
            refresh=refresh,
            draft=draft,
            revisions=revisions,
        )

    if output_format == "zip":
        return [
            BuiltFile(
                _bundle_name(snapshot, language, "zip"),
                build_zip(
                    snapshot,
                    results,
                    language=language,
                    template=prepared,
                    refresh=refresh,
                    draft=draft,
                    revisions=revisions,
                ),
                ZIP_MEDIA_TYPE,
            ),
            *note(),
        ]
    if output_format == "docx":
        files = build_separate(
            snapshot,
            results,
            language=language,
            template=prepared,
            refresh=refresh,
            draft=draft,
            revisions=revisions,
        )
    else:
        combined = build_document(
            snapshot,
            results,
            language=language,
            template=prepared,
            refresh=refresh and output_format != "pdf",
            draft=draft,
            revisions=revisions and output_format != "pdf",
        )
        if output_format == "pdf":
            from procure.documents.pdf import convert_to_pdf

            files = [
                BuiltFile(
                    _bundle_name(snapshot, language, "pdf"),
                    convert_to_pdf(combined),
                    PDF_MEDIA_TYPE,
                )
            ]
        else:
            files = [
                BuiltFile(
                    _bundle_name(snapshot, language, "docx"),
                    combined,
                    DOCX_MEDIA_TYPE,
                )
            ]
        files.extend(note())
    if snapshot.criteria:
        files.append(
            BuiltFile(
                document_file_name(snapshot, "grid", language, "xlsx"),
                build_scoring_grid(snapshot, language=language, draft=draft),
                XLSX_MEDIA_TYPE,
            )
        )
    return files


def write_tender_files(
    tender: Path,
    out: Path,
    *,
    language: str = "fr",
    output_format: str = "docx",
    library: Path = Path("clauses"),
    template: Path | None = None,
    refresh: bool = False,
    draft: bool = False,
    revisions: bool = True,
    exports: bool = False,
    ocid_prefix: str = DEFAULT_OCID_PREFIX,
) -> list[Path]:
    """Read ``tender``, check it, build the files and write them into ``out``; with
    ``exports``, its eForms fields (XML, JSON) and OCDS release too, the release's ocid
    made of ``ocid_prefix`` and the tender's reference (else the file's name).

    A blocking rule that fails stops the build (``NotCompliantError``, nothing is
    written) unless ``draft``: the files are then built with every page marked as a
    draft that is not compliant. A compliant tender is never marked.
    """
    index = library_index(library)
    snapshot = read_tender_file(tender, index)
    results = check(snapshot, clause_titles(library_entries(index.values())))
    failures = [result for result in results if result.blocks_download]
    if failures and not draft:
        raise NotCompliantError(failures)
    files = build_tender_files(
        snapshot,
        results,
        language=language,
        output_format=output_format,
        template=template,
        refresh=refresh,
        draft=bool(failures),
        revisions=revisions,
    )
    contents = [(built.name, built.content) for built in files]
    if exports:
        key = snapshot.purchase.reference or tender.stem
        for name, extensions in EXPORTS.items():
            for extension in extensions:
                content = export_bytes(
                    snapshot,
                    name,
                    extension,
                    ocid_prefix=ocid_prefix,
                    tender_key=key,
                    date=clock.now(),
                    language=language,
                )
                contents.append((document_file_name(snapshot, name, language, extension), content))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in contents:
        path = out / name
        path.write_bytes(content)
        written.append(path)
    logger.info("build-tender wrote %d file(s) to %s", len(written), out)
    return written
