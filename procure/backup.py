"""Backup and restore of all data, between SQLite and PostgreSQL alike.

The backup is JSON lines, readable and diffable::

    {"format": "procure-backup", "version": 1, "revision": "0003", ...}   header
    {"table": "organisation", "columns": ["id", "name", ...]}             one section per table,
    [1, "Ville de Démoville", ...]                                        in foreign-key order,
    ...                                                                   one row a line
    {"end": true, "rows": {"organisation": 1, ...}}                       trailer: counts

Values are JSON; bytes are base64, times ISO 8601 in UTC, decimals strings. A JSON
column's value is wrapped in a one-item list, ``[value]``, and SQL NULL is ``null``,
so that the JSON value ``null`` (an audit event's empty ``before``) and SQL NULL
both come back as they were, on either database (format version 2; version 1
backups, which wrote both as ``null``, are still restored, as SQL NULL). The
export reads every table inside one transaction (a snapshot: REPEATABLE READ on
PostgreSQL, an explicit BEGIN on SQLite), so it is consistent while the
application keeps running.

A restore goes into an empty database only: one without tables (it is migrated
first) or a migrated one without rows; it runs in a single transaction, checks
the trailer before committing, and on PostgreSQL moves the id sequences past the
restored ids. The backup's schema revision must be the one this version of
procure migrates to. The file is read a line at a time, no line longer than
``MAX_LINE_CHARS``; a value or a row the database refuses is named by table, row
and line, never with the row's values (they hold password hashes and tokens).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import gzip
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, cast

import click
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import (
    JSON,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    Table,
    bindparam,
    create_engine,
    event,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError

from procure.errors import ProcureError
from procure.migrate import alembic_config, upgrade
from procure.models import Base

FORMAT = "procure-backup"
VERSION = 2
READABLE_VERSIONS = (1, 2)
BATCH_SIZE = 500
# The longest line a restore reads: a template (2 MB, base64) with room to spare.
MAX_LINE_CHARS = 16 * 1024 * 1024


class BackupError(ProcureError):
    """A backup cannot be written or restored; the message says why."""


@dataclass
class BackupReport:
    revision: str
    rows: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        total = sum(self.rows.values())
        return f"{total} row(s) in {len(self.rows)} table(s), schema revision {self.revision}"


def tables() -> list[Table]:
    """Every table procure's models describe, parents before children."""
    return list(Base.metadata.sorted_tables)


def head_revision(engine: Engine) -> str:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


# -- Export ------------------------------------------------------------------------


def backup(database_url: str, out: IO[str]) -> BackupReport:
    """Write every row of the database at ``database_url`` to ``out``, from one snapshot."""
    engine = _snapshot_engine(database_url)
    try:
        with engine.connect() as connection, connection.begin():
            revision = current_revision(connection)
            expected = head_revision(engine)
            if revision != expected:
                raise BackupError(
                    f"the database is at schema revision {revision}, not {expected}: "
                    "run `init-db` first"
                )
            report = BackupReport(revision)
            _write(
                out,
                {
                    "format": FORMAT,
                    "version": VERSION,
                    "revision": revision,
                    "created_at": dt.datetime.now(dt.UTC).isoformat(),
                    "source": engine.dialect.name,
                    "tables": [table.name for table in tables()],
                },
            )
            for table in tables():
                report.rows[table.name] = _export_table(connection, table, out)
            _write(out, {"end": True, "rows": report.rows})
    finally:
        engine.dispose()
    return report


