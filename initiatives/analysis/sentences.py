"""Sentences: where a text's sentences start and end, so that a stance is read within one."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?[ \t]+(?=[\"“(]?[A-Z0-9])|\n+")
# Dots that do not end a sentence: "U.S.", "Mr.", "Nov."
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]\.(?:[A-Z]\.)*|\b(?:Mr|Mrs|Ms|Dr|St|No|Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec|Gov|Sen|Rep|Gen|Prof|Inc|Corp|Jr|vs)\.)$"
)

# How far back an abbreviation is looked for: "Sept." and the character before it. Any longer one ("U.S.A.")
# ends in one that fits ("A."); reading back from the sentence's start instead was quadratic in a text that
# never ends a sentence ("Mr. Smith and U.S. officials " repeated: 230 KB took 45 s).
_ABBREVIATION_REACH = 8


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence, cut at sentence punctuation or line breaks."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if (
            match.group().strip(" \t") == ""
            and "\n" not in match.group()
            and _ABBREVIATION.search(text, max(start, match.start() - _ABBREVIATION_REACH), match.start())
        ):
            continue
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return tuple(spans)
