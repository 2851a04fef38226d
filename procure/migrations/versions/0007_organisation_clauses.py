"""Clauses and clause sets owned by an organisation, beside the reference library.

A clause's slug is unique within the reference library (organisation_id NULL) and
within each organisation, so that an organisation's variant of a reference clause
keeps its slug. A version records the reference version it was adapted from
(clause_version.derived_from_id). Clauses and sets created on the web before this
revision belonged to nobody: they now belong to the organisation of their first
author.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 11:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

REFERENCE = sa.text("organisation_id IS NULL")
OWNED = sa.text("organisation_id IS NOT NULL")


def upgrade() -> None:
    # Not in batch mode: recreating clause_version on SQLite would drop its search
    # triggers (0002); SQLite adds a column with a REFERENCES clause in place.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE clause_version "
            "ADD COLUMN derived_from_id INTEGER REFERENCES clause_version (id)"
        )
    else:
        op.add_column("clause_version", sa.Column("derived_from_id", sa.Integer()))
        op.create_foreign_key(
            "fk_clause_version_derived_from_id_clause_version",
            "clause_version",
            "clause_version",
            ["derived_from_id"],
            ["id"],
        )
    for table in ("clause", "clause_set"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(f"uq_{table}_slug", type_="unique")
        _adopt_web_creations(table)
        op.create_index(
            f"uq_{table}_reference_slug",
            table,
            ["slug"],
            unique=True,
            sqlite_where=REFERENCE,
            postgresql_where=REFERENCE,
        )
        op.create_index(
            f"uq_{table}_organisation_slug",
            table,
            ["organisation_id", "slug"],
            unique=True,
            sqlite_where=OWNED,
            postgresql_where=OWNED,
        )


def _adopt_web_creations(table: str) -> None:
    version = f"{table}_version"
    owner = "clause_id" if table == "clause" else "clause_set_id"
    op.execute(
        sa.text(
            f"UPDATE {table} SET organisation_id = ("
            f"  SELECT user_account.organisation_id FROM {version}"
            f"  JOIN user_account ON user_account.id = {version}.author_id"
            f"  WHERE {version}.{owner} = {table}.id ORDER BY {version}.number LIMIT 1"
            f") WHERE organisation_id IS NULL AND EXISTS ("
            f"  SELECT 1 FROM {version} WHERE {version}.{owner} = {table}.id"
            f"  AND {version}.number = 1 AND {version}.author_id IS NOT NULL)"
        )
    )


def downgrade() -> None:
    for table in ("clause_set", "clause"):
        op.drop_index(f"uq_{table}_organisation_slug", table_name=table)
        op.drop_index(f"uq_{table}_reference_slug", table_name=table)
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_unique_constraint(f"uq_{table}_slug", ["slug"])
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(
            "fk_clause_version_derived_from_id_clause_version", "clause_version", type_="foreignkey"
        )
        op.drop_column("clause_version", "derived_from_id")
        return
    # SQLite drops a referencing column only by recreating the table, which drops the
    # search triggers of 0002: put them back as 0002 wrote them.
    with op.batch_alter_table("clause_version") as batch_op:
        batch_op.drop_column("derived_from_id")
    for trigger in SEARCH_TRIGGERS:
        op.execute(trigger)


SEARCH_TRIGGERS = (
    "CREATE TRIGGER clause_version_fts_insert AFTER INSERT ON clause_version BEGIN "
    "INSERT INTO clause_version_fts(rowid, title_fr, body_fr, title_en, body_en) "
    "VALUES (new.id, new.search_title_fr, new.search_body_fr, "
    "new.search_title_en, new.search_body_en); END",
    "CREATE TRIGGER clause_version_fts_delete AFTER DELETE ON clause_version BEGIN "
    "INSERT INTO clause_version_fts(clause_version_fts, rowid, title_fr, body_fr, "
    "title_en, body_en) VALUES ('delete', old.id, old.search_title_fr, "
    "old.search_body_fr, old.search_title_en, old.search_body_en); END",
)
