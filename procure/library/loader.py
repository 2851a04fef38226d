"""Loading clause files into the database: all or nothing, idempotent, versioned."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from procure.library.files import read_library
from procure.library.ownership import reference_clause
from procure.library.schema import ClauseFile
from procure.library.versions import add_version, latest_version
from procure.models import Clause


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.created)} clause(s) created, {len(self.updated)} updated "
            f"with a new version, {len(self.unchanged)} unchanged."
        )


def load_library(session: Session, folder: Path, author_id: int | None = None) -> LoadReport:
    """Validate every file under ``folder``, then load them in the caller's transaction.

    The files are the reference library: organisations' own clauses and variants, which
    may share a slug with a file, are left alone.

    Raises ``ClauseFileError`` before touching the database when any file is wrong.
    """
    known_ids = set(session.scalars(select(Clause.slug).where(Clause.organisation_id.is_(None))))
    clause_files = read_library(folder, known_ids=known_ids)
    report = LoadReport()
    for clause_file in clause_files:
        _load_one(session, clause_file, report, author_id)
    session.flush()
    return report


def _load_one(
    session: Session, clause_file: ClauseFile, report: LoadReport, author_id: int | None
) -> None:
    clause = reference_clause(session, clause_file.id)
    if clause is None:
        clause = Clause(slug=clause_file.id, folder=clause_file.folder)
        session.add(clause)
        session.flush()
        add_version(
            session,
            clause,
            clause_file.content,
            status=clause_file.status,
            author_id=author_id,
            en_translates=clause_file.en_translates,
        )
        report.created.append(clause_file.id)
        return
    clause.folder = clause_file.folder
    current = latest_version(session, clause)
    version = add_version(
        session,
        clause,
        clause_file.content,
        status=clause_file.status,
        author_id=author_id,
        en_translates=clause_file.en_translates,
        previous=current,
    )
    if version is current:
        report.unchanged.append(clause_file.id)
    else:
        report.updated.append(clause_file.id)
