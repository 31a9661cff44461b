"""Whether a framework can be what a cue is about: the words after the cue, and what stands between it and the
framework ("backed it", "the text"; "calls for X, and US officials will not join WAICO" names another clause).
Read by stances.py for each cue and the framework it would be about; sentence is its _Sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .paraphrase import canonical
from .results import MentionHit

# Objects that can stand for a framework named elsewhere ("backed the idea", "signed it").
_GENERIC_OBJECTS = {
    "text",
    "idea",
    "proposal",
    "plan",
    "document",
    "move",
    "effort",
    "call",
    "pledge",
    "deal",
    "participation",
    "creation",
    "establishment",
    "principles",
    "declaration",
    "statement",
    "it",
    "them",
}
_NOUN_PHRASE = re.compile(
    r"\s+(?:(?:from|to|on|with|for|in|into|behind|up to)\s+)?(the|a|an|its|their|this|that|these|any|another|such|no)"
    r"\s+([A-Za-z]+)(?:\s+([A-Za-z]+))?"
)
_NOT_A_REFERENCE = {"any", "another", "such", "no"}
# Objects that name a kind of text: they stand for a framework named elsewhere only if its names hold the kind.
_DOCUMENT_OBJECTS = {"declaration", "statement", "principles", "plan"}

# After a cue: an object of its own ("join them"), or a turn to another clause before the framework.
_PRONOUN_OBJECT = re.compile(r"\s+(?:them|him|her|us|it)\b(?!\s+(?:to|in|on)\b)", re.I)
_CLAUSE_TURN = re.compile(r",\s*(?:but|while|whereas|although|though|yet)\b", re.I)
_POSSESSIVE = re.compile(r"['’]s?\b")
_MODIFIER_GAP = re.compile(r"\s+(?:[A-Z][\w-]*\s+){0,2}")  # an organisation before the framework's name
_UP_TO_6_WORDS = re.compile(r"\s*+(?:\S++\s*+){0,6}+")


def object_fits(
    text: str, b: int, sentence, framework: MentionHit, elsewhere: bool, heads: dict | None = None
) -> bool:
    """Whether the framework can be what the cue (ending at b) is about.

    elsewhere: the framework is not after the cue in this sentence (before it, or in the sentence before):
    an explicit object after the cue must then be a word that can stand for it ("backed it", "the text",
    "the idea"). Otherwise the framework must come soon after the cue ("promoted the creation of a WAICO"),
    with no other actor in between (a new clause: "calls for X, and US officials will not join WAICO").
    """
    phrase = _NOUN_PHRASE.match(text, b, sentence.end)
    words = {w.lower() for w in phrase.groups()[1:] if w} if phrase else set()
    if elsewhere:
        if phrase and phrase.group(1).lower() in _NOT_A_REFERENCE:
            return False  # "would not sign any declaration": none in particular
        nouns = {canonical(w) for w in words & _DOCUMENT_OBJECTS}
        if nouns and heads is not None and not nouns & heads.get(framework.key, set()):
            return False  # "did not sign the final declaration", after the AI Act was named: another text
        return not phrase or bool(words & _GENERIC_OBJECTS)
    if _PRONOUN_OBJECT.match(text, b) or (
        text.find(",", b, framework.start) >= 0 and _CLAUSE_TURN.search(text, b, framework.start)
    ):
        return False  # "China did not join them, but was among the 28 countries that signed the declaration"
    lists, starts = sentence.lists, sentence.list_starts
    if any(
        not (lst[-1].matched_text.endswith(("'s", "’s")) or _POSSESSIVE.match(text, lst[-1].end))
        # "signed together with the EU … the declaration", "co-sponsored UN Resolution A/78/L.49"
        and not sentence.alongside.get(lst[0].start, -1) >= b
        and not _MODIFIER_GAP.fullmatch(text, lst[-1].end, framework.start)
        for lst in lists[bisect_left(starts, b) : bisect_left(starts, framework.start)]
    ):
        return False
    if phrase and phrase.start(2) < framework.start and not (words & _GENERIC_OBJECTS):
        return bool(_UP_TO_6_WORDS.fullmatch(text, b, framework.start))
    return True
