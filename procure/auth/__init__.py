"""Signing in and out, and who may use which view."""

from procure.auth.routes import bp

__all__ = ["bp"]
