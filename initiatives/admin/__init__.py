"""Django admin as the curation tool: records (records.py) and the review queue (review.py)."""

from . import records, review  # noqa: F401
