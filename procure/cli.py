"""Command-line interface: ``flask --app procure COMMAND`` or ``procure COMMAND``."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from procure.mail import clear_outbox, read_outbox
from procure.vocabulary import Role

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from procure.models import Organisation

DEMO_ORGANISATION = "Ville de Démoville"
DEMO_ACCOUNTS = (
    ("acheteur@demo.procure.fr", "Camille Acheteuse", Role.BUYER),
    ("juriste@demo.procure.fr", "Dominique Juriste", Role.LEGAL),
    # A second reviewer: four eyes are two legal reviewers, never an administrator.
    ("juriste2@demo.procure.fr", "Sacha Relectrice", Role.LEGAL),
    ("admin@demo.procure.fr", "Alex Administrateur", Role.ADMIN),
)


def register_commands(app: Flask) -> None:
    from procure.backup import backup_command, restore_command
    from procure.cpv.cli import load_cpv
    from procure.documents.cli import build_tender, recommend_command

    for command in (
        init_db,
        make_migration,
        create_user,
        demo,
        load_clauses,
        load_synonyms,
        export_clauses,
        import_clauses,
        load_cpv,
        build_tender,
        recommend_command,
        backup_command,
        restore_command,
        outbox,
    ):
        app.cli.add_command(command)


def main() -> None:
    """Entry point of the ``procure`` console script."""
    from procure import create_app

    FlaskGroup(create_app=create_app)()


@click.command("init-db")
@with_appcontext
@click.option("--revision", default="head", show_default=True, help="Migrate to this revision.")
def init_db(revision: str) -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    from procure.db import get_engine
    from procure.migrate import current_revision, upgrade

    engine = get_engine()
    upgrade(engine, revision)
    where = engine.url.render_as_string(hide_password=True)
    click.echo(f"Database migrated to {revision} (revision {current_revision(engine)}): {where}")


@click.command("make-migration")
@with_appcontext
@click.argument("message")
def make_migration(message: str) -> None:
    """Write a new Alembic migration from the models' changes (developers; review it!)."""
    from procure.db import get_engine
    from procure.migrate import revision

    revision(get_engine(), message)


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option("--organisation", required=True, help="Organisation name; created if new.")
@click.password_option()
def create_user(email: str, name: str, role: str, organisation: str, password: str) -> None:
    """Create a user in an organisation."""
    from procure.auth import services
    from procure.db import session_scope

    with session_scope() as session:
        org = services.get_or_create_organisation(session, organisation)
        try:
            user = services.create_user(
                session,
                organisation=org,
                email=email,
                name=name,
                role=Role(role),
                password=password,
            )
        except services.AccountError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"Created {user.role} {user.email} in {org.name}.")


@click.command("demo")
@with_appcontext
@click.option(
    "--reset-passwords",
    is_flag=True,
    help="Give the existing demo accounts new passwords and print them (when they were lost).",
)
def demo(reset_passwords: bool) -> None:
    """Create a demo organisation with a buyer, a legal reviewer and an administrator."""
    from procure.auth import services
    from procure.db import session_scope

    printed = False
    kept = []
    with session_scope() as session:
        org = services.get_or_create_organisation(session, DEMO_ORGANISATION)
        # The demo shows the whole flow: an adapted wording goes to legal review.
        org.review_adapted_wording = True
        for email, name, role in DEMO_ACCOUNTS:
            password = secrets.token_urlsafe(12)
            user = services.find_user_by_email(session, email)
            if user is None:
                services.create_user(
                    session, organisation=org, email=email, name=name, role=role, password=password
                )
            elif user.organisation_id != org.id:
                # Not ours to touch: someone else's account with a demo address.
                click.echo(f"{email} belongs to another organisation; left alone.", err=True)
                continue
            elif reset_passwords:
                services.reset_password_from_cli(
                    session, user, password, via="demo --reset-passwords"
                )
            else:
                kept.append(email)
                continue
            click.echo(f"{role.value:6}  {email}  password: {password}")
            printed = True
    if kept:
        click.echo(
            f"Demo accounts kept with their passwords: {', '.join(kept)}. "
            "Lost them? flask --app procure demo --reset-passwords"
        )
    if printed:
        click.echo("Write these passwords down: they are shown only once.")


@click.command("load-clauses")
@with_appcontext
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
def load_clauses(folder: Path) -> None:
    """Validate and load the clause library from FOLDER, all or nothing."""
    from procure.db import session_scope
    from procure.errors import ClauseFileError
    from procure.library.loader import load_library

    try:
        with session_scope() as session:
            report = load_library(session, folder)
    except ClauseFileError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"{len(error.problems)} problem(s) found; nothing was loaded."
        ) from error
    click.echo(report.summary())


