"""Loading CPV codes from a CSV or Excel file: all or nothing, idempotent.

Two layouts are read, told apart by their header row (case-insensitive):

* ours, ``procure/data/cpv.csv``: ``code,label_fr,label_en``;
* the official CPV 2008 spreadsheet (or a CSV saved from it): a ``CODE`` column
  and one column per language, of which ``FR`` and ``EN`` are used and the
  others ignored. Title rows above the header are skipped.

Every row is checked before the database is touched; one bad row loads nothing.
Labels are trimmed and runs of spaces inside them collapsed to one.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from procure.cpv.codes import DEFAULT_CPV_FILE, parse_cpv
from procure.errors import ProcureError
from procure.models import CpvCode

logger = logging.getLogger(__name__)

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
MAX_LABEL_LENGTH = 400  # the width of cpv_code.label_fr and label_en
HEADER_SEARCH_ROWS = 10
MAX_PROBLEMS = 50

# Accepted spellings of each column, compared after ``_header_key``.
COLUMN_NAMES = {
    "code": ("code", "cpv", "code_cpv", "cpv_code"),
    "label_fr": ("label_fr", "fr", "libelle", "libelle_fr", "libellé", "libellé_fr"),
    "label_en": ("label_en", "en", "description_en"),
}


@dataclass(frozen=True)
class CpvProblem:
    """One thing wrong in a file, located as precisely as possible."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class CpvFileError(ProcureError):
    """A CPV file cannot be loaded; ``problems`` lists what is wrong (nothing was loaded)."""

    def __init__(self, problems: list[CpvProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class CpvRow:
    code: str
    check_digit: str
    label_fr: str
    label_en: str

    @property
    def full_code(self) -> str:
        return f"{self.code}-{self.check_digit}"


def load_default_cpv(session: Session) -> int:
    """Load the list shipped with procure (``procure/data/cpv.csv``)."""
    return load_cpv_file(session, DEFAULT_CPV_FILE)


def load_cpv_file(session: Session, path: Path | str) -> int:
    """Insert or update every code of ``path`` in the caller's transaction.

    Returns how many codes the file holds. Loading the same file twice changes
    nothing; a code already known gets the file's labels and check digit. Codes
    that are in the database but not in the file are kept. Raises
    ``CpvFileError`` before any change when a row is wrong.
    """
    path = Path(path)
    rows = read_cpv_file(path)
    existing = {cpv.code: cpv for cpv in session.scalars(select(CpvCode))}
    created = updated = 0
    for row in rows:
        cpv = existing.get(row.code)
        if cpv is None:
            session.add(
                CpvCode(
                    code=row.code,
                    check_digit=row.check_digit,
                    label_fr=row.label_fr,
                    label_en=row.label_en,
                )
            )
            created += 1
            continue
        values = (row.check_digit, row.label_fr, row.label_en)
        if (cpv.check_digit, cpv.label_fr, cpv.label_en) != values:
            cpv.check_digit, cpv.label_fr, cpv.label_en = values
            updated += 1
    session.flush()
    logger.info(
        "loaded %d CPV codes from %s: %d created, %d updated", len(rows), path, created, updated
    )
    return len(rows)


def read_cpv_file(path: Path | str) -> list[CpvRow]:
    """Read and check every row of a CPV file; raise ``CpvFileError`` listing the problems."""
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        table = _csv_rows(path)
    elif suffix in XLSX_SUFFIXES:
        table = _xlsx_rows(path)
    else:
        raise CpvFileError(
            [CpvProblem(name, f"unsupported file type {suffix or '(none)'}; use .csv or .xlsx")]
        )
    try:
        with closing(table):
            return _check_rows(name, table)
    except OSError as error:
        raise CpvFileError([CpvProblem(name, f"cannot be read: {error}")]) from error


def _check_rows(name: str, table: Iterator[tuple[int, list[str]]]) -> list[CpvRow]:
    columns, headers = _find_header(name, table)
    problems: list[CpvProblem] = []
    rows: list[CpvRow] = []
    first_row_of: dict[str, int] = {}
    for number, cells in table:
        if not any(cells):
            continue
        row, row_problems = _check_row(name, number, cells, columns, headers)
        if row is not None:
            if row.code in first_row_of:
                row_problems.append(
                    CpvProblem(
                        name,
                        f"code {row.full_code} already appears in row {first_row_of[row.code]}",
                        number,
                        headers["code"],
                    )
                )
            else:
                first_row_of[row.code] = number
                rows.append(row)
        problems.extend(row_problems)
        if len(problems) >= MAX_PROBLEMS:
            problems.append(CpvProblem(name, "too many problems; stopped reading"))
            break
    if not problems and not rows:
        problems.append(CpvProblem(name, "the file holds no CPV code"))
    if problems:
        raise CpvFileError(problems)
    return rows


def _find_header(
    name: str, table: Iterator[tuple[int, list[str]]]
) -> tuple[dict[str, int], dict[str, str]]:
    """Consume rows up to the header; return column positions and their names as written."""
    for number, cells in table:
        keys = [_header_key(cell) for cell in cells]
        if any(key in COLUMN_NAMES["code"] for key in keys):
            return _header_columns(name, number, cells, keys)
        if number >= HEADER_SEARCH_ROWS:
            break
    raise CpvFileError(
        [
            CpvProblem(
                name,
                "no header row with a code column (code or CODE) in the first "
                f"{HEADER_SEARCH_ROWS} rows",
            )
        ]
    )


def _header_columns(
    name: str, number: int, cells: list[str], keys: list[str]
) -> tuple[dict[str, int], dict[str, str]]:
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    for field, names in COLUMN_NAMES.items():
        for position, key in enumerate(keys):
            if key in names:
                columns[field], headers[field] = position, cells[position]
                break
    missing = [field for field in COLUMN_NAMES if field not in columns]
    if missing:
        wanted = " and ".join(
            f"{field} ({' or '.join(COLUMN_NAMES[field][:2])})" for field in missing
        )
        found = ", ".join(cell for cell in cells if cell) or "nothing"
        raise CpvFileError(
            [CpvProblem(name, f"the header has no column for {wanted}; found: {found}", number)]
        )
    return columns, headers


def _check_row(
    name: str,
    number: int,
    cells: list[str],
    columns: dict[str, int],
    headers: dict[str, str],
) -> tuple[CpvRow | None, list[CpvProblem]]:
    problems: list[CpvProblem] = []

    def cell(field: str) -> str:
        position = columns[field]
        return cells[position] if position < len(cells) else ""

    code = None
    raw_code = cell("code")
    if not raw_code:
        problems.append(CpvProblem(name, "the code is empty", number, headers["code"]))
    else:
        try:
            code = parse_cpv(raw_code, check_digits={})
        except ValueError as error:
            problems.append(CpvProblem(name, str(error), number, headers["code"]))
    labels = {}
    for field in ("label_fr", "label_en"):
        label = " ".join(cell(field).split())
        if not label:
            problems.append(CpvProblem(name, "the label is empty", number, headers[field]))
        elif len(label) > MAX_LABEL_LENGTH:
            problems.append(
                CpvProblem(
                    name,
                    f"the label has {len(label)} characters; at most {MAX_LABEL_LENGTH} fit",
                    number,
                    headers[field],
                )
            )
        labels[field] = label
    if problems or code is None:
        return None, problems
    digits, _, check_digit = code.partition("-")
    return CpvRow(digits, check_digit, labels["label_fr"], labels["label_en"]), problems


def _header_key(cell: str) -> str:
    return "_".join(cell.strip().lower().replace("-", " ").split())


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _csv_rows(path: Path) -> Generator[tuple[int, list[str]], None, None]:
    """Rows of a UTF-8 CSV file, numbered from 1; the delimiter is , ; or tab."""
    name = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CpvFileError(
            [CpvProblem(name, f"is not UTF-8 text (byte {error.start} cannot be read)")]
        ) from error
    except OSError as error:
        raise CpvFileError([CpvProblem(name, f"cannot be read: {error}")]) from error
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, [_cell_text(cell) for cell in cells]
    except csv.Error as error:
        raise CpvFileError(
            [CpvProblem(name, f"is not valid CSV: {error}", reader.line_num)]
        ) from error


def _xlsx_rows(path: Path) -> Generator[tuple[int, list[str]], None, None]:
    """Rows of the first sheet of an Excel workbook, numbered as Excel numbers them."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    name = path.name
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise CpvFileError(
            [CpvProblem(name, f"is not a readable Excel workbook: {error}")]
        ) from error
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in values]
    finally:
        workbook.close()