def _snapshot_engine(database_url: str) -> Engine:
    """An engine whose transactions see one snapshot of the whole database."""
    if database_url.startswith("sqlite"):
        engine = create_engine(database_url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _no_implicit_transactions(dbapi_connection, _record) -> None:
            dbapi_connection.isolation_level = None  # we say BEGIN ourselves

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN")

        return engine
    return create_engine(database_url, isolation_level="REPEATABLE READ")


def _export_table(connection: Connection, table: Table, out: IO[str]) -> int:
    columns = list(table.columns)
    _write(out, {"table": table.name, "columns": [column.name for column in columns]})
    order = list(table.primary_key.columns) or columns
    # For JSON columns, whether the value is SQL NULL: the JSON value null reads as None too.
    json_columns = [column for column in columns if isinstance(column.type, JSON)]
    result = connection.execution_options(yield_per=BATCH_SIZE).execute(
        select(*columns, *(column.is_(None) for column in json_columns)).order_by(*order)
    )
    count = 0
    for row in result:
        values = list(row[: len(columns)])
        is_null = dict(zip(json_columns, row[len(columns) :], strict=True))
        _write(
            out,
            [
                (None if is_null[column] else [value]) if column in is_null else _encode(value)
                for column, value in zip(columns, values, strict=True)
            ],
        )
        count += 1
    return count


def _encode(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dt.datetime):
        return as_utc(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _write(out: IO[str], record: Any) -> None:
    out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    out.write("\n")


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite keeps no time zone: its times are UTC, as procure writes them."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


# -- Import ------------------------------------------------------------------------


def restore(engine: Engine, source: IO[str], max_line: int = MAX_LINE_CHARS) -> BackupReport:
    """Load a backup into the empty database behind ``engine``, all or nothing."""
    lines = _records(source, max_line)
    expected = head_revision(engine)
    first = next(lines, None)
    version = _check_header(first[1] if first else None, expected)
    _prepare_schema(engine, expected)
    report = BackupReport(expected)
    with engine.begin() as connection:
        _refuse_rows(connection)
        trailer = _load_sections(connection, lines, report, version)
        if trailer is None:
            raise BackupError("the backup is incomplete (no end line): nothing was restored")
        if trailer.get("rows") != report.rows:
            raise BackupError(
                "the row counts do not match the backup's end line: nothing was restored"
            )
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection)
    return report


def _check_header(header: Any, expected: str) -> int:
    """The backup's format version, once its header is checked."""
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("this file is not a procure backup")
    if header.get("version") not in READABLE_VERSIONS:
        raise BackupError(f"backup format version {header.get('version')} is not supported")
    if header.get("revision") != expected:
        raise BackupError(
            f"the backup has schema revision {header.get('revision')}; this version of procure "
            f"restores revision {expected} only"
        )
    return cast(int, header["version"])


@dataclass
class _Section:
    """The rows of one table being inserted, in batches."""

    connection: Connection
    table: Table
    columns: list[str]
    version: int
    batch: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    count: int = 0

    @classmethod
    def start(cls, connection: Connection, record: dict[str, Any], version: int) -> _Section:
        known = {table.name: table for table in tables()}
        table = known.get(record["table"])
        if table is None:
            raise BackupError(
                f"the backup has a table this version does not know: {record['table']}"
            )
        columns = list(record.get("columns") or [])
        unknown = set(columns) - set(table.columns.keys())
        if unknown:
            raise BackupError(f"{table.name}: unknown column(s) {', '.join(sorted(unknown))}")
        return cls(connection, table, columns, version)

    def add(self, values: list[Any], line: int) -> None:
        self.count += 1
        if len(values) != len(self.columns):
            raise BackupError(
                f"{self._row(self.count, line)} does not have {len(self.columns)} values"
            )
        row = {}
        for name, value in zip(self.columns, values, strict=True):
            column_type = self.table.columns[name].type
            try:
                row[name] = _decode(column_type, value, self.version)
            except (ValueError, TypeError, ArithmeticError, binascii.Error):
                raise BackupError(
                    f"{self._row(self.count, line)}: column {name} does not hold a valid "
                    f"{type(column_type).__name__} value"
                ) from None
        self.batch.append(row)
        self.lines.append(line)
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        first = self.count - len(self.batch) + 1
        try:
            with self._statement():
                _insert(self.connection, self.table, self.columns, self.batch)
        except DBAPIError as error:
            # One row of the batch is refused: insert them one by one to name it.
            for offset, (row, line) in enumerate(zip(self.batch, self.lines, strict=True)):
                try:
                    with self._statement():
                        _insert(self.connection, self.table, self.columns, [row])
                except DBAPIError as row_error:
                    raise BackupError(
                        f"{self._row(first + offset, line)} is refused by the database: "
                        f"{_reason(row_error)}"
                    ) from None
            raise BackupError(
                f"{self.table.name}: rows {first} to {self.count} are refused by the database: "
                f"{_reason(error)}"
            ) from None
        self.batch = []
        self.lines = []

    def _row(self, number: int, line: int) -> str:
        return f"{self.table.name}: row {number} (line {line})"

    def _statement(self) -> Any:
        """A failed statement leaves the transaction usable: PostgreSQL needs a savepoint
        for that, SQLite undoes a failed statement by itself."""
        if self.connection.dialect.name == "postgresql":
            return self.connection.begin_nested()
        return nullcontext()


def _reason(error: DBAPIError) -> str:
    """What the database says, without the statement or its parameters: the first line
    of its message (PostgreSQL's DETAIL line, which quotes values, is left out)."""
    lines = str(error.orig).strip().splitlines()
    return lines[0] if lines else type(error.orig).__name__


def _load_sections(
    connection: Connection,
    lines: Iterator[tuple[int, Any]],
    report: BackupReport,
    version: int,
) -> dict[str, Any] | None:
    """Insert every section's rows; return the end line, or None if the file stops early."""
    section: _Section | None = None
    for number, record in lines:
        if isinstance(record, list):
            if section is None:
                raise BackupError(f"line {number}: a row comes before any table")
            section.add(record, number)
            continue
        if section is not None:
            section.flush()
            report.rows[section.table.name] = section.count
            section = None
        if isinstance(record, dict) and "table" in record:
            section = _Section.start(connection, record, version)
        elif isinstance(record, dict) and record.get("end"):
            return record
        else:
            raise BackupError(f"line {number}: unexpected line in the backup")
    return None


def _records(source: IO[str], max_line: int) -> Iterator[tuple[int, Any]]:
    """Each line's number and JSON value, reading no line past ``max_line`` characters."""
    number = 0
    while line := source.readline(max_line + 1):
        number += 1
        if len(line) > max_line:
            raise BackupError(
                f"line {number} is longer than {max_line} characters: this is not a backup "
                "procure wrote"
            )
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            raise BackupError(f"line {number} is not valid JSON: {error.msg}") from None


def _prepare_schema(engine: Engine, expected: str) -> None:
    """Migrate a database without tables; refuse one at another revision."""
    with engine.connect() as connection:
        existing = set(inspect(connection).get_table_names())
        revision = current_revision(connection) if "alembic_version" in existing else None
    if revision is None:
        if existing & {table.name for table in tables()}:
            raise BackupError("the database has tables but no schema revision: use an empty one")
        upgrade(engine)
    elif revision != expected:
        raise BackupError(f"the database is at schema revision {revision}, not {expected}")


def _refuse_rows(connection: Connection) -> None:
    for table in tables():
        if connection.execute(select(func.count()).select_from(table)).scalar_one():
            raise BackupError(
                f"the database is not empty (table {table.name} has rows): "
                "restore into an empty database"
            )


def _decode(column_type: Any, value: Any, version: int = VERSION) -> Any:
    if value is None:
        return None
    if isinstance(column_type, JSON) and version >= 2:
        if not isinstance(value, list) or len(value) != 1:
            raise ValueError("a JSON value is a one-item list")
        return JSON.NULL if value[0] is None else value[0]
    if isinstance(column_type, LargeBinary):
        return base64.b64decode(value)
    if isinstance(column_type, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column_type, Date):
        return dt.date.fromisoformat(value)
    if isinstance(column_type, Float):
        return float(value)
    if isinstance(column_type, Numeric):
        return Decimal(value)
    return value


def _insert(
    connection: Connection, table: Table, columns: list[str], rows: list[dict[str, Any]]
) -> None:
    # JSON columns: None is SQL NULL; the JSON value null comes as JSON.NULL (see _decode).
    values = {
        name: bindparam(name, type_=JSON(none_as_null=True))
        for name in columns
        if isinstance(table.columns[name].type, JSON)
    }
    statement = insert(table).values(values) if values else insert(table)
    connection.execute(statement, rows)


def _reset_sequences(connection: Connection) -> None:
    """Make PostgreSQL's next ids follow the restored ones."""
    for table in tables():
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer):
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f'COALESCE((SELECT MAX("{key[0].name}") FROM "{table.name}"), 0) + 1, false)'
            ),
            {"table": table.name, "column": key[0].name},
        )


