"""Reading articles: main-text extraction, then actors, frameworks, summits and stance suggestions.

Pure functions over text and an alias index; nothing here writes to the database.
"""

from .extract import ExtractedArticle, ExtractionError, extract_article, read_document

__all__ = ["ExtractedArticle", "ExtractionError", "extract_article", "read_document"]
