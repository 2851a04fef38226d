"""The clause library in the browser: browse, search, read, and edit for legal staff."""

from procure.catalog.routes import bp

__all__ = ["bp"]
