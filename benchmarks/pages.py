"""How long each main page takes on the server, and how many SQL queries it makes.

Run ``python -m benchmarks.pages`` from the repository root (options: ``--repeats 30``,
``--database-url URL`` for an empty database to migrate and fill, SQLite in a temporary
folder by default). Not part of the test suite. Prints a table and writes
``benchmarks/results/pages.json`` (git-ignored).

The data are those of the query-count test (``tests/page_load.py``): the clause library,
the demo accounts and a buyer's two 40-clause tenders, one a draft and one in legal
review. Each page is requested in-process through Flask's test client (no network, no
browser), once to warm up and then ``--repeats`` times; the median is the figure to
compare, here against the issue's 15 ms target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import statistics
import tempfile
import time
from pathlib import Path

from procure import create_app
from procure.db import get_engine, make_engine
from procure.migrate import upgrade
from tests.page_load import counting_queries, pages, seed, sign_in

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "pages.json"
TARGET_MS = 15.0


def measure(database_url: str, folder: Path, repeats: int) -> list[dict[str, object]]:
    engine = make_engine(database_url)
    upgrade(engine)
    engine.dispose()
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "benchmark secret key",
            "WTF_CSRF_ENABLED": False,
            "CLAUSES_PATH": str(ROOT / "clauses"),
            "REFRESH_FIELDS": False,
            "MAIL_OUTBOX_PATH": str(folder / "outbox"),
        }
    )
    seeded = seed(app)
    clients = {}
    rows: list[dict[str, object]] = []
    for page in pages(seeded):
        if page.role not in clients:
            clients[page.role] = app.test_client()
            sign_in(clients[page.role], seeded.emails[page.role])
        client = clients[page.role]
        with counting_queries(get_engine(app)) as statements:
            response = client.get(page.url)
        if response.status_code != 200:
            raise RuntimeError(f"{page.label}: HTTP {response.status_code}")
        timings = []
        for _ in range(repeats):
            start = time.perf_counter()
            client.get(page.url)
            timings.append((time.perf_counter() - start) * 1000)
        rows.append(
            {
                "page": page.label,
                "url": page.url,
                "queries": len(statements),
                "median_ms": round(statistics.median(timings), 2),
                "min_ms": round(min(timings), 2),
                "p90_ms": round(statistics.quantiles(timings, n=10)[-1], 2),
            }
        )
    get_engine(app).dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--database-url", help="an empty database (default: SQLite, temporary)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{folder}/pages.sqlite3"
        rows = measure(url, Path(folder), options.repeats)
    report = {
        "benchmark": "main pages, in-process (Flask test client), demo data + 40-clause tenders",
        "target": f"median under {TARGET_MS:.0f} ms and at most 10 SQL queries per page",
        "database": url.split(":", 1)[0],
        "repeats": options.repeats,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "results": rows,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{'page':<28} {'queries':>7} {'median ms':>10} {'min ms':>8} {'p90 ms':>8}")
    for row in rows:
        print(
            f"{row['page']:<28} {row['queries']:>7} {row['median_ms']:>10.2f} "
            f"{row['min_ms']:>8.2f} {row['p90_ms']:>8.2f}"
        )
    slow = [row["page"] for row in rows if float(str(row["median_ms"])) >= TARGET_MS]
    print(f"Over {TARGET_MS:.0f} ms: {', '.join(map(str, slow)) or 'none'}")
    print(f"Wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
