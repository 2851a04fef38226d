"""Full-text search over clause versions: SQLite FTS5 or PostgreSQL GIN indexes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LANGUAGES = ("fr", "en")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE clause_version_fts USING fts5("
            "title_fr, body_fr, title_en, body_en, "
            "content='clause_version', content_rowid='id', tokenize='unicode61')"
        )
        op.execute(
            "CREATE TRIGGER clause_version_fts_insert AFTER INSERT ON clause_version BEGIN "
            "INSERT INTO clause_version_fts(rowid, title_fr, body_fr, title_en, body_en) "
            "VALUES (new.id, new.search_title_fr, new.search_body_fr, "
            "new.search_title_en, new.search_body_en); END"
        )
        op.execute(
            "CREATE TRIGGER clause_version_fts_delete AFTER DELETE ON clause_version BEGIN "
            "INSERT INTO clause_version_fts(clause_version_fts, rowid, title_fr, body_fr, "
            "title_en, body_en) VALUES ('delete', old.id, old.search_title_fr, "
            "old.search_body_fr, old.search_title_en, old.search_body_en); END"
        )
        op.execute(
            "INSERT INTO clause_version_fts(rowid, title_fr, body_fr, title_en, body_en) "
            "SELECT id, search_title_fr, search_body_fr, search_title_en, search_body_en "
            "FROM clause_version"
        )
        return
    for language in LANGUAGES:
        op.execute(
            f"CREATE INDEX ix_clause_version_search_{language} ON clause_version USING gin (("
            f"setweight(to_tsvector('simple', search_title_{language}), 'A') || "
            f"setweight(to_tsvector('simple', search_body_{language}), 'B')))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER clause_version_fts_delete")
        op.execute("DROP TRIGGER clause_version_fts_insert")
        op.execute("DROP TABLE clause_version_fts")
        return
    for language in LANGUAGES:
        op.execute(f"DROP INDEX ix_clause_version_search_{language}")
