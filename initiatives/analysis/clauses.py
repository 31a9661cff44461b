"""Where the actors before a cue are not its subject, and where a cue states no act: the clauses and phrases
around them. "Japan, which chaired the G7 last year, initiated …" (Japan, not the G7); "The statement, the
first by BRICS dedicated to AI, warned …" (the statement); "the statement issued at the summit" (a
participle describing the framework); "called for AI governance to be led by the UN" (wished for, not done).
Read by stances.py for each cue; sentence is its _Sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .results import MentionHit


def another_subject_between(text: str, start: int, a: int) -> bool:
    """Whether a clause of its own stands between the actors (ending at start) and the cue at a: a relative
    clause on something named after them, or a counted subject after a clause break."""
    if a - start < 8:
        return False  # "China signed": most cues follow their subject closely
    return bool(
        (_has_relative(text, start, a) and _OTHERS_RELATIVE.search(text, start, a))
        or (_has_break(text, start, a) and _COUNTED_SUBJECT.search(text, start, a))
    )


def _has_break(text: str, start: int, end: int) -> bool:
    """A quick test before _COUNTED_SUBJECT: a comma, "while", "whereas" or "but" in text[start:end]."""
    return any(text.find(word, start, end) >= 0 for word in (",", "while", "whereas", "but"))


def _has_relative(text: str, start: int, end: int) -> bool:
    """A quick test before the relative-clause patterns: "which" or "who" stands in text[start:end]."""
    return text.find("which", start, end) >= 0 or text.find("who", start, end) >= 0


def wished_for(text: str, sentence_start: int, a: int) -> bool:
    """Whether the cue at a is a passive wish ("to be led by the UN")."""
    start = max(sentence_start, a - 12)
    return text.find("be", start, a) >= 0 and _TO_BE.search(text, start, a) is not None


def with_the_one_joined(text: str, sentence, actors: list[MentionHit]) -> list[MentionHit]:
    """ "Kenya, alongside Côte d'Ivoire, Djibouti and Zambia, also co-sponsored": Kenya with the list."""
    phrase_start = sentence.alongside.get(actors[0].start)
    if phrase_start is None:
        return actors
    i = bisect_left(sentence.list_starts, actors[0].start) - 1
    if i >= 0 and _JOINED_GAP.fullmatch(text, sentence.lists[i][-1].end, phrase_start + 1):
        return sentence.lists[i] + actors
    return actors


def inside_relative_clause(text: str, sentence, a: int, b: int, after: int) -> bool:
    """Whether the cue at text[a:b] stands in a ", which … ," clause that closes before position after."""
    return (
        text.find(",", b, after) >= 0
        and _has_relative(text, sentence.start, a)
        and _RELATIVE_OPENS.search(text, sentence.start, a) is not None
    )


def before_relative_clause(text: str, sentence, actors: list[MentionHit], a: int):
    """The actors before ", which … ," where the actors before the cue stand inside that clause, else None."""
    if not _has_relative(text, sentence.start, actors[0].start):
        return None
    opening = _RELATIVE_OPENS.search(text, sentence.start, actors[0].start)
    if opening is None or not _RELATIVE_CLOSES.match(text, actors[-1].end, a):
        return None
    outer = last_ending_by(sentence.lists, sentence.list_starts, opening.start() + 1, lambda lst: lst[-1].end)
    if outer is None or outer[-1].end != opening.start():
        return None
    return outer


def in_apposition(text: str, sentence, actors: list[MentionHit], a: int) -> bool:
    """Whether the actors stand in a phrase set off by commas after a framework, which is then the cue's
    subject: "The statement, the first by BRICS dedicated to AI, warned against …"."""
    framework = last_ending_by(
        sentence.frameworks, sentence.framework_starts, actors[0].start, lambda f: f.end
    )
    if framework is None or framework.start < sentence.start or not text.startswith(",", framework.end):
        return False
    opening, closing = text[framework.end : actors[0].start], text[actors[-1].end : a]
    return bool(_APPOSITION_OPENS.fullmatch(opening) and _APPOSITION_CLOSES.match(closing))


def describes(text: str, sentence, a: int, b: int) -> bool:
    """Whether the cue at text[a:b] is a participle describing the framework right before it ("the statement
    issued at the summit", "a declaration calling for oversight"): nobody is said to take a position."""
    participle = _PARTICIPLE.match(text, a, b)
    if participle is None:
        return False
    before = last_ending_by(sentence.frameworks, sentence.framework_starts, a, lambda f: f.end)
    gap = _PARTICIPLE_GAP_ED if participle.group().endswith("ed") else _PARTICIPLE_GAP_ING
    if before is not None and before.start >= sentence.start and gap.fullmatch(text, before.end, a):
        return True
    head = text[max(sentence.start, a - 30) : a].rstrip().rstrip(",").rstrip().lower()
    if not head.endswith(_DESCRIBED_ENDINGS):  # a quick test before the pattern
        return False
    return bool(_DESCRIBED.search(text, max(sentence.start, a - 30), a)) and not (
        gap is _PARTICIPLE_GAP_ING and "," in text[max(sentence.start, a - 3) : a]
    )


def last_ending_by(items: list, starts: list[int], position: int, end_of):
    """The last item (in order of start) that ends at or before position, or None."""
    for i in range(bisect_left(starts, position) - 1, -1, -1):
        if end_of(items[i]) <= position:
            return items[i]
    return None


# A relative clause on something named after the actors: "did not sign the declaration of the summit, which
# called for …" (the declaration calls, not the actors).
_OTHERS_RELATIVE = re.compile(r"\S\s+\S[^,;:]*,\s*which\s+(?:[a-z]+\s+){0,2}$")
# A subject of its own between the actors and the cue, after a clause break: "North Korea and Russia opposed
# it, while six other states abstained" (not "China and 30 other countries signed").
_COUNTED_SUBJECT = re.compile(
    r"(?:,|\bwhile\b|\bwhereas\b|\bbut\b)\s+(?:(?:while|whereas|but|and)\s+)?(?:some\s+|only\s+|another\s+)?"
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|several|many|most)\s+"
    r"(?:other\s+)?(?:countries|states|nations|members|delegations|governments)\b[^,;]*$",
    re.I,
)
# "Japan, which chaired the Group of Seven (G7) … last year, initiated …": the clause around the G7.
_RELATIVE_OPENS = re.compile(r",\s*(?:which|who)\b[^,;:]*$")
_RELATIVE_CLOSES = re.compile(r"[^,;:]*,\s")
_JOINED_GAP = re.compile(r"\s*,?\s*")  # between the one named and ", alongside"
_TO_BE = re.compile(r"\bto\s+be\s+$", re.I)
# A framework, a comma, a phrase naming actors, a comma, the cue: the actors are the framework's apposition.
_APPOSITION_OPENS = re.compile(r",\s+(?:the|a|an)\s+[^,;:()]{0,40}?\b(?:by|of|from)\s+(?:the\s+)?")
_APPOSITION_CLOSES = re.compile(r"[^,;:()]{0,40},\s")  # then the clause of which the framework is the subject
# A participle after the framework it describes, with no subject of its own (see describes): "ed"
# may follow a comma ("the declaration, adopted in Seoul"), "ing" may not ("signed the convention, joining …").
_PARTICIPLE = re.compile(r"\w+(?:ed|ing)\b", re.I)
_PARTICIPLE_GAP_ED = re.compile(r"\s*,?\s*")
_PARTICIPLE_GAP_ING = re.compile(r"\s*")
_DESCRIBED_NOUNS = (
    *("declaration", "statement", "text", "document", "resolution", "convention", "treaty", "charter"),
    *("principles", "agreement", "communique", "communiqué", "compact", "pact", "blueprint", "guidelines"),
)
_DESCRIBED_ENDINGS = _DESCRIBED_NOUNS + tuple(noun + "s" for noun in _DESCRIBED_NOUNS)
_DESCRIBED = re.compile(rf"\b(?:{'|'.join(_DESCRIBED_NOUNS)})s?(?:\s*,)?\s*$", re.I)
