"""``flask --app procure load-cpv [FILE]``: load CPV codes, all or nothing."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext


@click.command("load-cpv")
@with_appcontext
@click.argument(
    "file",
    required=False,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
def load_cpv(file: Path | None) -> None:
    """Load CPV codes from FILE (.csv or .xlsx), or the list shipped with procure.

    FILE may be our CSV (code,label_fr,label_en) or the official CPV 2008
    spreadsheet (a CODE column and one column per language). Known codes are
    updated; nothing is loaded if any row is wrong.
    """
    from procure.cpv.codes import DEFAULT_CPV_FILE
    from procure.cpv.loader import CpvFileError, load_cpv_file
    from procure.db import session_scope

    path = file or DEFAULT_CPV_FILE
    try:
        with session_scope() as session:
            count = load_cpv_file(session, path)
    except CpvFileError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"{len(error.problems)} problem(s) found in {path.name}; nothing was loaded."
        ) from error
    click.echo(f"Loaded {count} CPV code(s) from {path.name}.")
