"""A throwaway PostgreSQL server for the test session, in a temporary folder.

Runs ``initdb`` and ``pg_ctl`` from the machine's PostgreSQL; as root it runs them
as the ``postgres`` user (``initdb`` refuses root). Listens on a Unix socket only.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg

START_TIMEOUT_SECONDS = 60


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries were found on this machine."""


@dataclass
class PostgresServer:
    root: Path
    bindir: Path
    socket_dir: Path
    port: int
    run_as: list[str]

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def execute(self, statement: str) -> None:
        with psycopg.connect(
            host=str(self.socket_dir),
            port=self.port,
            user="postgres",
            dbname="postgres",
            autocommit=True,
        ) as connection:
            connection.execute(statement)

    def stop(self) -> None:
        subprocess.run(
            [
                *self.run_as,
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.root / "data"),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def find_bindir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(str(Path(on_path).resolve().parent))
    for candidate in candidates:
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "postgres").exists():
            return Path(candidate)
    raise PostgresUnavailable("no PostgreSQL server (initdb, postgres) found on this machine")


def start_server(port: int = 54329) -> PostgresServer:
    bindir = find_bindir()
    root = Path(tempfile.mkdtemp(prefix="procure-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres", "postgres")
    root.chmod(0o755)
    socket_dir = root / "socket"
    for folder in (root / "data", socket_dir):
        folder.mkdir()
        if run_as:
            shutil.chown(folder, "postgres", "postgres")
    subprocess.run(
        [
            *run_as,
            str(bindir / "initdb"),
            "-D",
            str(root / "data"),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
        ],
        check=True,
        capture_output=True,
    )
    options = (
        f"-k {socket_dir} -p {port} -c listen_addresses='' -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        [
            *run_as,
            str(bindir / "pg_ctl"),
            "-D",
            str(root / "data"),
            "-o",
            options,
            "-l",
            str(root / "server.log"),
            "-w",
            "-t",
            str(START_TIMEOUT_SECONDS),
            "start",
        ],
        check=True,
        capture_output=True,
    )
    return PostgresServer(root=root, bindir=bindir, socket_dir=socket_dir, port=port, run_as=run_as)
