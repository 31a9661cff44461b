"""Officials named once with their country, then by name alone: "Chinese Foreign Minister Wang Yi … Wang
said", "Fu Cong, China's permanent representative to the UN, … Fu said". The later mentions of the name
speak for the country, as the first one does.

An official is introduced by an actor, a title word and a capitalised name ("Chinese Premier Li Qiang",
"Japan's digital minister Masaaki Taira"), or by a name, a comma and an actor with a title word ("Fu Cong,
China's ambassador"). Each word of the name then stands for that actor where it stands alone later in the
text (capitalised, not part of a longer capitalised name).
"""

from __future__ import annotations

import re

from .results import MentionHit, mention
from .spans import Spans

_TITLE = (
    r"(?:minister|premier|president|vice[- ]president|ambassador|representative|envoy|secretary|"
    r"spokes(?:man|woman|person)|chancellor|counsell?or|advis[eo]r|delegate|commissioner|official|chief)"
)
_TITLE_STEMS = (
    "minister",
    "premier",
    "president",
    "ambassador",
    "representative",
    "envoy",
    "secretary",
    "spokes",
    "chancellor",
    "counsel",
    "advis",
    "delegate",
    "commissioner",
    "official",
    "chief",
)
_ANY_TITLE = re.compile("|".join(_TITLE_STEMS))
_NAME = r"((?:[A-Z][a-z'’-]+\s+){1,2}[A-Z][a-z'’-]+)"
# After an actor: its official, by title then name.
_TITLE_THEN_NAME = re.compile(
    r"(?:['’]s)?\s+(?:[\w-]+\s+){0,3}?(?i:"
    + _TITLE
    + r")s?\s+(?:(?:to|at|for|of)\s+(?:the\s+)?[A-Z][\w.]*\s+)?"
    + _NAME
    + r"\b"
)
# Before an actor: a name and a comma ("Fu Cong, China's …"); after it, a title within a few words.
_NAME_COMMA = re.compile(_NAME + r",\s+(?:the\s+|a\s+)?$")
_THEN_TITLE = re.compile(r"(?:['’]s)?\s+(?:[\w-]+\s+){0,3}?(?i:" + _TITLE + r")\b")


def officials(text: str, hits: list[MentionHit]) -> list[MentionHit]:
    """Actor mentions for the later, bare mentions of officials introduced with their country."""
    actors = [h for h in hits if h.target_type == "actor"]
    if not actors:
        return []
    introduced: dict[str, tuple[MentionHit, int]] = {}  # name word -> (its actor, where the name ends)
    for actor in actors:
        following = text[actor.end : actor.end + 50].lower()
        if not _ANY_TITLE.search(following):
            continue  # no title after it: no official introduced here (a quick test before the patterns)
        match = _TITLE_THEN_NAME.match(text, actor.end)
        name, name_end = (match.group(1), match.end(1)) if match else (None, None)
        if (
            name is None
            and text.startswith(",", _comma_before(text, actor.start))
            and _THEN_TITLE.match(text, actor.end)
        ):
            before = _NAME_COMMA.search(text, max(0, actor.start - 60), actor.start)
            if before is not None:
                name, name_end = before.group(1), before.end(1)
        if name is None:
            continue
        for word in name.split():
            word = re.sub(r"['’]s$", "", word)
            if len(word) >= 2 and word not in introduced:
                introduced[word] = (actor, name_end)
    if not introduced:
        return []
    taken = Spans((h.start, h.end) for h in hits)
    # What may not stand before a name is tested on each match, not as a look-behind: a pattern that starts
    # with the names is found by the engine's quick scan, one with a look-behind is tried at every position.
    pattern = re.compile(r"(" + "|".join(map(re.escape, introduced)) + r")(?![\w-])(?!\s+[A-Z])")
    found = []
    for match in pattern.finditer(text):
        actor, after = introduced[match.group(1)]
        start, end = match.span(1)
        if _NOT_BEFORE_NAME.search(text, max(0, start - 3), start):
            continue  # inside a word ("Bexi"), or after a capitalised word and a space ("Li Xi")
        if start < after or taken.overlaps(start, end) or _capitalised_before(text, start):
            continue
        found.append(mention(text, "actor", actor.key, actor.name, start, end, actor.organisation))
    return found


_NOT_BEFORE_NAME = re.compile(r"[\w'’-]$|[A-Z][a-z]\s$")


def _comma_before(text: str, start: int) -> int:
    """Where the comma before an actor would be ("Fu Cong, the Chinese …", "Fu Cong, China's …")."""
    head = text[max(0, start - 6) : start]
    for prefix in (", the ", ", a ", ", "):
        if head.endswith(prefix):
            return start - len(prefix)
    return -1


def _capitalised_before(text: str, start: int) -> bool:
    """Whether a capitalised word runs into this one ("Mr Li" is fine; "Li Qiang" is the full name)."""
    before = text[max(0, start - 30) : start]
    word = re.search(r"([A-Z][a-z'’-]+)\s+$", before)
    if word is None or word.group(1) in {"Mr", "Ms", "Mrs", "Dr", "President", "Minister"}:
        return False
    # A capitalised word that opens a sentence ("Later Fu said") is no part of a name.
    opening = start - len(before) + word.start()
    return not (opening == 0 or re.search(r"[.!?\n][\s\"“]*$", text[max(0, opening - 5) : opening]))
