"""``build-tender``: the tender documents from a YAML tender file, without the web app.

The lead registers it on the Flask CLI (``app.cli.add_command(build_tender)``);
it needs no application context and no database.
"""

from __future__ import annotations

from pathlib import Path

import click

from procure.errors import ProcureError

FORMATS = ("docx", "zip", "combined", "pdf")


@click.command("build-tender")
@click.argument(
    "tender", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="TENDER.yaml"
)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the files into (created if needed).",
)
@click.option("--language", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="docx",
    show_default=True,
    help="docx: one file per part; zip: the RC, CCAP and CCTP in one archive; combined: "
    "the RC, CCAP and CCTP in one file; pdf: the combined file as PDF (needs LibreOffice). "
    "The justification note is always a file of its own.",
)
@click.option(
    "--library",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("clauses"),
    show_default=True,
    help="Clause library folder the tender's clause ids refer to.",
)
@click.option(
    "--template",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Word template (.docx or .dotx); default: templates/default.docx.",
)
@click.option(
    "--refresh-fields/--no-refresh-fields",
    "refresh",
    default=True,
    show_default=True,
    help="Let LibreOffice, when installed, fill in the table of contents' page numbers "
    "and the page count; otherwise Word updates them when the file opens.",
)
def build_tender(
    *,
    tender: Path,
    out: Path,
    language: str,
    output_format: str,
    library: Path,
    template: Path | None,
    refresh: bool,
) -> None:
    """Build the tender documents (RC, CCAP, CCTP, justification note) from TENDER.yaml."""
    from procure.documents.service import write_tender_files

    try:
        written = write_tender_files(
            tender,
            out,
            language=language,
            output_format=output_format,
            library=library,
            template=template,
            refresh=refresh,
        )
    except (ProcureError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    for path in written:
        click.echo(f"Wrote {path}")
