"""Guards: whether an alias found in a text names its target there.

"Turkey" in a recipe, "Beijing" as a place ("talks in Beijing"), "Chinese" before "chips", "us" for
"US", a leader's name outside their term: each is found by the matcher and rejected here, from the
words around it. A capital stands for its government only as a subject or a possessor; a demonym only
before a noun for the state's people in office.
"""

from __future__ import annotations

import re

from ..choices import AliasKind
from .folding import BOUNDARY, FoldedText
from .index import AliasEntry

# After a demonym: it names the state's government or its officials ("Chinese officials", "French president").
_ACTOR_NOUNS = {
    "president",
    "premier",
    "prime",
    "minister",
    "ministry",
    "government",
    "officials",
    "official",
    "delegation",
    "delegates",
    "diplomats",
    "diplomat",
    "leader",
    "leaders",
    "leadership",
    "side",
    "authorities",
    "administration",
    "embassy",
    "envoy",
    "negotiators",
    "regulators",
    "lawmakers",
    "parliament",
    "cabinet",
    "chancellor",
    "ambassador",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "counterpart",
    "counterparts",
    "foreign",
    "vice",
    "state",
    "commerce",
}
# Before a capital: it is the place here ("in Beijing", "visited Tokyo").
_LOCATIVE = {
    "in",
    "at",
    "from",
    "to",
    "near",
    "outside",
    "via",
    "into",
    "across",
    "around",
    "visit",
    "visited",
    "of",
}
# After a capital: it names the city or a thing of the city ("Seoul Declaration", "Tokyo stock").
_NOT_CAPITAL_AFTER = {
    "text",
    "metropolitan",
    "city",
    "municipal",
    "mayor",
    "marathon",
    "tourism",
    "police",
    "district",
    "airport",
    "declaration",
    "statement",
    "process",
    "principles",
    "convention",
    "treaty",
    "pact",
    "consensus",
    "based",
    "agreement",
    "accord",
    "accords",
    "climate",
    "olympics",
    "post",
    "stock",
    "times",
    "university",
    "time",
    "summit",
    "forum",
    "conference",
    "meeting",
    "correspondent",
    "bureau",
}


def accept(entry: AliasEntry, folded: FoldedText, first: int, last: int, published) -> bool:
    """Whether the alias entry found at tokens first..last names its target in this text."""
    if not entry.valid_on(published):
        return False
    words, starts, ends = folded.words, folded.starts, folded.ends
    if entry.kind == AliasKind.ABBREVIATION:
        # "US", not "us"; "UN", not "un": short abbreviations only in capitals (a possessive "'s" aside).
        original = re.sub(r"['’]s$", "", folded.text[starts[first] : ends[last]])
        letters = [ch for ch in original if ch.isalpha()]
        if len(letters) <= 3 and not all(ch.isupper() for ch in letters):
            return False
        if all(ch.islower() for ch in letters):
            return False
    if entry.target_type == "actor" and not (
        folded.text[starts[first]].isupper() or entry.text[:1].islower()
    ):
        return False  # names are capitalised: "turkey", "china" and "chile" are food, porcelain and peppers
    after = words[last + 1 : last + 4]
    if BOUNDARY in after:
        after = after[: after.index(BOUNDARY)]
    before = words[first - 1] if first > 0 else ""
    if entry.target_type == "actor" and after and after[0] in _NOT_ACTOR_AFTER:
        return False  # "U.S. rivals", "China tech stocks": the country's firms or markets, not its government
    if entry.target_type == "actor" and _in_city_name(folded, first, last, before, after):
        return False  # "Mexico City", "Santiago de Chile": a city named after the state
    if (
        entry.target_type == "actor"
        and after
        and after[0] in _REGION_AFTER
        and words[last] == "america"
        and folded.text[starts[last + 1]].isupper() != (after[0] in ("del", "do"))
    ):
        return False  # "América Latina", "América del Sur": a region
    if entry.target_type == "actor" and before in _REGION_BEFORE and folded.text[starts[first - 1]].isupper():
        return False  # "Latin America", "Central Asia": a region (where "South Korea" is meant, its alias is)
    if entry.kind == AliasKind.DEMONYM:
        return any(word in _ACTOR_NOUNS for word in after) and before not in _NOT_DEMONYM_BEFORE
    if entry.kind == AliasKind.CAPITAL:
        if after and after[0] in _NOT_CAPITAL_AFTER:
            return False
        if before in _LOCATIVE:
            return False
        if not _capital_as_subject(folded, last):
            return False
        if before in ("and", "or"):
            # "in Silicon Valley and London": a coordinated place.
            back = words[max(0, first - 6) : first - 1]
            if BOUNDARY in back:
                back = back[len(back) - back[::-1].index(BOUNDARY) :]
            return not any(word in _LOCATIVE for word in back)
    return True


