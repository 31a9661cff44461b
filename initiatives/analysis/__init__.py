"""Reading articles: main-text extraction, then actors, frameworks, summits and stance suggestions.

Pure functions over text and an alias index; nothing here writes to the database.
"""

from .core import AliasEntry, AliasIndex, Analysis, MentionHit, StanceSuggestion, analyse, find_mentions
from .extract import ExtractedArticle, ExtractionError, extract_article, read_document

__all__ = [
    "AliasEntry",
    "AliasIndex",
    "Analysis",
    "ExtractedArticle",
    "ExtractionError",
    "MentionHit",
    "StanceSuggestion",
    "analyse",
    "extract_article",
    "find_mentions",
    "read_document",
]