@click.command("load-synonyms")
@with_appcontext
@click.argument(
    "path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
def load_synonyms(path: Path | None) -> None:
    """Replace the reference search synonyms with PATH's (default: the shipped
    procure/library/synonyms.yaml); organisations' own synonyms stay."""
    from procure.db import session_scope
    from procure.library import synonyms

    try:
        with session_scope() as session:
            count = synonyms.load_synonyms(session, path or synonyms.SYNONYMS_PATH)
    except synonyms.SynonymFileError as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        raise click.ClickException(
            f"{len(error.problems)} problem(s) found; nothing was loaded."
        ) from error
    click.echo(f"Loaded {count} synonym group(s).")


@click.command("export-clauses")
@with_appcontext
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--organisation",
    help="Write this organisation's own clauses to the exchange file PATH instead.",
)
@click.option(
    "--clause-set", help="With --organisation: only the versions of this approved clause set."
)
def export_clauses(path: Path, organisation: str | None, clause_set: str | None) -> None:
    """Write the library in the database to the folder PATH, one YAML file per clause;
    or, with --organisation, one organisation's clauses to the exchange file PATH."""
    from procure.db import session_scope
    from procure.library.exporter import export_library

    if organisation is None:
        if clause_set is not None:
            raise click.UsageError("--clause-set needs --organisation")
        if path.is_file():
            raise click.BadParameter(f"{path} is a file, not a folder", param_hint="PATH")
        with session_scope() as session:
            count = export_library(session, path)
        click.echo(f"Exported {count} clause(s) to {path}.")
        return
    from procure.library.exchange import export_clauses as export_exchange

    with session_scope() as session:
        org = _organisation_named(session, organisation)
        try:
            text = export_exchange(session, org, clause_set=clause_set)
        except LookupError as error:
            raise click.BadParameter(str(error), param_hint="--clause-set") from error
    path.write_text(text, encoding="utf-8")
    click.echo(f"Exported the clauses of {organisation} to {path}.")


@click.command("import-clauses")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organisation", required=True, help="The organisation that receives the drafts.")
@click.option("--dry-run", is_flag=True, help="Only print what importing would do.")
def import_clauses(path: Path, organisation: str, dry_run: bool) -> None:
    """Import an exchange file's clauses as drafts of ORGANISATION for its legal review."""
    from procure.db import session_scope
    from procure.library import exchange

    raw = path.read_bytes()[: exchange.MAX_EXCHANGE_BYTES + 1]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{path}: (file): is not UTF-8 text") from error
    try:
        with session_scope() as session:
            org = _organisation_named(session, organisation)
            plan = exchange.plan_import(session, text, org.id)
            for planned in plan.clauses:
                against = (
                    f" (against the {planned.against_owner} clause, version "
                    f"{planned.against_version})"
                    if planned.against_owner
                    else ""
                )
                click.echo(f"{planned.outcome.value:9}  {planned.slug}{against}")
            if not dry_run:
                drafts = exchange.import_clauses(session, plan, organisation=org, actor=None)
    except exchange.ExchangeFileError as error:
        for problem in error.problems:
            click.echo(f"{path}: {problem}", err=True)
        raise click.ClickException(
            f"{len(error.problems)} problem(s) found; nothing was imported."
        ) from error
    if dry_run:
        click.echo("Dry run: nothing was imported.")
    else:
        click.echo(f"Imported {len(drafts)} draft(s) for the legal review of {organisation}.")


def _organisation_named(session: Session, name: str) -> Organisation:
    from sqlalchemy import select

    from procure.models import Organisation

    found = session.scalar(select(Organisation).where(Organisation.name == name))
    if found is None:
        raise click.BadParameter(f"no organisation is named {name!r}", param_hint="--organisation")
    return found


@click.command("outbox")
@with_appcontext
@click.option("--clear", is_flag=True, help="Delete the messages after printing them.")
def outbox(clear: bool) -> None:
    """Print the mail procure wrote to its outbox (when no MAIL_SMTP_HOST is set)."""
    folder = Path(current_app.config["MAIL_OUTBOX_PATH"])
    messages = read_outbox(folder)
    if not messages:
        click.echo(f"The outbox {folder} is empty.")
    for message in messages:
        click.echo(f"To: {message['To']}\nSubject: {message['Subject']}\n")
        click.echo(message.get_content().rstrip() + "\n\n" + "-" * 72)
    if clear:
        click.echo(f"{clear_outbox(folder)} message(s) deleted.")
