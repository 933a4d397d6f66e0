"""The embedded search backend: Wagtail's database backend for the database in use, with Chinese
analysis. Configure as ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}``.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    if connection.vendor == "postgresql":
        from .postgres import ChinesePostgresSearchBackend

        return ChinesePostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.utils import fts5_available

        if not fts5_available():
            raise ImproperlyConfigured("Zhinan search needs SQLite with FTS5 (Python 3.11 has it).")
        from .sqlite import ChineseSQLiteSearchBackend

        return ChineseSQLiteSearchBackend(params)
    raise ImproperlyConfigured(
        f"Zhinan search supports SQLite and PostgreSQL, not {connection.vendor}."
    )
