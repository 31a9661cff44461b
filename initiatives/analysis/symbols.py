"""UN draft resolutions named by their symbol's last part: "164 nations supporting resolution L.56", "draft
L.43 was approved", "the Resolution 79/L.77" (with its session, which tells the sessions' drafts apart). The tail ("L.56") is shared across sessions (A/C.1/78/L.56 and A/C.1/80/L.56 are two
resolutions), so it names one framework only where one alias ends with it, or where the article's date
or the sentence's words (descriptions.py's weights) tell the candidates apart.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .folding import fold_phrase
from .results import MentionHit, mention
from .spans import Spans

# A symbol's last part in an alias ("A/C.1/78/L.56", "A/79/L.118"), with its session ("78/L.56") and without.
_ALIAS_TAIL = re.compile(r"(?:^|/)((\d{2})/)?(L\.\d+)$")
# In a text: the tail after a word that says a UN text is meant, with or without its session ("79/L.77").
_TAIL = re.compile(r"(?:\d{2}/)?L\.\d+\b")
_BEFORE_TAIL = re.compile(r"\b(?:resolution|draft|document|text|texts|resolutions)\s+$", re.I)


def symbol_tails(entries) -> dict[str, frozenset[str]]:
    """tail -> the frameworks with an alias ending in it, from the index's entries."""
    tails: dict[str, set[str]] = {}
    for entry in entries:
        if entry.target_type == "framework":
            match = _ALIAS_TAIL.search(entry.text)
            if match:
                tails.setdefault(match.group(3), set()).add(entry.key)
                if match.group(2):
                    tails.setdefault(f"{match.group(2)}/{match.group(3)}", set()).add(entry.key)
    return {tail: frozenset(keys) for tail, keys in tails.items()}


def frameworks_by_symbol_tail(
    text: str, hits: list[MentionHit], index, sentences, published
) -> list[MentionHit]:
    """A framework mention for each tail that names one tracked framework (see above)."""
    tails = getattr(index, "symbol_tails", None)
    if not tails or "L." not in text:
        return []
    names = getattr(index, "names", {})
    descriptions = getattr(index, "descriptions", None)
    taken = Spans((h.start, h.end) for h in hits if h.target_type == "framework")
    sentence_starts = [a for a, _ in sentences]
    found = []
    for match in _TAIL.finditer(text):
        start, end = match.span()
        candidates = tails.get(match.group())
        if not candidates or taken.overlaps(start, end) or (start and text[start - 1].isalnum()):
            continue
        if not _BEFORE_TAIL.search(text, max(0, start - 25), start):
            continue
        key = next(iter(candidates)) if len(candidates) == 1 else None
        if key is None and descriptions is not None:
            key = descriptions.latest_before(sorted(candidates), published)
            if key is None:
                i = bisect_right(sentence_starts, start) - 1
                s_start, s_end = sentences[i] if i >= 0 else (start, end)
                key = descriptions.best_of(sorted(candidates), fold_phrase(text[s_start:s_end]).split())
        if key is not None:
            found.append(mention(text, "framework", key, names.get(("framework", key), key), start, end))
    return found
