"""Wagtail search backends with Chinese analysis.

``search.backends.database``: Wagtail's database backend (SQLite FTS5, PostgreSQL full text), fed
pre-segmented tokens. ``search.backends.elasticsearch``: Wagtail's Elasticsearch 8 backend with a
Chinese analyzer chosen from the cluster's plugins.
"""
