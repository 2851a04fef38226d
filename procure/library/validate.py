"""Check clause files without a database: ``python -m procure.library.validate clauses/``."""

from __future__ import annotations

import sys
from pathlib import Path

from procure.errors import ClauseFileError
from procure.library.files import read_library


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m procure.library.validate FOLDER\n")
        return 2
    folder = Path(argv[0])
    try:
        clauses = read_library(folder, known_ids=_ids_beside(folder))
    except ClauseFileError as error:
        for problem in error.problems:
            sys.stderr.write(f"{problem}\n")
        sys.stderr.write(f"{len(error.problems)} problem(s)\n")
        return 1
    sys.stdout.write(f"{len(clauses)} clause file(s) valid\n")
    return 0


def _ids_beside(folder: Path) -> set[str]:
    """When checking one theme folder, ids of the sibling folders may be referred to."""
    if any(path.is_dir() for path in folder.iterdir()):
        return set()
    return {path.stem for path in folder.parent.rglob("*.yaml") if path.parent != folder}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
