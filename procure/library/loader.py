"""Loading clause files into the database: all or nothing, idempotent, versioned.

Built for libraries of thousands of files: the reference clauses and their latest
versions are read in two queries, a file whose bytes are those its clause's latest
version was loaded from is not read again, and new rows are inserted in one flush.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from procure.library.files import read_changed_files
from procure.library.schema import ClauseFile
from procure.library.versions import add_version
from procure.models import Clause, ClauseVersion


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
    clauses = {
        clause.slug: clause
        for clause in session.scalars(select(Clause).where(Clause.organisation_id.is_(None)))
    }
    latest = _latest_versions(session)
    loaded = {
        f"{clause.folder}/{slug}": version.source_hash
        for slug, clause in clauses.items()
        if (version := latest.get(clause.id)) is not None and version.source_hash
    }
    reading = read_changed_files(folder, known_ids=set(clauses), loaded=loaded)
    report = LoadReport(unchanged=list(reading.unchanged))
    for clause_file in reading.changed:
        clause = clauses.get(clause_file.id)
        current = latest.get(clause.id) if clause is not None else None
        _load_one(
            session,
            clause_file,
            clause=clause,
            current=current,
            report=report,
            author_id=author_id,
        )
    session.flush()
    return report


def _latest_versions(session: Session) -> dict[int, ClauseVersion]:
    """Each reference clause's latest version, by clause id, in one query."""
    newest = (
        select(ClauseVersion.clause_id, func.max(ClauseVersion.number).label("number"))
        .join(Clause, Clause.id == ClauseVersion.clause_id)
        .where(Clause.organisation_id.is_(None))
        .group_by(ClauseVersion.clause_id)
        .subquery()
    )
    versions = session.scalars(
        select(ClauseVersion).join(
            newest,
            (ClauseVersion.clause_id == newest.c.clause_id)
            & (ClauseVersion.number == newest.c.number),
        )
    )
    return {version.clause_id: version for version in versions}


def _load_one(
    session: Session,
    clause_file: ClauseFile,
    *,
    clause: Clause | None,
    current: ClauseVersion | None,
    report: LoadReport,
    author_id: int | None,
) -> None:
    """Add ``clause_file``'s clause, or a new version of ``clause`` if its content changed."""
    if clause is None:
        clause = Clause(slug=clause_file.id, folder=clause_file.folder)
        session.add(clause)
        report.created.append(clause_file.id)
    else:
        clause.folder = clause_file.folder
    version = add_version(
        session,
        clause,
        clause_file.content,
        status=clause_file.status,
        author_id=author_id,
        en_translates=clause_file.en_translates,
        previous=current,
        number=current.number + 1 if current is not None else 1,
        source_hash=clause_file.source_hash,
        flush=False,
    )
    if current is None:
        return
    if version is current:
        current.source_hash = clause_file.source_hash  # the same content, in other bytes
        report.unchanged.append(clause_file.id)
    else:
        report.updated.append(clause_file.id)
