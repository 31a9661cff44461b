"""Sentences: where a text's sentences start and end, so that a stance is read within one."""

from __future__ import annotations

import re

# The punctuation is matched, not looked behind for: a pattern that starts with a character class is found
# by the engine's quick scan, where a look-behind is tried at every position of the text.
# ("the document.The Seoul summit": a page that lost the space after a full stop still ends its sentence there.)
_SENTENCE_END = re.compile(r"[.!?](?:[\"”’)]?[ \t]+(?=[\"“(]?[A-Z0-9])|(?=[A-Z][a-z]))|\n+")
# Dots that do not end a sentence: "U.S.", "Mr.", "Nov.", the Spanish "EE. UU."
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]\.(?:[A-Z]\.)*|\b(?:EE|Mr|Mrs|Ms|Dr|St|No|Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec|Gov|Sen|Rep|Gen|Prof|Inc|Corp|Jr|vs)\.)$"
)

# How far back an abbreviation is looked for: "Sept." and the character before it. Any longer one ("U.S.A.")
# ends in one that fits ("A."); reading back from the sentence's start instead was quadratic in a text that
# never ends a sentence ("Mr. Smith and U.S. officials " repeated: 230 KB took 45 s).
_ABBREVIATION_REACH = 8


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence, cut at sentence punctuation or line breaks."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() if text[match.start()] == "\n" else match.start() + 1
        before = text[end - 3 : end - 1]
        if end == match.end() and not (text[end - 1] == "." and before.isalpha() and before.islower()):
            continue  # no space after it: only a full stop after a lower-case word ends a sentence there
        if (
            text[end : match.end()].strip(" \t") == ""
            and "\n" not in match.group()
            and _ABBREVIATION.search(text, max(start, end - _ABBREVIATION_REACH), end)
        ):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return tuple(spans)
