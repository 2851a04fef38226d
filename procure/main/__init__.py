"""Home page, language switch and health check."""

from procure.main.routes import bp

__all__ = ["bp"]
