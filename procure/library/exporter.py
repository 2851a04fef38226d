"""Writing the library in the database back to clause files that load again unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from procure.library.schema import CLAUSE_FIELDS
from procure.library.versions import latest_version
from procure.models import Clause


class ClauseDumper(yaml.SafeDumper):
    """Multi-line texts as ``|`` blocks, so exported files stay reviewable."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


ClauseDumper.add_representer(str, _represent_text)


def export_library(session: Session, folder: Path) -> int:
    """Write each reference clause's latest version to ``folder/<theme>/<id>.yaml``;
    return the count. Organisations' own clauses and variants are not the library's."""
    count = 0
    for clause in session.scalars(
        select(Clause).where(Clause.organisation_id.is_(None)).order_by(Clause.slug)
    ):
        version = latest_version(session, clause)
        if version is None:
            continue
        document: dict[str, Any] = {
            **version.content,
            "id": clause.slug,
            "version": version.number,
            "status": version.status,
            "en_translates": version.en_translates,
        }
        ordered = {key: document[key] for key in CLAUSE_FIELDS if key in document}
        path = folder / clause.folder / f"{clause.slug}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            yaml.dump(ordered, Dumper=ClauseDumper, allow_unicode=True, sort_keys=False, width=100),
            encoding="utf-8",
        )
        count += 1
    return count
