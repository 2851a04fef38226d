"""Reading a clause folder: every file parsed and checked, every problem collected."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from procure.errors import ClauseFileError
from procure.library.schema import ClauseFile, Problem, check_clause
from procure.library.yamlsafe import YamlRefusedError, load_yaml, read_capped

THEME_FOLDERS = (
    "circular-economy",
    "sustainable-food",
    "sustainable-housing",
    "responsible-tech",
    "social",
    "environmental",
)


def read_library(folder: Path, known_ids: set[str] | None = None) -> list[ClauseFile]:
    """All clause files under ``folder``, valid together, or ``ClauseFileError`` listing why not.

    ``known_ids`` are clause ids that exist elsewhere (in the database) and may be
    referred to by ``related``.
    """
    return read_changed_files(folder, known_ids).changed


@dataclass
class LibraryReading:
    changed: list[ClauseFile]  # the files read and checked
    unchanged: list[str] = field(default_factory=list)  # ids of files left unread


def read_changed_files(
    folder: Path, known_ids: set[str] | None = None, loaded: Mapping[str, str] | None = None
) -> LibraryReading:
    """The clause files under ``folder`` that changed since they were loaded, valid together
    with the others, or ``ClauseFileError`` listing why not.

    ``loaded`` maps ``<theme folder>/<id>`` to the SHA-256 of the file the clause's
    latest version was loaded from: a file with those very bytes is left unread (it was
    valid then, and the ids it refers to still exist, in the database), unless another
    file shares its name, which must be reported as a duplicate id.
    """
    reading = LibraryReading([])
    problems: list[Problem] = []
    invalid_ids: set[str] = set()  # ids of invalid files: no second error for a reference
    paths = sorted(folder.rglob("*.yaml"))
    if not paths:
        raise ClauseFileError([Problem(str(folder), "(folder)", "contains no .yaml clause file")])
    stems = Counter(path.stem for path in paths)
    for path in paths:
        theme_folder = path.parent.name
        if theme_folder not in THEME_FOLDERS:
            problems.append(
                Problem(
                    str(path),
                    "(file)",
                    "must sit in one of the folders " + ", ".join(THEME_FOLDERS),
                )
            )
            continue
        try:
            raw = read_capped(path)
        except YamlRefusedError as error:
            problems.append(Problem(str(path), "(file)", f"is not accepted: {error}"))
            continue
        source_hash = hashlib.sha256(raw).hexdigest()
        key = f"{theme_folder}/{path.stem}"
        if loaded and loaded.get(key) == source_hash and stems[path.stem] == 1:
            reading.unchanged.append(path.stem)
            continue
        clause = _read_one(path, theme_folder, raw, problems, invalid_ids)
        if clause is not None:
            clause.source_hash = source_hash
            reading.changed.append(clause)
    ids = (known_ids or set()) | invalid_ids | set(reading.unchanged)
    problems.extend(_cross_file_problems(reading.changed, ids))
    if problems:
        raise ClauseFileError(problems)
    return reading


def _read_one(
    path: Path, theme_folder: str, raw: bytes, problems: list[Problem], invalid_ids: set[str]
) -> ClauseFile | None:
    try:
        data = load_yaml(raw.decode("utf-8"))
    except YamlRefusedError as error:
        problems.append(Problem(str(path), "(file)", f"is not accepted: {error}"))
        return None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        problems.append(Problem(str(path), "(file)", f"is not valid YAML: {_short(error)}"))
        return None
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        invalid_ids.add(data["id"])
    clause, found = check_clause(str(path), theme_folder, data)
    problems.extend(found)
    return clause


def _cross_file_problems(clauses: list[ClauseFile], known_ids: set[str]) -> list[Problem]:
    problems = []
    counts = Counter(clause.id for clause in clauses)
    for clause in clauses:
        if counts[clause.id] > 1:
            others = [c.path for c in clauses if c.id == clause.id and c is not clause]
            problems.append(
                Problem(
                    clause.path, "id", f"duplicate id '{clause.id}', also in " + ", ".join(others)
                )
            )
    ids = set(counts) | known_ids
    for clause in clauses:
        for related in clause.related_ids:
            if related not in ids:
                problems.append(
                    Problem(clause.path, "related", f"refers to unknown clause '{related}'")
                )
    return problems


def _short(error: Exception) -> str:
    return " ".join(str(error).split())
