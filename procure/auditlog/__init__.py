"""The audit log for administrators: every recorded change, filtered, paged and exported."""

from procure.auditlog.routes import bp

__all__ = ["bp"]
