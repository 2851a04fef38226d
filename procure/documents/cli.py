"""Tender files on the command line, without the web app: ``build-tender`` builds the
documents, ``recommend`` shows the judgement the guided form would make.

Both are registered on the Flask CLI (``procure/cli.py``); they need no application
context and no database.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from procure.compliance import Outcome, Severity
from procure.documents.tender_file import (
    library_entries,
    library_index,
    load_tender_yaml,
    parse_tender,
    takes_default_selection,
)
from procure.errors import ProcureError
from procure.exports.ocds import DEFAULT_OCID_PREFIX
from procure.labels import label_in
from procure.snapshot import enumerate_numbers
from procure.tenders.advice import GROUPS, Advice, advise
from procure.vocabulary import ClauseGrouping

FORMATS = ("docx", "zip", "combined", "pdf")

NOT_COMPLIANT = 3  # build-tender's exit status when a blocking rule fails

# What build-tender says when it refuses to build.
MESSAGES = {
    "not_compliant": (
        "Dossier non conforme : une règle bloquante n'est pas respectée ; rien n'a été écrit.",
        "The tender is not compliant: a blocking rule fails; nothing was written.",
    ),
    "use_draft": (
        "Corrigez le fichier, ou construisez un projet marqué « Projet — non conforme » "
        "avec --draft.",
        "Fix the file, or build a draft marked 'Draft — not compliant' with --draft.",
    ),
}

# The headings and marks of ``recommend``'s text output.
HEADINGS = {
    "obligations": ("Obligations légales", "Legal obligations"),
    "no_obligation": (
        "Aucune obligation ne demande de clause.",
        "No obligation asks for a clause.",
    ),
    "blocking": ("bloquante", "blocking"),
    "not_blocking": ("non bloquante", "not blocking"),
    "met_by": ("satisfaite par :", "met by:"),
    "unmet": ("non satisfaite", "not met"),
    "lots": ("lots concernés : {lots}", "lots: {lots}"),
    "unmet_lots": ("non satisfaite pour les lots : {lots}", "not met on lots: {lots}"),
    "candidates": ("candidates, la meilleure d'abord :", "candidates, the best first:"),
    "no_candidate": ("aucune clause de la bibliothèque", "no clause in the library"),
    "recommendations": ("Recommandations", "Recommendations"),
    "none": ("aucune", "none"),
    "default_selection": ("Sélection par défaut", "Default selection"),
    "compliance_given": (
        "Conformité du dossier tel que donné",
        "Compliance of the tender as given",
    ),
    "compliance_auto": (
        "Conformité de la sélection par défaut (clauses: auto)",
        "Compliance of the default selection (clauses: auto)",
    ),
    "not_applicable": ("{count} règle(s) sans objet.", "{count} rule(s) not applicable."),
}


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
@click.option(
    "--draft",
    is_flag=True,
    help="Build even when a blocking compliance rule fails; every page then says "
    "'Projet — non conforme' / 'Draft — not compliant'.",
)
@click.option(
    "--clean",
    is_flag=True,
    help="Write a clause whose wording was adapted as plain text; by default the Word "
    "files show the change against the library text as tracked changes.",
)
@click.option(
    "--exports",
    is_flag=True,
    help="Also write the tender's eForms strategic-procurement fields (.xml, .json) and its "
    "OCDS release (.json).",
)
@click.option(
    "--ocid-prefix",
    default=DEFAULT_OCID_PREFIX,
    show_default=True,
    help="The OCDS ocid prefix registered for the publisher; the tender's reference follows it.",
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
    draft: bool,
    clean: bool,
    exports: bool,
    ocid_prefix: str,
) -> None:
    """Build the tender documents (RC, CCAP, CCTP, justification note) from TENDER.yaml.

    Exits with status 3, writing nothing, when a blocking compliance rule fails (the
    failures are listed on stderr), unless --draft is given; 1 for any other problem.
    """
    from procure.documents.service import NotCompliantError, write_tender_files

    try:
        written = write_tender_files(
            tender,
            out,
            language=language,
            output_format=output_format,
            library=library,
            template=template,
            refresh=refresh,
            draft=draft,
            revisions=not clean,
            exports=exports,
            ocid_prefix=ocid_prefix,
        )
    except NotCompliantError as error:
        click.echo(message("not_compliant", language), err=True)
        colon = " :" if language == "fr" else ":"
        for result in error.failures:
            lots = f" [{result.lots_label(language)}]" if result.lots else ""
            click.echo(
                f"  - {result.title[language]} ({result.rule_id}){lots}{colon} "
                f"{result.why[language]}",
                err=True,
            )
            if result.action.get(language):
                click.echo(f"    {result.action[language]}", err=True)
        click.echo(message("use_draft", language), err=True)
        raise SystemExit(NOT_COMPLIANT) from error
    except (ProcureError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    for path in written:
        click.echo(f"Wrote {path}")


@click.command("recommend")
@click.argument(
    "tender", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="TENDER.yaml"
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.option("--language", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option(
    "--library",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("clauses"),
    show_default=True,
    help="Clause library folder to recommend from.",
)
def recommend_command(*, tender: Path, as_json: bool, language: str, library: Path) -> None:
    """Show the obligations, recommendations, default selection and compliance of TENDER.yaml.

    The same judgement as the guided form: each legal obligation with the clauses that
    can meet it (the best first) and the chosen clauses that do; every fitting clause
    by group with its reason; the clauses ticked by default; the compliance results of
    the tender as given (of the default selection when it says ``clauses: auto``).
    """
    try:
        index = library_index(library)
        data = load_tender_yaml(tender)
        snapshot = parse_tender(data, index, source=str(tender))
        advice = advise(
            snapshot, library_entries(index.values()), auto=takes_default_selection(data)
        )
    except (ProcureError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(advice.as_json(language), ensure_ascii=False, indent=2))
    else:
        for line in advice_lines(advice, language):
            click.echo(line)


def message(key: str, language: str) -> str:
    return MESSAGES[key][0 if language == "fr" else 1]


def advice_lines(advice: Advice, language: str) -> list[str]:
    """``recommend``'s text output, in ``language``."""

    def say(key: str, **values: object) -> str:
        return HEADINGS[key][0 if language == "fr" else 1].format(**values)

    titles = {r.entry.slug: r.entry.title(language) for r in advice.recommendations}
    chosen = set(advice.chosen)

    def named(slug: str) -> str:
        return f"{slug} — {titles[slug]}" if slug in titles else slug

    lines = [say("obligations")]
    if not advice.obligations:
        lines.append(f"  {say('no_obligation')}")
    for obligation in advice.obligations:
        severity = say("blocking" if obligation.blocking else "not_blocking")
        lines.append(
            f"  • {obligation.title[language]} ({obligation.citation(language)}) [{severity}]"
        )
        if obligation.lots:
            lines.append(f"    {say('lots', lots=enumerate_numbers(obligation.lots, language))}")
        met = ", ".join(obligation.satisfied_by)
        lines.append(f"    {say('met_by')} {met}" if met else f"    {say('unmet')}")
        if met and obligation.unmet_lots:
            unmet = enumerate_numbers(obligation.unmet_lots, language)
            lines.append(f"    {say('unmet_lots', lots=unmet)}")
        lines.append(f"    {say('candidates')}")
        if not obligation.candidates:
            lines.append(f"      {say('no_candidate')}")
        for rank, entry in enumerate(obligation.candidates, start=1):
            mark = " ✓" if entry.slug in chosen else ""
            lines.append(f"      {rank}. {entry.slug} — {entry.title(language)}{mark}")
    lines += ["", say("recommendations")]
    for grouping in GROUPS:
        group = advice.group(grouping)
        lines.append(f"  {label_in(ClauseGrouping, grouping, language)} ({len(group)})")
        if not group:
            lines.append(f"    {say('none')}")
        for recommendation in group:
            lines.append(f"    - {named(recommendation.entry.slug)}")
            lines.append(f"      {recommendation.reason(language)}")
    lines += ["", say("default_selection")]
    lines += [f"  - {named(slug)}" for slug in advice.default_selection] or [f"  {say('none')}"]
    lines += ["", say("compliance_auto" if advice.auto else "compliance_given")]
    applicable = [r for r in advice.compliance if r.outcome is not Outcome.NOT_APPLICABLE]
    order = {Outcome.FAILED: 0, Outcome.JUSTIFIED: 1, Outcome.PASSED: 2}
    for result in sorted(applicable, key=lambda r: order[r.outcome]):
        lines.append(
            f"  [{label_in(Outcome, result.outcome, language)}] "
            f"[{label_in(Severity, result.severity, language)}] "
            f"{result.title[language]} — {result.why[language]}"
        )
    lines.append(f"  {say('not_applicable', count=len(advice.compliance) - len(applicable))}")
    return lines
