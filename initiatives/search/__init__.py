"""Site-wide search: one index of every searchable record, answered by PostgreSQL's full-text
search or SQLite's FTS5 with the same query syntax (search/query.py), kept current by signals
(search/signals.py) and rebuilt by `manage.py rebuild_search_index` (search/documents.py)."""
