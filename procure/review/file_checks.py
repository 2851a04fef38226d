"""Checking an edited tender file uploaded by legal staff, and keeping its report.

The file goes through the checks of the Word template upload
(``procure.admin.template_check``: size, zip bomb, XXE, macros, external links
other than hyperlinks, which a lawyer may add in Word) before python-docx opens
it; the report is kept in the audit log, whole, so it can be shown and exported
again without keeping the file.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

import docx
from sqlalchemy import select
from sqlalchemy.orm import Session

from procure.admin.template_check import check_template_file
from procure.audit import record_event
from procure.compliance import check
from procure.documents.store import organisation_template
from procure.errors import NotFoundError
from procure.models import AuditEvent, Tender, User
from procure.models.base import MAX_ID
from procure.review.deviations import DeviationFileError, DeviationReport, compare_file
from procure.tenders.snapshots import snapshot_of

MAX_FILE_BYTES = 4 * 1024 * 1024  # under MAX_CONTENT_LENGTH (5 MB), so the page can say it
REPORT_ACTION = "tender.deviation_report"


def check_edited_file(
    session: Session, tender: Tender, actor: User, *, file_name: str, data: bytes
) -> AuditEvent:
    """Compare ``data`` with the tender as it is today and keep the report in the audit log.

    Raises ``TemplateRejected`` for a file that is not a plain, safe Word document,
    ``DeviationFileError`` for one procure did not build for this tender, and
    ``ValueError`` (naming the field) when the tender cannot be built.
    """
    check_template_file(data, max_bytes=MAX_FILE_BYTES, external_hyperlinks=True)
    snapshot = snapshot_of(tender)
    if snapshot is None:
        raise DeviationFileError("incomplete")
    report = compare_file(
        data,
        snapshot,
        check(snapshot),
        template=organisation_template(session, tender.organisation_id),
    )
    return record_event(
        session,
        actor=actor,
        action=REPORT_ACTION,
        subject_type="tender",
        subject_id=tender.id,
        after={
            "file_name": file_name[:200],
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            **report.summary(),
        },
    )


def report_event(session: Session, tender: Tender, event_id: int) -> AuditEvent:
    """A report kept for ``tender``; ``NotFoundError`` for any other event."""
    if not 0 < event_id <= MAX_ID:
        raise NotFoundError(f"no deviation report {event_id}")
    event = session.scalar(
        select(AuditEvent).where(
            AuditEvent.id == event_id,
            AuditEvent.action == REPORT_ACTION,
            AuditEvent.subject_type == "tender",
            AuditEvent.subject_id == str(tender.id),
        )
    )
    if event is None or event.after is None:
        raise NotFoundError(f"no deviation report {event_id} for tender {tender.id}")
    return event


def reports_of(session: Session, tender: Tender) -> list[AuditEvent]:
    """The reports kept for ``tender``, newest first."""
    return list(
        session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.action == REPORT_ACTION,
                AuditEvent.subject_type == "tender",
                AuditEvent.subject_id == str(tender.id),
            )
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        )
    )


def report_of(event: AuditEvent) -> DeviationReport:
    after: dict[str, Any] = event.after or {}
    return DeviationReport.from_summary(after)


def report_document(title: str, sections: list[tuple[str, list[str]]]) -> bytes:
    """A plain .docx of a report: a title, then each section's heading and paragraphs
    (the page passes the texts, translated); ``convert_to_pdf`` makes it a PDF."""
    document = docx.Document()
    document.add_heading(title, level=0)
    for heading, paragraphs in sections:
        document.add_heading(heading, level=1)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