def _in_city_name(folded: FoldedText, first: int, last: int, before: str, after: list[str]) -> bool:
    """Whether the name is part of a city's ("Kuwait City", "Guatemala City", "Santiago de Chile")."""
    text, starts = folded.text, folded.starts
    if after and after[0] == "city" and text[starts[last + 1]].isupper():
        return True
    # Not "el Gobierno de Chile" or "políticas de IA de Argentina": the words that such cities' names open with.
    return (
        before == "de"
        and first >= 2
        and folded.words[first - 2] in _CITY_OF
        and text[starts[first - 2]].isupper()
    )


def _capital_as_subject(folded: FoldedText, last: int) -> bool:
    """A capital stands for its government where what follows reads as its verb or its possession
    ("Beijing said", "Washington's answer", "Tokyo and Seoul"), not as a place's attribute ("Seoul cherry
    blossom", "Seoul-listed shares", "the Seoul Tourism Summit")."""
    words, starts, text = folded.words, folded.starts, folded.text
    end = folded.ends[last]
    if re.match(r"['’]s?\b", text[end - 2 : end]) or text[end : end + 1] in ("'", "’"):
        return True  # possessive
    if last + 1 >= len(words) or words[last + 1] == BOUNDARY:
        return True
    following = starts[last + 1]
    between = text[end:following]
    if "-" in between:
        return False  # "Seoul-listed", "Paris-based"
    if "," in between or "(" in between or '"' in between:
        return True
    word = words[last + 1]
    if text[following].isupper():
        return False  # "Seoul Tourism Summit", "Beijing Capital Airport"
    return word in _SUBJECT_FOLLOWERS or (
        len(word) > 3 and word.endswith(("ed", "s")) and not word.endswith("ss")
    )


# Words after a capital used as a subject ("Beijing has", "Moscow will", "Tokyo told"): auxiliaries,
# adverbs, conjunctions and common irregular past tenses.
_SUBJECT_FOLLOWERS = {
    "has",
    "have",
    "had",
    "is",
    "was",
    "are",
    "were",
    "will",
    "would",
    "could",
    "should",
    "can",
    "may",
    "might",
    "must",
    "did",
    "does",
    "do",
    "and",
    "or",
    "also",
    "already",
    "still",
    "now",
    "then",
    "on",
    "last",
    "this",
    "too",
    "never",
    "not",
    "quickly",
    "publicly",
    "formally",
    "officially",
    "swiftly",
    "told",
    "said",
    "sent",
    "led",
    "took",
    "made",
    "gave",
    "held",
    "set",
    "put",
    "won",
    "left",
    "came",
    "went",
    "saw",
    "kept",
    "met",
    "sought",
    "brought",
    "fought",
    "struck",
    "threw",
    "drew",
    "wrote",
    "spoke",
    "chose",
    "began",
    "hit",
    "cut",
    "quit",
    "let",
    "got",
    "became",
    "stood",
    "withdrew",
    "undertook",
    "hopes",
    "wants",
    "say",
    "says",
    "insists",
    "argues",
    "plans",
    "responded",
    "rejects",
    "backs",
    "welcomes",
    "for",
    "with",
    "in",
    "at",
    "to",
    "over",
    "after",
    "before",
    "under",
    "against",
    "which",
    "who",
    "that",
}


# After an actor: its firms, markets or people are meant, not its government ("China tech stocks").
_NOT_ACTOR_AFTER = {
    "companies",
    "company",
    "firms",
    "firm",
    "rivals",
    "rival",
    "startups",
    "start",
    "chipmakers",
    "chips",
    "stocks",
    "shares",
    "markets",
    "investors",
    "consumers",
    "banks",
    "carmakers",
    "giants",
    "brands",
    "dollar",
    "tech",
    "users",
    "tourists",
    "travellers",
    "travelers",
    "visitors",
    "citizens",
}
# Before a name, capitalised: a region named after it, not the state ("Latin America").
# The first word of a city named after its state with "de" ("Santiago de Chile", "Ciudad de México").
_CITY_OF = {"santiago", "ciudad", "cidade", "san", "santo", "santa"}
# After a name: a region, in the Spanish and Portuguese order ("América Latina", "América do Sul").
_REGION_AFTER = {"latina", "central", "del", "do"}
_REGION_BEFORE = {"latin", "south", "north", "central", "east", "west", "southeast", "southern", "northern"}
_NOT_DEMONYM_BEFORE = {"a", "an"}  # "a French official" is one person, not the government
