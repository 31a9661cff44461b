"""A proposed organisation described, not named: "China's foreign minister proposed setting up a global body
to coordinate AI rules", "X called for establishing an international organisation for AI cooperation".

Where an actor proposes a new global body for AI and the registry records exactly one proposed organisation
of that actor (AliasIndex.proposed_bodies: actor code -> framework slugs), the description is a mention of
it. The proposer is the last actor named before the cue in the sentence; the description must name AI
within a few words of its noun.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .results import MentionHit, mention
from .spans import Spans

_PROPOSAL = re.compile(
    r"\b(?:propos\w*|call\w* for|push\w* for|float\w*|pitch\w*|unveil\w*|suggest\w*|urg\w*)\s+"
    r"(?:(?:the\s+)?(?:creation|establishment|formation|launch)\s+of\s+|"
    r"(?:setting up|establishing|creating|forming|launching|building)\s+)?"
    r"((?:a|an)\s+(?:new\s+)?(?:global|international|world|worldwide|multilateral)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:body|organi[sz]ation|agency|institution|mechanism|platform))$",
    re.I,
)
# The nouns first, by a plain lower-case search; the proposal is read only in the words before each.
_NOUN = re.compile(r"\b(?:body|organi[sz]ation|agency|institution|mechanism|platform)\b")
_LOOK_BACK = 140
_AI = re.compile(r"\b(?:AI|artificial intelligence)\b", re.I)
# How far after the noun the description may name AI ("… a global body to coordinate AI rules").
_AI_WINDOW = 45


def proposed_bodies(text: str, hits: list[MentionHit], index, sentences) -> list[MentionHit]:
    bodies = getattr(index, "proposed_bodies", {})
    if not bodies:
        return []
    names = getattr(index, "names", {})
    taken = Spans((h.start, h.end) for h in hits if h.target_type != "actor")
    actors = sorted((h for h in hits if h.target_type == "actor"), key=lambda h: h.end)
    ends = [h.end for h in actors]
    sentence_starts = [a for a, _ in sentences]
    found = []
    for noun in _NOUN.finditer(text):
        match = _PROPOSAL.search(text, max(0, noun.start() - _LOOK_BACK), noun.end())
        if match is None:
            continue
        start, end = match.span(1)
        if taken.overlaps(start, end):
            continue
        if not _AI.search(text, start, min(len(text), end + _AI_WINDOW)):
            continue
        i = bisect_left(sentence_starts, match.start() + 1) - 1
        sentence_start = sentence_starts[i] if i >= 0 else 0
        j = bisect_left(ends, match.start() + 1) - 1
        if j < 0 or actors[j].start < sentence_start:
            continue
        slugs = bodies.get(actors[j].key, ())
        if len(slugs) != 1:
            continue
        found.append(
            mention(text, "framework", slugs[0], names.get(("framework", slugs[0]), slugs[0]), start, end)
        )
    return found
