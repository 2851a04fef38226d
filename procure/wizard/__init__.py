"""The guided form: a buyer builds a tender step by step."""

from procure.wizard.routes import bp

__all__ = ["bp"]
