"""Small JSON endpoints that make the pages nicer with JavaScript; every page works without."""

from procure.api.routes import bp

__all__ = ["bp"]
