"""Django admin as the curation tool: records (records.py), the review queue (review.py) and the
importers (imports.py); new initiatives the news names (candidates.py)."""

from . import candidates, imports, records, review  # noqa: F401
