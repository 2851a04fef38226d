"""Loading a large clause library: ``load-clauses`` on thousands of files, then again.

Run ``python -m benchmarks.loading`` from the repository root (options:
``--clauses 10000``, ``--database postgresql`` to use a throwaway PostgreSQL
server like the tests'). It writes ``--clauses`` clause files into a temporary
folder, copies of the library's own files under new ids (each copy's ``related``
ids point at the copies of the same batch, so the files stay valid together),
migrates an empty database, and times:

- the first load (every file parsed, validated and inserted);
- a reload of the unchanged folder (nothing to write);
- a reload after one file changed (one new version).

Results go to the terminal and to ``benchmarks/results/loading.json``
(git-ignored). The targets of issue 20: under 20 s for the first load of 10 000
files, under 5 s for the unchanged reload.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from procure.db import make_engine
from procure.library.loader import load_library
from procure.migrate import upgrade
from procure.models import ClauseVersion

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "clauses"
RESULTS = ROOT / "benchmarks" / "results" / "loading.json"
ID_LINE = re.compile(r"^id: *(\S+) *$", re.MULTILINE)


def write_library(target: Path, count: int) -> int:
    """``count`` clause files (rounded up to whole batches of the library) under ``target``."""
    originals = sorted(LIBRARY.rglob("*.yaml"))
    texts = {path: path.read_text(encoding="utf-8") for path in originals}
    ids = [ID_LINE.search(text)[1] for text in texts.values()]  # type: ignore[index]
    alternatives = "|".join(map(re.escape, sorted(ids, key=len, reverse=True)))
    any_id = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")
    written, batch = 0, 0
    while written < count:
        for path, text in texts.items():
            # its own id and the ids it relates to become those of this batch
            copy = any_id.sub(lambda match: f"{match[1]}-b{batch}", text)  # noqa: B023
            folder = target / path.parent.name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{path.stem}-b{batch}.yaml").write_text(copy, encoding="utf-8")
            written += 1
        batch += 1
    return written


@contextmanager
def database(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="procure-bench-db-") as folder:
            yield f"sqlite:///{folder}/procure.sqlite3"
        return
    from tests.postgres_server import start_server

    server = start_server(port=54341)
    try:
        server.execute("CREATE DATABASE procure_bench")
        yield server.url("procure_bench")
    finally:
        server.stop()


def timed_load(engine, folder: Path) -> tuple[float, str]:
    started = time.perf_counter()
    with Session(engine) as session:
        report = load_library(session, folder)
        session.commit()
    return time.perf_counter() - started, report.summary()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=int, default=10_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="procure-bench-clauses-") as tmp:
        folder = Path(tmp)
        files = write_library(folder, options.clauses)
        with database(options.database) as url:
            engine = make_engine(url)
            upgrade(engine)
            first, first_summary = timed_load(engine, folder)
            unchanged, unchanged_summary = timed_load(engine, folder)
            one = next(folder.rglob("*.yaml"))
            one.write_text(
                one.read_text(encoding="utf-8").replace("fr: ", "fr: Modifié — ", 1),
                encoding="utf-8",
            )
            changed, changed_summary = timed_load(engine, folder)
            with Session(engine) as session:
                versions = session.scalar(select(func.count()).select_from(ClauseVersion))
            engine.dispose()
    results = {
        "machine": {"python": platform.python_version(), "cpus": _cpus()},
        "database": options.database,
        "files": files,
        "versions_stored": versions,
        "first_load_s": round(first, 2),
        "unchanged_reload_s": round(unchanged, 2),
        "one_changed_reload_s": round(changed, 2),
        "reports": [first_summary, unchanged_summary, changed_summary],
        "targets": {"first_load_s": 20, "unchanged_reload_s": 5},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    main()
