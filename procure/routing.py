"""URL converters: what a path parameter may be before any view sees it."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

from procure.models.base import MAX_ID


class IdConverter(IntegerConverter):
    """``<int:...>`` bounded to what a database column holds: ``/tenders/2**64`` is not
    found, instead of an error when the database is asked for it."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Replace the ``int`` converter; call before any blueprint adds its rules."""
    app.url_map.converters["int"] = IdConverter
