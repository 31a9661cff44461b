"""One reading of a text: its sentences, the names in it and the references back to them, then stances."""

from __future__ import annotations

from .cues import CueReader
from .folding import FoldedText
from .index import AliasIndex
from .language import language_of
from .mentions import find_names
from .references import with_references
from .regions import skipped_regions
from .results import Analysis, MentionHit
from .sentences import split_sentences
from .spans import Spans
from .stances import suggest_stances
from .typos import corrected


def analyse(text: str, index: AliasIndex, *, published=None, title: str = "") -> Analysis:
    """Mentions of actors, frameworks and summits in the text, and the stances it suggests.

    published: the article's date, against which leaders' terms and summits named by their host are read.
    """
    sentences = split_sentences(text)
    cues = CueReader(text)  # one pass over the text for the cue stems and the document nouns
    mentions = find_mentions(text, index, published=published, sentences=sentences, cues=cues)
    return Analysis(mentions=mentions, stances=suggest_stances(text, mentions, index, sentences, cues))


def find_mentions(
    text: str, index: AliasIndex, *, published=None, sentences=None, cues: CueReader | None = None
) -> list[MentionHit]:
    """Every mention in text order: names (longest first where they overlap), then references back to them."""
    cues = cues if cues is not None else CueReader(text)
    folded = FoldedText(text)
    typos = getattr(index, "typos", None)
    if typos:
        folded = corrected(folded, typos)
    names = find_names(
        folded, index, published=published, skipped=Spans(skipped_regions(text)), language=language_of(text)
    )
    sentences = sentences if sentences is not None else split_sentences(text)
    return with_references(text, names, index, sentences, published, cues.nouns)
