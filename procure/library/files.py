"""Reading a clause folder: every file parsed and checked, every problem collected."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

from procure.errors import ClauseFileError
from procure.library.schema import ClauseFile, Problem, check_clause
from procure.library.yamlsafe import YamlRefusedError, read_yaml_file

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
    clauses: list[ClauseFile] = []
    problems: list[Problem] = []
    invalid_ids: set[str] = set()  # ids of invalid files: no second error for a reference
    paths = sorted(folder.rglob("*.yaml"))
    if not paths:
        raise ClauseFileError([Problem(str(folder), "(folder)", "contains no .yaml clause file")])
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
            data = read_yaml_file(path)
        except YamlRefusedError as error:
            problems.append(Problem(str(path), "(file)", f"is not accepted: {error}"))
            continue
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            problems.append(Problem(str(path), "(file)", f"is not valid YAML: {_short(error)}"))
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            invalid_ids.add(data["id"])
        clause, found = check_clause(str(path), theme_folder, data)
        problems.extend(found)
        if clause is not None:
            clauses.append(clause)
    problems.extend(_cross_file_problems(clauses, (known_ids or set()) | invalid_ids))
    if problems:
        raise ClauseFileError(problems)
    return clauses


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
