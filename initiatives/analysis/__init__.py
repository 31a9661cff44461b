"""Reading articles: main-text extraction, then actors, frameworks, summits and stance suggestions.

Pure functions over text and an alias index; nothing here writes to the database.

- extract.py: trafilatura on web pages (menus, link lists and footers are dropped there).
- folding.py: case, accents, British spellings, possessives, "AI" = "artificial intelligence".
- core.py: AliasIndex (every alias in one Aho-Corasick automaton, plus paraphrase.py's word-order
  signatures for long framework and summit names), find_mentions (demonyms, capitals and leaders
  guarded, datelines and link-list lines skipped, organisations named inside names, references back
  such as "the declaration", summits named by their outcome or their host) and suggest_stances.
- paraphrase.py: names matched in any word order and under synonyms; an alias written with "…"
  ("APEC … Shenzhen") matches its words near each other in one sentence.
- freshness.py: the index's version in the shared cache, bumped by saves of aliases and their targets,
  so that every process rebuilds its index after a change.
- evaluation.py: scores on labelled texts; `python -m initiatives.analysis.evaluation DIR` lists the
  misses and false hits per file.
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
