"""WSGI entry point: ``gunicorn wsgi:app``."""

from procure import create_app

app = create_app()
