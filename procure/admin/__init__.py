"""Administration of one's own organisation: users, settings, Word templates."""

from procure.admin.routes import bp

__all__ = ["bp"]
