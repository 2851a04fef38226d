"""Alembic environment: runs against the connection procure hands it."""

from __future__ import annotations

from alembic import context

from procure.migrate import include_name
from procure.models import Base

target_metadata = Base.metadata


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
