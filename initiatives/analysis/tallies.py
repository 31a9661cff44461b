"""Resolutions named by their vote: "passing the resolution by a vote of 117-2, with two abstentions", "152
countries voted in favor of the resolution, four countries … voted against it", "In Favour: 156 …
Abstained: 8 … Against: 5".

The counts a sentence gives (in favour, against, abstaining; digits or words) are held against the official
totals of the recorded votes the tracker holds (AliasIndex.tallies: framework, for, against, abstain). Every
count given must equal the vote's; the count in favour and one more are needed, or the count in favour and
a word for a UN text ("resolution", "draft", "decision") in the sentence. One framework only must fit: a
First Committee vote and the plenary vote on the same text name the same framework. A list of counts that
runs over the next lines ("- Abstained (Yellow): 8") is read with its sentence.
"""

from __future__ import annotations

import re

from .results import MentionHit, mention
from .spans import Spans

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
_N = r"(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"
_WHO = r"(?:\s+(?:other\s+)?(?:votes?|countries|states|nations|member\s+states|members|delegations))?"
# Between a count and its side: no other side's words ("115 States voted in favor …, eight voted against").
_GAP = r"(?:(?!\bin\s+favou?r\b|\bfor\b|\bagainst\b|\babstain)[^.;:\d])"
# Counts, each with the side it is on. Before the side ("152 countries voted in favor", "four countries -
# Belarus, India, Mali, and Russia - voted against it") or after it ("Against (Red): 5", "in favour: 156"):
# those after their side are read first, as a count before a side may be the count of the side before it
# ("In Favour: 166\n- Abstained: 15").
_COUNTS = [  # (side, written after its side, pattern)
    ("for", False, re.compile(rf"\b{_N}{_WHO}(?:\s+(?:had\s+)?(?:voted|votes?|were))?\s+(?:in\s+favou?r|for\b|yes\b)", re.I)),
    ("for", False, re.compile(rf"\b(?:accepted|adopted|approved|supported|backed|endorsed)\s+by\s+{_N}{_WHO}\b", re.I)),
    ("for", True, re.compile(rf"\bin\s+favou?r\b\s*(?:\([^)]{{0,15}}\))?\s*:\s*{_N}\b", re.I)),
    ("against", False, re.compile(rf"\b{_N}{_WHO}{_GAP}{{0,60}}?\bvot\w*\s+against\b", re.I)),
    ("against", False, re.compile(rf"\b{_N}{_WHO}\s+(?:against|opposed|no\b|nays?\b)", re.I)),
    ("against", True, re.compile(rf"\bagainst\b\s*(?:\([^)]{{0,15}}\))?\s*:\s*{_N}\b", re.I)),
    ("abstain", False, re.compile(rf"\b{_N}{_WHO}{_GAP}{{0,40}}?\babst(?:ain|ention)\w*", re.I)),
    ("abstain", True, re.compile(rf"\babstain\w*\s*(?:\([^)]{{0,15}}\))?\s*:\s*{_N}\b", re.I)),
]  # fmt: skip
# "by a vote of 117-2", "a 164-5-8 vote", "adopted 165 to 2": for, against and perhaps abstaining.
_DASHED = re.compile(
    r"\b(\d{2,3})\s*(?:-|–|(?:votes?\s+)?to)\s*(\d{1,2})(?:\s*(?:-|–)\s*(\d{1,2}))?\b(?=[^.;]{0,12}\bvote|\s*,?\s*with\b)|"
    r"\bvote\s+of\s+(\d{2,3})\s*(?:-|–|to)\s*(\d{1,2})(?:\s*(?:-|–)\s*(\d{1,2}))?\b",
    re.I,
)
_DIGIT = re.compile(r"\d")
_UN_TEXT = re.compile(r"\b(?:resolutions?|draft|decision|text)\b", re.I)
# A line of a list of counts ("- Against (Red): 5"): read with the sentence before.
_COUNT_LINE = re.compile(r"[\s•*-]*(?:in\s+favou?r|against|abstain\w*|who\s+were)\b", re.I)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def counts_in(text: str, start: int, end: int) -> tuple[dict[str, int], int | None]:
    """The counts given in text[start:end] by side, and where the first number stands (None: none): the
    mention is put on the number, not on the words of its side, which are a cue ("In Favour: 156")."""
    counts: dict[str, int] = {}
    first = None
    for match in _DASHED.finditer(text, start, end):
        groups = match.groups()
        numbers = groups[:3] if groups[0] else groups[3:]
        for side, number in zip(("for", "against", "abstain"), numbers, strict=True):
            if number:
                counts.setdefault(side, int(number))
        at = match.start(1) if groups[0] else match.start(4)
        first = at if first is None else min(first, at)
    used: set[int] = set()  # where the numbers read so far stand: each is one side's count only
    for side, _, pattern in sorted(_COUNTS, key=lambda item: not item[1]):
        for match in pattern.finditer(text, start, end):
            if match.start(1) in used or side in counts:
                continue
            counts[side] = _number(match.group(1))
            used.add(match.start(1))
            first = match.start(1) if first is None else min(first, match.start(1))
    return counts, first


def frameworks_by_tally(text: str, hits: list[MentionHit], index, sentences) -> list[MentionHit]:
    """A framework mention at the counts of each sentence whose counts are one recorded vote's (see above)."""
    tallies = getattr(index, "tallies", None)
    if not tallies or not any(c.isdigit() for c in text):
        return []
    names = getattr(index, "names", {})
    taken = Spans((h.start, h.end) for h in hits if h.target_type == "framework")
    found = []
    k = 0
    while k < len(sentences):
        start, end = sentences[k]
        k += 1
        while k < len(sentences) and _COUNT_LINE.match(text, sentences[k][0]):
            end = sentences[k][1]  # "- Abstained (Yellow): 8" on the lines after
            k += 1
        if not _DIGIT.search(text, start, end) or not _names_a_vote(text[start:end].lower()):
            continue
        counts, first = counts_in(text, start, end)
        if "for" not in counts or (len(counts) < 2 and not _UN_TEXT.search(text, start, end)):
            continue
        fitting = {
            key
            for key, *official in tallies
            if all(official[("for", "against", "abstain").index(side)] == n for side, n in counts.items())
        }
        if len(fitting) != 1:
            continue
        key = fitting.pop()
        at = first if first is not None else start
        stop = _word_end(text, at)
        if not taken.overlaps(at, stop):
            found.append(mention(text, "framework", key, names.get(("framework", key), key), at, stop))
    return found


# One of these stands in every sentence a count can be read from (a quick test before the patterns).
_VOTE_WORDS = ("vot", "favo", "against", "abst", "accepted by", "adopted by", "approved by", "supported by")
_VOTE_WORDS += ("backed by", "endorsed by", "opposed", " no", "nay")


def _names_a_vote(lowered: str) -> bool:
    return any(word in lowered for word in _VOTE_WORDS)


def _word_end(text: str, start: int) -> int:
    i = start
    while i < len(text) and not text[i].isspace():
        i += 1
    return i
