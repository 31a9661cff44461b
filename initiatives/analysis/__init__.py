"""Reading articles: main-text extraction, then actors, frameworks, summits and stance suggestions.

Pure functions over text and an alias index: nothing here reads or writes the database (the index is
loaded and kept fresh on the ingest side, initiatives/ingest/alias_index.py).

- extract.py: trafilatura on web pages (menus, link lists and footers are dropped there).
- folding.py: case, accents, British spellings, possessives, "AI" = "artificial intelligence".
- index.py: AliasEntry and AliasIndex: every alias in one Aho-Corasick automaton, plus paraphrase.py's
  word-order signatures for long framework and summit names.
- paraphrase.py: names matched in any word order and under synonyms; an alias written with "…"
  ("APEC … Shenzhen") matches its words near each other in one sentence.
- regions.py: datelines and link-list lines, skipped before anything is read.
- sentences.py: where sentences start and end.
- guards.py: whether an alias found names its target there (demonyms, capitals, leaders' terms, case).
- mentions.py: the names chosen where occurrences overlap, organisations named inside names, short forms.
- references.py: references back ("the declaration"), summits named by their outcome or their host.
- cues.py: the cue lexicon, with negation and hedges.
- stances.py: suggest_stances: who takes which position on which framework, one sentence at a time.
- results.py: MentionHit, StanceSuggestion and Analysis; reading.py: analyse(), the whole reading.
- evaluation.py: scores on labelled texts (`manage.py evaluate_analysis DIR` lists misses per file).
"""

from .extract import ExtractedArticle, ExtractionError, extract_article, read_document
from .index import AliasEntry, AliasIndex
from .reading import analyse, find_mentions
from .results import Analysis, MentionHit, StanceSuggestion

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
