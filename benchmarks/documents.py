"""How long the combined Word document takes to build, by number of clauses.

Run ``python -m benchmarks.documents`` (or ``python benchmarks/documents.py``)
from the repository root. Not part of the test suite. Prints a table and writes
``benchmarks/results/documents.json`` (git-ignored).

The tender is the school-catering example with its clauses repeated (under
distinct ids) up to 10, 40, 160 and 640 clauses; every build includes the
cover, the table of contents, the RC, CCAP and CCTP, header and footer, properties
and saving the .docx to memory. The template is prepared once, as in a
running server.

Where LibreOffice is installed, it also measures the server-side refresh of
the page numbers (``refresh_fields``, one ``soffice`` run per document): that
cost is LibreOffice's start-up and layout, paid once per download.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
import platform
import statistics
import time
from pathlib import Path

from procure.documents.builder import build_document
from procure.documents.libreoffice import is_libreoffice_available
from procure.documents.refresh import refresh_fields
from procure.documents.template import load_template
from procure.documents.tender_file import library_index, read_tender_file
from procure.snapshot import TenderSnapshot

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "documents.json"
SIZES = (10, 40, 160, 640)
TARGET_MS_AT_40 = 25.0
REFRESH_SIZES = (10, 40, 160)
REFRESH_REPEATS = 3


def tender_with(base: TenderSnapshot, count: int, pool: TenderSnapshot) -> TenderSnapshot:
    """``base`` with ``count`` clauses, cycling through ``pool``'s under distinct ids."""
    clauses = list(base.clauses)
    round_number = 1
    while len(clauses) < count:
        for clause in pool.clauses:
            if len(clauses) == count:
                break
            clauses.append(dataclasses.replace(clause, slug=f"{clause.slug}-{round_number}"))
        round_number += 1
    return dataclasses.replace(base, clauses=tuple(clauses[:count]))


def measure(snapshot: TenderSnapshot, repeats: int) -> list[float]:
    template = load_template()
    created = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    build_document(snapshot, template=template, created=created)  # warm caches
    timings = []
    gc.collect()
    for _ in range(repeats):
        start = time.perf_counter()
        build_document(snapshot, template=template, created=created)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def measure_refresh(snapshot: TenderSnapshot) -> list[float]:
    document = build_document(snapshot, template=load_template())
    timings = []
    for _ in range(REFRESH_REPEATS):
        start = time.perf_counter()
        refresh_fields([document])
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    library = library_index(ROOT / "clauses")
    base = read_tender_file(ROOT / "examples" / "restauration-scolaire.yaml", library)
    pool_files = sorted((ROOT / "examples").glob("*.yaml"))
    pool_clauses = [
        clause for path in pool_files for clause in read_tender_file(path, library).clauses
    ]
    pool = dataclasses.replace(base, clauses=tuple(pool_clauses))
    rows = []
    refresh_rows = []
    for size in SIZES:
        snapshot = tender_with(dataclasses.replace(base, clauses=()), size, pool)
        snapshot = dataclasses.replace(snapshot, criteria=base.criteria)
        repeats = max(5, 2000 // size)
        timings = measure(snapshot, repeats)
        median = statistics.median(timings)
        if size in REFRESH_SIZES and is_libreoffice_available():
            refresh_rows.append(
                {"clauses": size, "median_ms": round(statistics.median(measure_refresh(snapshot)))}
            )
        rows.append(
            {
                "clauses": size,
                "repeats": repeats,
                "median_ms": round(median, 2),
                "min_ms": round(min(timings), 2),
                "p90_ms": round(statistics.quantiles(timings, n=10)[-1], 2),
                "per_clause_ms": round(median / size, 3),
            }
        )
    report = {
        "benchmark": "combined document (RC + CCAP + CCTP + note), saved to memory",
        "target": f"40 clauses under {TARGET_MS_AT_40} ms",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "results": rows,
        "refresh_with_libreoffice": refresh_rows or "LibreOffice is not installed",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{'clauses':>8} {'median ms':>10} {'min ms':>8} {'p90 ms':>8} {'ms/clause':>10}")
    for row in rows:
        print(
            f"{row['clauses']:>8} {row['median_ms']:>10.2f} {row['min_ms']:>8.2f} "
            f"{row['p90_ms']:>8.2f} {row['per_clause_ms']:>10.3f}"
        )
    at_40 = next(row for row in rows if row["clauses"] == 40)["median_ms"]
    verdict = "meets" if at_40 < TARGET_MS_AT_40 else "MISSES"
    print(f"40 clauses: {at_40:.2f} ms, {verdict} the {TARGET_MS_AT_40:.0f} ms target")
    for row in refresh_rows:
        print(f"page numbers by LibreOffice, {row['clauses']} clauses: {row['median_ms']} ms")
    print(f"Wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
