"""Django admin as the curation tool: records (records.py), the review queue (review.py) and the
importers (imports.py)."""

from . import imports, records, review  # noqa: F401
