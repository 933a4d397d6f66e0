"""Wagtail search backends with Chinese analysis.

``search.backends.database``: Wagtail's database backend (SQLite FTS5, PostgreSQL full text), fed
pre-segmented tokens. ``search.backends.elasticsearch`` (Elasticsearch 8) and
``search.backends.opensearch`` (OpenSearch 2): Wagtail's cluster backends with the same tokens and
a Chinese analyzer from the cluster where it has one (``cluster.py``).
"""
