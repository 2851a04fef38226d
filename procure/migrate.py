"""Schema migrations with Alembic, for the CLI, the tests and ``make run``."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS_PATH = Path(__file__).parent / "migrations"
# Full-text search structures made by migration 0002, which no model describes:
# SQLite FTS5 tables and PostgreSQL expression indexes.
SEARCH_STRUCTURES = ("clause_version_fts", "ix_clause_version_search_")


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """Leave the full-text search structures out of schema comparisons."""
    return not (type_ in ("table", "index") and name and name.startswith(SEARCH_STRUCTURES))


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_PATH))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def revision(engine: Engine, message: str) -> None:
    """Write a new migration by comparing the models with the database (developers only)."""
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