# -- Files -------------------------------------------------------------------------


def backup_to_file(database_url: str, path: Path) -> BackupReport:
    """Write the backup next to ``path`` then rename it, so no half file is ever left."""
    partial = path.with_name(path.name + ".partial")
    try:
        with _open_for_writing(partial, compress=path.suffix == ".gz") as out:
            report = backup(database_url, out)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return report


def restore_from_file(engine: Engine, path: Path) -> BackupReport:
    with _open_for_reading(path) as source:
        return restore(engine, source)


@contextmanager
def _open_for_writing(path: Path, *, compress: bool) -> Iterator[IO[str]]:
    if compress:
        with gzip.open(path, "wt", encoding="utf-8", newline="\n") as out:
            yield out
        return
    with path.open("w", encoding="utf-8", newline="\n") as out:
        yield out


@contextmanager
def _open_for_reading(path: Path) -> Iterator[IO[str]]:
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as source:
            yield source
        return
    with path.open(encoding="utf-8") as source:
        yield source


# -- Command line ------------------------------------------------------------------


@click.command("backup")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def backup_command(file: Path) -> None:
    """Write all data to FILE (JSON lines; gzip when FILE ends in .gz)."""
    try:
        report = backup_to_file(current_app.config["DATABASE_URL"], file)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up {report.summary()} to {file}.")


@click.command("restore")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(file: Path) -> None:
    """Load FILE, made by `backup`, into an empty database (SQLite or PostgreSQL)."""
    from procure.db import get_engine

    try:
        report = restore_from_file(get_engine(), file)
    except BackupError as error:
        raise click.ClickException(f"{error}. Nothing was restored.") from error
    click.echo(f"Restored {report.summary()} from {file}.")
