"""Django admin as the curation tool: records (records.py), the review queue (review.py) and the
importers (imports.py); new initiatives the news names (candidates.py); the addresses that follow
(followers.py, superusers only)."""

from . import candidates, followers, imports, records, review  # noqa: F401
