"""Many buyers saving the guided form at once, against gunicorn and PostgreSQL.

Run ``python -m benchmarks.load_wizard`` from the repository root (options:
``--buyers 20 --duration 20 --workers 3``). Not part of the test suite; it needs
the machine's PostgreSQL server binaries, like the tests.

It starts a throwaway PostgreSQL server (as ``tests/postgres_server.py`` does),
migrates a database, creates one organisation with ``--buyers`` buyers, and
serves procure with gunicorn (``--workers`` sync workers) on 127.0.0.1. Each
simulated buyer, in its own thread and with its own session cookie, signs in
(CSRF tokens and all, as a browser), creates a tender, then until the time is up
loads and saves step 1 (the purchase) and step 2 (the context) again and again,
each save with new values. A save counts as acknowledged when the server answers
with the redirect to the next step.

It reports throughput, latency percentiles and errors, in the terminal and in
``benchmarks/results/load_wizard.json`` (git-ignored), then checks in the
database that every acknowledged save is there: each one has its audit event,
and each tender holds the last values its buyer saved. The exit status is 1 if
any request failed or any acknowledged save is missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from procure.auth.services import create_user, get_or_create_organisation
from procure.db import make_engine
from procure.migrate import upgrade
from procure.models import AuditEvent, Tender
from procure.vocabulary import Role
from tests.postgres_server import PostgresServer, PostgresUnavailable, start_server

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "load_wizard.json"
PASSWORD = "charge de travail soutenue"
POSTGRES_PORT = 54339  # not the test suite's 54329: both may run at once
REQUEST_TIMEOUT = 15.0
STARTUP_TIMEOUT = 60.0
PURCHASE = {
    "reference": "",
    "buyer_category": "sub_central",
    "subject": "Fourniture et livraison de repas en liaison froide pour les écoles.",
    "contract_type": "services",
    "cpv_main": "55524000-9",
    "cpv_additional": "",
    "estimated_value": "1200000",
    "duration_months": "48",
    "lots": "1",
    "procedure": "adapted",
    "launch_date": "2026-12-01",
}
CONTEXT = {"catering": "y", "objectives": "insertion", "annual_purchases": ""}
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
LOCK = re.compile(r'<input[^>]*name="lock_version"[^>]*value="([^"]*)"')


class RequestFailed(RuntimeError):
    """A request did not get the answer a browser would have had."""


@dataclass
class Ack:
    tender_id: int
    step: str
    marker: str


@dataclass
class BuyerLog:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    acks: list[Ack] = field(default_factory=list)
    requests: int = 0


class Browser:
    """One buyer's browser: a cookie, a connection, no redirects followed."""

    def __init__(self, port: int, log: BuyerLog) -> None:
        self.port = port
        self.log = log
        self.cookie = ""
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)

    def request(
        self, kind: str, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8")
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            raise RequestFailed(f"{kind}: {type(error).__name__}") from error
        finally:
            self.log.requests += 1
        self.log.latencies.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, response.getheader("Location", ""), text

    def page(self, kind: str, path: str) -> str:
        status, _, text = self.request(kind, "GET", path)
        if status != 200:
            raise RequestFailed(f"{kind}: HTTP {status}")
        return text

    def post(self, kind: str, path: str, form: dict[str, str], expect: str) -> str:
        status, location, _ = self.request(kind, "POST", path, form)
        if status != 302 or expect not in location:
            raise RequestFailed(f"{kind}: HTTP {status} to {location or 'nowhere'}")
        return location


def hidden(pattern: re.Pattern[str], page: str) -> str:
    match = pattern.search(page)
    if match is None:
        raise RequestFailed("a form lacks its hidden field")
    return match.group(1)


def start_tender(browser: Browser, email: str, log: BuyerLog, deadline: float) -> int | None:
    """Sign in and create a tender, trying again (as a person would) after a failure."""
    while time.monotonic() < deadline:
        try:
            if not browser.cookie or "Se déconnecter" not in browser.page("home", "/"):
                token = hidden(CSRF, browser.page("sign_in_page", "/sign-in"))
                form = {"email": email, "password": PASSWORD, "csrf_token": token}
                browser.post("sign_in", "/sign-in", form, "/")
            token = hidden(CSRF, browser.page("tenders_page", "/tenders/"))
            location = browser.post("create_tender", "/tenders/", {"csrf_token": token}, "/step/")
            return int(re.search(r"/tenders/(\d+)/", location).group(1))
        except RequestFailed as error:
            log.errors[str(error)] += 1
    return None


def run_buyer(port: int, email: str, number: int, deadline: float, log: BuyerLog) -> None:
    browser = Browser(port, log)
    tender_id = start_tender(browser, email, log, deadline)
    if tender_id is None:
        return
    base = f"/tenders/{tender_id}/step"
    round_number = 0
    while time.monotonic() < deadline:
        round_number += 1
        try:
            page = browser.page("page_purchase", f"{base}/purchase")
            title = f"Charge {number}-{round_number}"
            form = {
                **PURCHASE,
                "title": title,
                "csrf_token": hidden(CSRF, page),
                "lock_version": hidden(LOCK, page),
            }
            browser.post("save_purchase", f"{base}/purchase", form, "/step/context")
            log.acks.append(Ack(tender_id, "purchase", title))
            page = browser.page("page_context", f"{base}/context")
            target = f"Cible {number}-{round_number}"
            form = {
                **CONTEXT,
                "labour_share": str(round_number % 101),
                "spaser_targets": target,
                "csrf_token": hidden(CSRF, page),
                "lock_version": hidden(LOCK, page),
            }
            browser.post("save_context", f"{base}/context", form, "/step/clauses")
            log.acks.append(Ack(tender_id, "context", target))
        except RequestFailed as error:
            log.errors[str(error)] += 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_database(server: PostgresServer, buyers: int) -> tuple[str, list[str]]:
    server.execute("DROP DATABASE IF EXISTS procure_load")
    server.execute("CREATE DATABASE procure_load")
    url = server.url("procure_load")
    engine = make_engine(url)
    upgrade(engine)
    emails = [f"acheteur{number}@charge.example" for number in range(buyers)]
    with Session(engine) as session:
        organisation = get_or_create_organisation(session, "Ville de Charge")
        for number, email in enumerate(emails):
            create_user(
                session,
                organisation=organisation,
                email=email,
                name=f"Acheteur {number}",
                role=Role.BUYER,
                password=PASSWORD,
            )
        session.commit()
    engine.dispose()
    return url, emails


def start_gunicorn(url: str, port: int, workers: int, log_path: Path) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_hex(32),
        "PROCURE_BABEL_DEFAULT_LOCALE": "fr",
    }
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    started = time.monotonic()
    while time.monotonic() - started < STARTUP_TIMEOUT:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped; see {log_path}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"gunicorn did not answer within {STARTUP_TIMEOUT:.0f} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def check_saves(url: str, acks: list[Ack]) -> dict[str, object]:
    """Every acknowledged save has its audit event; each tender holds its last save."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            recorded: set[tuple[int, str, str]] = set()
            events = session.scalars(
                select(AuditEvent).where(AuditEvent.action == "tender.step_saved")
            )
            for event in events:
                after = event.after or {}
                if "purchase" in after:
                    recorded.add((int(event.subject_id), "purchase", after["purchase"]["title"]))
                if "context" in after:
                    marker = after["context"]["spaser_targets"]
                    recorded.add((int(event.subject_id), "context", marker))
            missing = [ack for ack in acks if (ack.tender_id, ack.step, ack.marker) not in recorded]
            last: dict[tuple[int, str], str] = {}
            for ack in acks:
                last[(ack.tender_id, ack.step)] = ack.marker
            stale = []
            for (tender_id, step), marker in last.items():
                answers = session.get(Tender, tender_id).answers
                saved = answers[step]["title" if step == "purchase" else "spaser_targets"]
                if saved != marker:
                    stale.append({"tender": tender_id, "step": step, "expected": marker})
    finally:
        engine.dispose()
    return {
        "acknowledged_saves": len(acks),
        "missing_audit_events": len(missing),
        "tenders_checked": len({ack.tender_id for ack in acks}),
        "tenders_without_their_last_save": stale,
        "ok": bool(acks) and not missing and not stale,
    }


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    if len(values) == 1:
        only = round(values[0], 1)
        return {"count": 1, "p50": only, "p95": only, "p99": only, "max": only}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {
        "count": len(values),
        "p50": round(cuts[49], 1),
        "p95": round(cuts[94], 1),
        "p99": round(cuts[98], 1),
        "max": round(max(values), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--buyers", type=int, default=20, help="simulated buyers (default 20)")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds (default 20)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    options = parser.parse_args(argv)
    try:
        server = start_server(port=POSTGRES_PORT)
    except PostgresUnavailable as error:
        print(f"Cannot run: {error}", file=sys.stderr)
        return 2
    process = None
    try:
        url, emails = prepare_database(server, options.buyers)
        port = free_port()
        process = start_gunicorn(url, port, options.workers, server.root / "gunicorn.log")
        logs = [BuyerLog() for _ in emails]
        started = time.monotonic()
        deadline = started + options.duration
        threads = [
            threading.Thread(target=run_buyer, args=(port, email, number, deadline, log))
            for number, (email, log) in enumerate(zip(emails, logs, strict=True))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=options.duration + 4 * REQUEST_TIMEOUT)
        elapsed = time.monotonic() - started
        stop(process)
        acks = [ack for log in logs for ack in log.acks]
        verification = check_saves(url, acks)
    finally:
        if process is not None:
            stop(process)
        server.stop()
    report = build_report(options, logs, acks, elapsed, verification)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_report(report)
    return 0 if verification["ok"] and not report["errors"] else 1


def build_report(options, logs, acks, elapsed: float, verification) -> dict[str, object]:
    latencies: dict[str, list[float]] = {}
    errors: Counter[str] = Counter()
    for log in logs:
        errors.update(log.errors)
        for kind, values in log.latencies.items():
            latencies.setdefault(kind, []).extend(values)
    saves = [
        value for kind in ("save_purchase", "save_context") for value in latencies.get(kind, [])
    ]
    requests = sum(log.requests for log in logs)
    return {
        "benchmark": "buyers saving wizard steps 1 and 2 concurrently (gunicorn + PostgreSQL)",
        "buyers": options.buyers,
        "gunicorn_workers": options.workers,
        "duration_s": round(elapsed, 1),
        "requests": requests,
        "requests_per_s": round(requests / elapsed, 1),
        "acknowledged_saves": len(acks),
        "saves_per_s": round(len(acks) / elapsed, 1),
        "latency_ms": {
            "saves": percentiles(saves),
            **{kind: percentiles(values) for kind, values in sorted(latencies.items())},
        },
        "errors": dict(errors),
        "verification": verification,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def print_report(report: dict[str, object]) -> None:
    print(
        f"{report['buyers']} buyers, {report['gunicorn_workers']} workers, "
        f"{report['duration_s']} s: {report['requests']} requests "
        f"({report['requests_per_s']}/s), {report['acknowledged_saves']} saves "
        f"({report['saves_per_s']}/s)"
    )
    print(f"{'latency ms':<16} {'count':>7} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}")
    for kind, stats in report["latency_ms"].items():
        if stats:
            print(
                f"{kind:<16} {stats['count']:>7} {stats['p50']:>8} {stats['p95']:>8} "
                f"{stats['p99']:>8} {stats['max']:>8}"
            )
    print(f"errors: {report['errors'] or 'none'}")
    verification = report["verification"]
    verdict = "every acknowledged save is in the database" if verification["ok"] else "SAVES LOST"
    print(
        f"verification: {verification['acknowledged_saves']} saves, "
        f"{verification['missing_audit_events']} without audit event, "
        f"{len(verification['tenders_without_their_last_save'])} tenders without their last "
        f"save: {verdict}"
    )
    print(f"Wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
