"""Who can take a position in a sentence: the actors that are not a place, an organisation's members or part
of a framework's name, grouped into coordinated lists ("France, India and Japan"), with the lists that join
them ("…, alongside the EU", "as well as unions including …") and the frameworks listed together.

stances.py reads each cue against these; the lists are found by the gaps between names, so that a long list
of signatories is read in linear work.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .results import MentionHit

# Between two actors of one list ("China, India and the United States").
_LIST_GAP = re.compile(
    r"^[\s,;]*(?:(?:and|&|as well as|plus|along with|together with|or|y|e|et)\b)?[\s,]*(?:the\s+)?$", re.I
)


# Between two actors of one list, after a comma: the start of a name the alias table has not got whole
# ("Norway, the Republic of Moldova, San Marino", "Peru, St. Lucia").
_NAME_PREFIX_GAP = re.compile(
    r"^\s*,\s*(?:and\s+)?(?:the\s+)?(?:[A-Z][\w.’'-]*\s+){0,2}(?:(?:of|de|do|da|del|du)\s+(?:the\s+|la\s+|el\s+)?)?"
    r"(?:[A-Z][\w.’'-]*,\s+)?$"  # or a whole name it lacks, between commas ("…, República de Corea, Rumanía")
)


# Between a passive cue and its agents: a few words, no clause break ("signed by 61 countries, but …").
_CLAUSE_BREAK = re.compile(r"[—–;]|\s-\s|\bbut\b|\bwhile\b")


_AGENTS_NEXT_WORDS = 8


# Before an actor: it is a place here, not a party ("at the United Nations", "within the UN framework").
_PLACE_BEFORE = re.compile(r"\b(?:at|in|inside|within|into|across|to|under)\s+(?:the\s+)?$", re.I)


_PLACE_IN_BRACKETS = re.compile(r"\b[A-Z][\w’'-]+\s+\($")


# After an actor: its members are meant, not the organisation ("Council of Europe member states").
_MEMBERS_AFTER = re.compile(
    r"['’]?s?\s+(?:\d+\s+)?(?:member|members|member states|countries|nations)\b", re.I
)


_RUNS_ON = re.compile(r"(?:['’]s)?\s*")


# The words that add actors after the object: ", alongside the", "as well as", "together with" (read in
# lower case, as the cues are: cues.lower_case).
# "…, nor was the United Kingdom": one more actor taking the same (negative) position.
_ALONGSIDE_WORD = re.compile(
    r"alongside|along with|together with|as did|as well as|joining|nor (?:was|were|did|has|have)|neither did"
)


_SPACES = re.compile(r"\s+")


_THE = re.compile(r"the\s+", re.I)


def alongside_phrases(text: str, lowered: str) -> dict[int, int]:
    """Where a phrase such as ", alongside the" ends (the actors named next): the latest it can start.

    Before a list of actors after the framework, such a phrase says they take the position too ("…,
    alongside the EU"). Found once per text rather than searched for after every cue: the phrase ends where
    its spaces do (after the word, or after "the"), and starts at the space before its word.
    """
    phrases: dict[int, int] = {}
    found = _ALONGSIDE_WORD.search(lowered)
    while found is not None:  # every occurrence, overlapping ones too ("as well as did")
        start, end = found.span()
        found = _ALONGSIDE_WORD.search(lowered, start + 1)
        if start == 0 or not text[start - 1].isspace():
            continue
        spaces = _SPACES.match(text, end)
        if spaces is None:
            continue
        ends = [spaces.end()]
        the = _THE.match(text, spaces.end())
        if the is not None:
            ends.append(the.end())
        for phrase_end in ends:
            phrases[phrase_end] = max(phrases.get(phrase_end, -1), start - 1)
    return phrases


def bracketed(text: str, actors: list[MentionHit], a: int) -> bool:
    """Whether the actors are inside brackets closed before the cue at a ("2 against (A, B), …, adopted")."""
    if text.find(")", actors[-1].end, a) < 0:
        return False
    return text.rfind("(", 0, actors[0].start) > text.rfind(")", 0, actors[0].start)


# Between two lists of a passive cue's agents: "… and the Vatican, as well as unions including the EU".
_MORE_AGENTS = re.compile(
    r"[\s,;]*(?:and|as well as|plus|along with)\b[\w\s,]{0,40}?(?:\b(?:including|such as|like)\s+)?(?:the\s+)?"
)


_MORE_AGENTS_WORDS = 8


def with_more_agents(text: str, lists: list[list[MentionHit]], i: int) -> list[MentionHit]:
    """The agents of a passive cue: the list after it (lists[i]) and those joined to it by "as well as …"."""
    agents = list(lists[i])
    for following in lists[i + 1 :]:
        gap = text[agents[-1].end : following[0].start]
        if (
            len(gap.split()) > _MORE_AGENTS_WORDS
            or _CLAUSE_BREAK.search(gap)
            or not _MORE_AGENTS.fullmatch(gap)
        ):
            break
        agents += following
    return agents


def agents_follow(text: str, b: int, start: int) -> bool:
    """Whether the actors starting at start are a passive cue's agents (the cue ends at b)."""
    gap = text[b:start]
    return len(gap.split()) <= _AGENTS_NEXT_WORDS and not _CLAUSE_BREAK.search(gap)


def actor_lists(actors: list[MentionHit], text: str) -> list[list[MentionHit]]:
    """Actors grouped into coordinated lists ("France, India and Japan"), in order."""
    lists: list[list[MentionHit]] = []
    for hit in actors:
        if lists:
            previous = lists[-1][-1]
            gap = text[previous.end : hit.start]
            same = previous.key == hit.key and len(gap.split()) <= 3 and not re.search(r"[,;.]", gap)
            if same or _LIST_GAP.match(gap) or ("," in gap and _NAME_PREFIX_GAP.match(gap)):
                lists[-1].append(hit)
                continue
        lists.append([hit])
    return lists


def subject_candidates(text: str, actors: list[MentionHit], frameworks: list[MentionHit]) -> list[MentionHit]:
    """Actors that can take a position: not a place, not its members, not part of a framework's name."""
    kept = []
    framework_starts = [f.start for f in frameworks]
    for hit in actors:
        if _PLACE_BEFORE.search(text, max(0, hit.start - 20), hit.start):
            continue
        if _MEMBERS_AFTER.match(text, hit.end):
            continue
        if text[hit.end : hit.end + 1] == ")" and _PLACE_IN_BRACKETS.search(
            text, max(0, hit.start - 30), hit.start
        ):
            continue  # "in Vilnius (Lithuania)": the country of a place
        # "the OECD's AI Principles", "the Council of Europe Framework Convention": the organisation's name
        # runs on into the framework's.
        following = bisect_left(framework_starts, hit.end)
        if following < len(frameworks) and _RUNS_ON.fullmatch(text, hit.end, frameworks[following].start):
            continue
        kept.append(hit)
    return kept


def coordinated(framework: MentionHit, frameworks: list[MentionHit], starts: list[int], text: str):
    """The framework and those listed with it ("the Bletchley Declaration and the Seoul Declaration").
    frameworks are in text order, starts beside them."""
    i = bisect_left(starts, framework.start)
    while frameworks[i] is not framework:
        i += 1
    group = [framework]
    for step in (1, -1):
        j = i
        while 0 <= j + step < len(frameworks):
            left, right = (
                (frameworks[j], frameworks[j + step]) if step == 1 else (frameworks[j + step], frameworks[j])
            )
            if not _LIST_GAP.match(text[left.end : right.start]):
                break
            j += step
            group.append(frameworks[j])
    return group
