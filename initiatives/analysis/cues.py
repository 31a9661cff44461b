"""The cue lexicon: the words by which a text says that an actor takes a position, and what undoes them.

Each cue pattern stands for one position. A cue preceded by a negation ("did not sign") is read as its
negated position, or not at all; a hedged one ("whether to join") and an adjective ("the proposed
body") state no position.
"""

from __future__ import annotations

import re

from ..choices import Position
from .spans import Spans

# Cue patterns, strongest reading first: where two overlap, the earlier one wins ("refused to sign" is a
# decline, not a signature).
_CUES = [
    (
        Position.DECLINES,
        re.compile(
            r"\b(?:refus|declin)\w*(?:\s+\w+){0,3}?\s+to\s+(?:sign|join|endorse|back|support|adopt|ratify|accede)\w*|"
            r"\bstay\w* out\b|\bstayed out\b|\bopted out\b|\bsat out\b|\bsit\w* out\b|\b(?:absent|missing|left off) from\b(?:[\w\s]{0,25}?\bsignator\w*)?|"
            r"\bnot among the\b[\w\s]{0,20}?\bsignator\w*|\bmissing from\b[\w\s]{0,20}?\bsignator\w*|"
            r"\b(?:balk|shun|snubb?)\w*|\bheld back from\b|\bwithheld (?:its |their )?(?:signature|support)\b|"
            r"\bboycott\w*|\bstay\w* away\b|\bheld off\b|\bhold\w* off\b|\brefrain\w* from\b|"
            r"\bskipp?\w* (?:the )?signing\b",
            re.I,
        ),
    ),
    (
        Position.WITHDRAWS,
        re.compile(
            r"\bwithdr[ae]w\w*|\bpull\w* out\b|\bexit(?:s|ed|ing)?\b|\bquit(?:s|ting)?\b|\brevok\w*|\brescind\w*|"
            r"\brenounc\w*",
            re.I,
        ),
    ),
    (
        Position.OPPOSES,
        re.compile(
            r"\breject\w*|\boppos\w*|\bcritici[sz]\w*|\bpush\w* back\b|\bobject\w* to\b|\bvot\w*(?:\s+\w+){0,3}?\s+against\b|"
            r"\bdismiss\w*|\bdenounc\w*|\bcondemn\w*|\bslam\w*|\bwarn\w* against\b|\bblock(?:s|ed|ing)?\b|"
            r"\bveto\w*|\bcame out against\b|\bcomes? out against\b|\bblast\w*|\bresist\w*|"
            r"\bdistanc\w* (?:itself|themselves) from\b|\bexpress\w* reservations\b|\breservations about\b|"
            r"\brais\w* concerns\b",
            re.I,
        ),
    ),
    (
        Position.NEUTRAL,
        re.compile(
            r"\bavoid\w* taking (?:any|a) position\b|\bnon-?committal\b|\bno position\b|\babstain\w*|\babstention\w*|\btakes? no position\b|\btook no position\b",
            re.I,
        ),
    ),
    (
        Position.RATIFIES,
        re.compile(
            r"\bratif\w*|\bacced\w*|\baccession\b|\bdeposit\w* (?:its |their |the )?instruments?\b", re.I
        ),
    ),
    (
        Position.SIGNS,
        re.compile(
            r"\bsign(?:s|ed|ing)?\b|\bsignator\w*|\bjoin(?:s|ed|ing)?\b|\badopt\w*|\bput (?:its|their) names? to\b|"
            r"\badher\w*|\bsubscrib\w* to\b|\b(?:participants|members)(?=\s+(?:includ|were|are)\w*)|"
            r"\b(?:take|takes|took|taking) part\b|\bparticipat\w*|\bpart(?:y|ies) to\b",
            re.I,
        ),
    ),
    (
        Position.SUPPORTS,
        re.compile(
            r"\bback(?:s|ed|ing)?\b|\bendors\w*|\bwelcom\w*|\bprais\w*|\bco-?sponsor\w*|\bsupport\w*|"
            r"\b(?:backers|supporters|proponents)\b|\b(?:re)?affirm\w*|\bapprov\w*|\bfavou?r(?:s|ed|ing)?\b|"
            r"\bstands? behind\b|\bstood behind\b|\bsigned on to\b|\bagreed to\b|\b(?:threw|throw\w*) (?:its|their) weight behind\b|\buph[eo]ld\w*|\bfund(?:s|ed|ing)\b|\bcontribut\w* to\b|\bengag\w* with\b|\bimplement\w*|\bhail\w*|\bapplaud\w*|\bembrac\w*|\bcommit\w* to\b|\bvot\w* for\b|\bvot\w* in favou?r\b",
            re.I,
        ),
    ),
    (
        Position.PROPOSES,
        re.compile(
            r"\bpropos\w*|\blaunch\w*|\bunveil\w*|\bannounc\w*|\bcall\w* for\b|\bfloat\w*|\bchampion\w*|"
            r"\bpromot\w*|\bpitch\w*|\bput forward\b|\bputs forward\b|\binitiat(?:ed|es|ing)\b|\bspearhead\w*|"
            r"\bpush\w* for\b|\bdrafted\b|\bintroduc\w*|\breleas\w*|\bissu(?:ed|es)\b|\bpublish\w*|\bled\b|"
            r"\bleading\b|\bcreat\w*|\bset(?:s|ting)? up\b|\bestablish\w*|\bmoot\w*|\bsuggest\w*",
            re.I,
        ),
    ),
]
# Before a cue: it is negated ("did not sign", "has yet to sign", "failed to ratify").
_NEGATION = re.compile(
    r"(?:\b(?:not|never|no longer|without|neither|nor)\b|n't\b|\byet to\b|\bfail\w* to\b)[\w\s']{0,20}$", re.I
)
_NEGATED = {
    Position.SIGNS: Position.DECLINES,
    Position.SUPPORTS: Position.DECLINES,
    Position.RATIFIES: Position.DECLINES,
}
# Before a cue: the position is not taken yet ("had not decided whether to join").
_HEDGE = re.compile(
    r"\b(?:whether|if)\s+(?:or not\s+)?to\s+$|\bundecided\b[\w\s]{0,20}$|\b(?:if|unless|whether)\b[^,.;:]{0,40}$",
    re.I,
)
# Before a cue: an adjective, not a verb ("the proposed body"): nobody is said to propose here.
_ATTRIBUTIVE = re.compile(r"\b(?:the|a|an|its|their|this|that|these|those|newly|so-called)\s+$", re.I)


def read_cues(text: str, start: int, end: int, mentions: Spans) -> list[tuple[int, int, str]]:
    """(start, end, position) of each cue in text[start:end], in order, as its words and context read.

    Where two cues overlap, the stronger reading (the earlier pattern) wins ("refused to sign" is a
    decline, not a signature); a cue inside a mention ("the Support Act") is none.
    """
    sentence = text[start:end]
    found = []
    for position, pattern in _CUES:
        for match in pattern.finditer(sentence):
            a, b = match.start() + start, match.end() + start
            if any(a < e and s < b for s, e, _ in found) or mentions.contains(a):
                continue
            found.append((a, b, position))
    found.sort()
    cues = []
    for a, b, position in found:
        head = text[max(start, a - 40) : a]
        if _NEGATION.search(head):
            position = _NEGATED.get(position)
        if position is None or _HEDGE.search(head):
            continue
        if (
            _ATTRIBUTIVE.search(head)
            and position in (Position.PROPOSES, Position.SUPPORTS, Position.SIGNS)
            and text[a:b].endswith("ed")
        ):
            continue
        cues.append((a, b, position))
    return cues
