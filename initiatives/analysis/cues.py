"""The cue lexicon: the words by which a text says that an actor takes a position, and what undoes them.

Each cue pattern stands for one position. A cue preceded by a negation ("did not sign") is read as its
negated position, or not at all; a hedged one ("whether to join") and an adjective ("the proposed
body") state no position.
"""

from __future__ import annotations

import re
from bisect import bisect_left

import ahocorasick

from ..choices import Position

try:  # the regular-expression parser, to read each cue pattern's stems
    from re import _constants, _parser
except ImportError:  # another Python: every pattern reads every sentence, with the same result
    _constants = _parser = None
from .nouns import NOUNS, whole_noun_ends_at
from .spans import Spans

# Cue patterns, strongest reading first: where two overlap, the earlier one wins ("refused to sign" is a
# decline, not a signature).
_LEXICON = [
    (
        Position.DECLINES,
        re.compile(
            r"\b(?:refus|declin)\w*(?:\s+\w+){0,3}?\s+to\s+(?:sign|join|endorse|back|support|adopt|ratify|accede)\w*|"
            r"\bstay\w* out\b|\bstayed out\b|\bopted out\b|\bsat out\b|\bsit\w* out\b|\b(?:absent|missing|left off) from\b(?:[\w\s]{0,25}?\bsignator\w*)?|"
            r"\bnot among the\b[\w\s]{0,20}?\bsignator\w*|\bnot among (?:them|those)\b|\bmissing from\b[\w\s]{0,20}?\bsignator\w*|"
            r"\b(?:balk|shun|snubb?)\w*|\bheld back from\b|\bwithheld (?:its |their )?(?:signature|support)\b|"
            r"\bboycott\w*|\bstay\w* away\b|\bheld off\b|\bhold\w* off\b|\brefrain\w* from\b|"
            r"\bskipp?\w* (?:the )?signing\b"
            # Spanish, Portuguese, French ("se negaron a firmar", "recusaram-se a assinar", "ont refusé de signer")
            r"|\bnegaron\s+a\s+(?:firmar|adherir|respaldar)\b|\brecus\w*\s+a\s+assinar\b|\brefus\w*\s+de\s+(?:signer|soutenir)\b",
            re.I,
        ),
    ),
    (
        Position.WITHDRAWS,
        re.compile(
            r"\bwithdr[ae]w\w*|\bpull\w* out\b|\bwalk\w* (?:away from|out of)\b|\bback\w* out of\b|\babandon\w*|\bditch\w*|"
            r"\bscrap(?:s|ped|ping)?\b|\bexit(?:s|ed|ing)?\b|\bquit(?:s|ting)?\b|\brevok\w*|\brescind\w*|"
            r"\brenounc\w*"
            r"|\bretir(?:ó|aron|ou|aram|é|ée)\b",
            re.I,
        ),
    ),
    (
        Position.OPPOSES,
        re.compile(
            r"\breject\w*|\boppos\w*|\bcritici[sz]\w*|\bpush\w* back\b|\bobject\w* to\b|\bvot\w*(?:\s+\w+){0,3}?\s+against\b|\bvot\w* [\"\u201c']{0,2}no\b|"
            r"\bdismiss\w*|\bdenounc\w*|\bcondemn\w*|\bslam\w*|\bwarn\w* against\b|\bblock(?:s|ed|ing)?\b|"
            r"\bveto\w*|\bcame out against\b|\bcomes? out against\b|\bblast\w*|\bresist\w*|"
            r"\bdistanc\w* (?:itself|themselves) from\b|\bexpress\w* reservations\b|\breservations about\b|"
            r"\brais\w* concerns\b|\bagainst(?=\s*\()"
            r"|\brechaz\w*|\brejeit\w*|\brejet\w*|\bopus(?:o|ieron)\b|\bopôs\b|\bcritic(?:ó|aron|ou|aram)\b|"
            r"\bvot\w*\s+en\s+contra\b|\bvot\w*\s+contra\b|\bvot\w*\s+contre\b",
            re.I,
        ),
    ),
    (
        Position.NEUTRAL,
        re.compile(
            r"\bavoid\w* taking (?:any|a) position\b|\bnon-?committal\b|\bno position\b|\babstain\w*|\babstention\w*|\btakes? no position\b|\btook no position\b"
            r"|\babstuv\w*|\babstiv\w*|\babstenci\w*|\babstenç\w*|\babstenu\w*",
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
            r"\badher\w*|\bsubscrib\w* to\b|\b(?:participants|members)(?=\s+(?:of\s+(?:the\s+)?[\w.-]+(?:\s+[\w.-]+){0,3}?\s+)?(?:includ|were|are)\w*)|"
            r"\b(?:take|takes|took|taking) part\b|\bparticipat\w*|\bpart(?:y|ies) to\b|"
            r"\bbr(?:ing|ings|inging|ought) together\b|\bconvoc(?:ó|aron)\b|\breuni(?:ó|eron|u|ram)\b"
            r"|\bfirm(?:aron|ó|ar|an|ado|ada|ados|adas|antes|ante|atari\w*)\b|\bassin(?:ou|aram|ar|am|ada|ado|ados|adas|atura\w*)\b|"
            r"\bsignatári\w*|\bsignatari\w*|\bsuscrib\w*|\bsubscrev\w*|\badhir\w*|\badopt(?:ó|aron)\b|\badot(?:ou|aram)\b|"
            r"\bsign(?:é|ée|és|ées|ent|ataire\w*)\b",
            re.I,
        ),
    ),
    (
        Position.SUPPORTS,
        re.compile(
            r"\bback(?:s|ed|ing)?\b|\bendors\w*|\bwelcom\w*|\bprais\w*|\bco-?sponsor\w*|\bsupport\w*|"
            r"\b(?:backers|supporters|proponents)\b|\b(?:re)?affirm\w*|\bapprov\w*|\bfavou?r(?:s|ed|ing)?\b|"
            r"\baccepted(?=\s+by\b)|\bstands? behind\b|\bstood behind\b|\bsigned on to\b|\bagre(?:e|es|ed|eing) to\b|\b(?:threw|throw\w*) (?:its|their) weight behind\b|\buph[eo]ld\w*|\bfund(?:s|ed|ing)\b|\bcontribut\w* to\b|\bengag\w* with\b|\bimplement(?:s|ed|ing)?\b|\bhail\w*|\bapplaud\w*|\bembrac\w*|\bcommit\w* to\b|\bvot\w* for\b|\bvot\w* [\"\u201c']{0,2}yes\b|\bvot\w* in favou?r\b|\bin favou?r(?=\s*\()"
            r"|\brespald\w*|\bapoy(?:ó|aron|a|an|ar)\b|\bapoi(?:ou|aram|a|am|ar)\b|\bendoss\w*|\bsoutien\w*|\bsoutenu\w*|"
            r"\bacog(?:ieron|ió|e|en|er)\b|\bvot\w*\s+a\s+favor\b|\bvot\w*\s+pour\b",
            re.I,
        ),
    ),
    (
        Position.PROPOSES,
        re.compile(
            r"\bpropos\w*|\blaunch\w*|\bunveil\w*|\bannounc\w*|\bcall\w* for\b|\bfloat\w*|\bchampion\w*|"
            r"\bpromot\w*|\bpitch\w*|\bput forward\b|\bputs forward\b|\binitiat(?:ed|es|ing)\b|\bspearhead\w*|"
            r"\bpush\w* for\b|\bpush(?:ed|es|ing)? (?=(?:the|a|an|its|their|this) )|\bdrafted\b|\bintroduc\w*|\breleas\w*|\bissu(?:ed|es)\b|\bpublish\w*|\bled\b|"
            r"\bleading(?!\s+(?:ai|artificial|tech\w*|economies|economy|nations?|countries|country|powers?|states|members|"
            r"roles?|voices?|figures?|compan\w+|experts?|players?|producers?|developers?)\b)|\bcreat\w*|\bset(?:s|ting)? up\b|\bestablish\w*|\bmoot\w*|\bsuggest\w*"
            r"|\bpropus\w*|\bpropon(?:e|en|ía|iendo)\b|\bpropôs\b|\bpropõe\w*|\blanz(?:ó|aron)\b|\blanç(?:ou|aram)\b|\blanc(?:é|ée|ent)\b",
            re.I,
        ),
    ),
]
# The cues are matched on the text in lower case, by patterns without re.I: the same matches, two to three
# times as fast (the regex engine's quick test of an alternative's first letter only works case-sensitively).
# Lower case keeps every offset: str.lower() changes a text's length only for "İ", and re.I also takes "ı"
# for i and "ſ" for s; these three are mapped first (tests/test_analysis.py checks every character).
_CUES = [(position, re.compile(pattern.pattern)) for position, pattern in _LEXICON]
assert all(p.flags & re.I and not re.search(r"(?<!\\)[A-Z]", p.pattern) for _, p in _LEXICON)
_BEFORE_LOWER = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def lower_case(text: str) -> str:
    """The text in lower case with the same offsets, as re.I would read its letters."""
    if "İ" in text or "ı" in text or "ſ" in text:
        text = text.translate(_BEFORE_LOWER)
    return text.lower()


def _stems(items: list, prefix: str = "") -> set[str] | None:
    """Words one of which every match of a parsed pattern contains ("refus", "declin", "stay" …), or None."""
    for k, (op, av) in enumerate(items):
        if op is _constants.AT:  # \b: matches no character
            continue
        if op is _constants.LITERAL:
            prefix += chr(av)
            continue
        if op is _constants.SUBPATTERN:  # a group: read on inside it
            return _stems(list(av[-1]) + items[k + 1 :], prefix)
        if op is _constants.BRANCH:  # alternatives: a stem for each
            stems = [_stems(list(alternative) + items[k + 1 :], prefix) for alternative in av[1]]
            return None if None in stems else set().union(*stems)
        if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and av[0] == 0 and len(prefix) < 3:
            return _stems(items[k + 1 :])  # "(?:re)?affirm", "co-?sponsor": the words after the optional part
        break
    return {prefix} if len(prefix) >= 3 else None


# The verbs that open a complement cue (_URGE), looked for in the same pass as the stems.
_URGE_STEMS = (
    "call",
    "urg",
    "press",
    "ask",
    "appeal",
    "encourag",
    "invit",
    "lobb",
    "reject",
    "dismiss",
    "rebuff",
    # _DELAY_CALL
    "propos",
    "push",
    "put",
    "seek",
    "sought",
    "demand",
    "want",
    "back",
    "support",
    "favo",
)


def _stem_automaton():
    """All stems in one Aho-Corasick automaton, with the document nouns (nouns.py) and the verbs of _URGE:
    per word, (its length, the cue patterns that need it, whether it is a document noun, an urging verb)."""
    patterns_of: dict[str, list[int]] = {}
    unfiltered = []
    for k, (_, pattern) in enumerate(_CUES):
        stems = _stems(list(_parser.parse(pattern.pattern))) if _parser else None
        if stems is None:
            unfiltered.append(k)  # read in every sentence
        for stem in stems or ():
            patterns_of.setdefault(stem, []).append(k)
    automaton = ahocorasick.Automaton()
    for word in {*patterns_of, *NOUNS, *_URGE_STEMS}:
        automaton.add_word(
            word, (len(word), tuple(patterns_of.get(word, ())), word in NOUNS, word in _URGE_STEMS)
        )
    automaton.make_automaton()
    return automaton, unfiltered


_STEMS, _UNFILTERED = _stem_automaton()
READ_BY_STEMS = not _UNFILTERED  # every pattern has stems: each sentence is read only by those it holds


# A cue whose direction is its complement's: "called on the Commission to abandon the code" (against it),
# "urged Brazil to join the convention" (for it). The one urging takes the complement's position; the one
# urged takes none. Read on the text in lower case (lower_case), once per text.
_URGE = re.compile(
    r"\b(?:call(?:s|ed|ing)? (?:up)?on|urg(?:e|es|ed|ing)|press(?:es|ed|ing)?|ask(?:s|ed|ing)?|"
    r"appeal(?:s|ed|ing)? to|encourag(?:e|es|ed|ing)|invit(?:e|es|ed|ing)|lobb(?:y|ies|ied|ying))"
    r"\s+([^.;:!?]{1,80}?)\s+(?:not\s+)?to\s+(?:(?:immediately|quickly|swiftly|formally|also|finally)\s+)?([a-z]+)"
)
_FOR_COMPLEMENT = re.compile(
    r"(?:join|sign|ratif|accede|adopt|endors|back|support|implement|embrac|adher|approv|enact)\w*"
)
_AGAINST_COMPLEMENT = re.compile(
    r"(?:abandon|scrap|drop|withdraw|quit|leave|shelve|ditch|repeal|reject|paus|delay|suspend|halt|postpon|"
    r"weaken|freez|stop|revok|rescind|block|oppos|resist|boycott|shun)\w*"
)


# Rebuffing a call turns its direction once more: "rejected calls from companies to pause the AI Act" is for
# the act.
_REBUFF = re.compile(
    r"\b(?:reject|dismiss|rebuff)(?:s|ed|ing)?\s+(?:the\s+)?(?:calls?|demands?|pressure|requests?|appeals?)"
    r"(?:\s+([^.;:!?]{1,80}?))?\s+(?:not\s+)?to\s+(?:(?:immediately|quickly|swiftly|formally|also)\s+)?([a-z]+)"
)


# Before the complement's verb: "urged Brazil not to join".
_NOT_TO = re.compile(r"\snot\s+to\s+(?:(?:immediately|quickly|swiftly|formally|also|finally)\s+)?$")


# Calling for a framework to be put off is against it: "both sides call for a 12-month postponement of the AI
# Act", "proposed a pause of the rules".
_DELAY_CALL = re.compile(
    r"\b(?:call(?:s|ed|ing)? for|propos(?:e|es|ed|ing)|push(?:es|ed|ing)? for|put(?:s|ting)? forward|"
    r"seek(?:s|ing)?|sought|demand(?:s|ed|ing)?|want(?:s|ed|ing)?|back(?:s|ed|ing)?|support(?:s|ed|ing)?|"
    r"favou?r(?:s|ed|ing)?)\s+(?:(?:a|an|the|its|their)\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:pause|delay|postponement|suspension|freeze|halt|moratorium|repeal|rollback)s?\b"
)


def complement_cues(lowered: str, starts=None) -> list[tuple[int, int, str]]:
    """(start, end, position) of each cue whose direction its complement gives (_URGE, _REBUFF), and each
    call to put a framework off (_DELAY_CALL). starts: where their verbs start at a word's start (the stem
    pass's), else the whole text is searched."""
    cues = []
    delays = _DELAY_CALL.finditer(lowered) if starts is None else _matches_at(_DELAY_CALL, lowered, starts)
    cues += [(match.start(), match.end(), Position.OPPOSES) for match in delays]
    for pattern, rebuffed in ((_URGE, False), (_REBUFF, True)):
        matches = pattern.finditer(lowered) if starts is None else _matches_at(pattern, lowered, starts)
        for match in matches:
            verb = match.group(2)
            against = _AGAINST_COMPLEMENT.fullmatch(verb)
            if not against and not _FOR_COMPLEMENT.fullmatch(verb):
                continue
            negated = bool(_NOT_TO.search(lowered, match.start(), match.start(2)))
            position = Position.OPPOSES if (bool(against) != negated) != rebuffed else Position.SUPPORTS
            cues.append((match.start(), match.end(), position))
    cues.sort()
    return cues


def _matches_at(pattern: re.Pattern, text: str, starts: list[int]):
    """What pattern.finditer(text) gives, where every match starts at one of the starts (in order)."""
    end = 0
    for start in starts:
        if start < end:
            continue
        match = pattern.match(text, start)
        if match is not None:
            end = max(match.end(), start + 1)
            yield match


# Before a cue: it is negated ("did not sign", "has yet to sign", "failed to ratify").
_NEGATION = re.compile(
    r"(?:\b(?:not|never|no longer|without|neither|nor)\b|n't\b|\byet to\b|\bfail\w* to\b)[\w\s']{0,20}$"
    r"|\b(?:no|não|pas)\s+$"  # right before the verb: "no firmaron", "não assinaram", "n'ont pas signé"
    r"|\bagainst\s+$",  # "minded against signing", "decided against joining"
    re.I,
)
_NEGATION_WORDS = (
    "no",
    "never",
    "without",
    "neither",
    "n't",
    "yet",
    "fail",
    "não",
    "pas",
    "against",
)  # one is in every match
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
_HEDGE_WORDS = ("whether", "if", "undecided", "unless")  # one is in every match of _HEDGE
# Earlier in the sentence: who takes the position is not known ("It was not immediately clear how many of the
# 96 nations …, including the United States and China, are endorsing").
_UNKNOWN_WHO = re.compile(
    r"\b(?:not\s+(?:yet\s+|immediately\s+)?(?:clear|known)|unclear|unknown)\s+(?:whether|if|how\s+many|which|who)\b",
    re.I,
)

# Before a cue: an adjective, not a verb ("the proposed body"): nobody is said to propose here.
# After such a cue: an object, so it is a verb ("the 88 countries that endorsed the declaration").
_VERB_OBJECT = re.compile(r"\s+(?:the|a|an|its|their|this|these|those|it|them)\b", re.I)
# ("Others that endorsed include …", "countries that signed": "that" after a plural is a relative pronoun.)
_ATTRIBUTIVE = re.compile(r"\b(?:the|a|an|its|their|this|(?<!s\s)that|these|those|newly|so-called)\s+$", re.I)


# "the Czech proposal", "a proposal": the noun after a determiner names an object, not who proposes.
_PROPOSAL_NOUN = re.compile(r"proposals?", re.I)
_DETERMINED = re.compile(r"\b(?:the|a|an|this|that|these|those|its|their)\s+(?:[\w-]+\s+)?$", re.I)


class CueReader:
    """The cues of one text, read sentence by sentence.

    A sentence is read only by the cue patterns whose stems it holds: one pass of an automaton over the
    whole text finds every stem, where eight regular expressions would each read every sentence.
    """

    def __init__(self, text: str, *, by_stems: bool = True):
        self.text = text
        self.lowered = lower_case(text)
        # Per cue pattern: the end of each occurrence of one of its stems, in text order (None: read always).
        self._stem_ends: list[list[int] | None] = [[] for _ in _CUES]
        self._any_stem_ends: list[int] | None = []  # every stem's end, in text order (None: read always)
        self.nouns: list[tuple[int, int]] = []  # (start, end) of each whole document noun (nouns.py)
        urges = []  # where a verb of _URGE starts a word
        lowered = self.lowered
        for end, (length, patterns, noun, urge) in _STEMS.iter(lowered):
            if patterns and by_stems:
                self._any_stem_ends.append(end)
                for k in patterns:
                    self._stem_ends[k].append(end)
            if noun or urge:
                start = end - length + 1
                if start and (lowered[start - 1].isalnum() or lowered[start - 1] == "_"):
                    continue  # inside a word ("impact", "compact")
                if urge:
                    urges.append(start)
                if noun and not whole_noun_ends_at(lowered, end + 1):
                    continue
                if noun:
                    self.nouns.append((start, end + 1))
        for k in _UNFILTERED if by_stems else range(len(_CUES)):
            self._stem_ends[k] = None
            self._any_stem_ends = None
        self.nouns.sort()
        self._complements = complement_cues(lowered, urges)
        self._complement_starts = [a for a, _, _ in self._complements]

    def _may_match(self, k: int, start: int, end: int) -> bool:
        ends = self._stem_ends[k]
        if ends is None:
            return True
        i = bisect_left(ends, start)
        return i < len(ends) and ends[i] < end

    def may_hold_cues(self, start: int, end: int) -> bool:
        """Whether text[start:end] holds a stem of some cue pattern, or a complement cue (else read() finds none)."""
        ends = self._any_stem_ends
        if ends is None:
            return True
        i = bisect_left(ends, start)
        if i < len(ends) and ends[i] < end:
            return True
        i = bisect_left(self._complement_starts, start)
        return i < len(self._complements) and self._complements[i][0] < end

    def read(self, start: int, end: int, mentions: Spans) -> list[tuple[int, int, str]]:
        """(start, end, position) of each cue in text[start:end], in order, as its words and context read.

        Where two cues overlap, the stronger reading (the earlier pattern) wins ("refused to sign" is a
        decline, not a signature); a cue inside a mention ("the Support Act") is none.
        """
        text, sentence = self.text, self.lowered[start:end]
        # The complement cues first: they are the strongest reading of the words they span.
        found = [
            cue
            for cue in self._complements[
                bisect_left(self._complement_starts, start) : bisect_left(self._complement_starts, end)
            ]
            if cue[1] <= end and not mentions.contains(cue[0])
        ]
        for k, (position, pattern) in enumerate(_CUES):
            if not self._may_match(k, start, end):
                continue
            # The cues of the stronger patterns; a pattern's own matches never overlap one another.
            stronger = Spans((a, b) for a, b, _ in found)
            for match in pattern.finditer(sentence):
                a, b = match.start() + start, match.end() + start
                if stronger.overlaps(a, b) or mentions.contains(a):
                    continue
                found.append((a, b, position))
        found.sort()
        cues = []
        for a, b, position in found:
            head = text[max(start, a - 40) : a]
            low = self.lowered[max(start, a - 40) : a]
            # The words each pattern needs, looked for first: most cues have none of them before.
            if any(word in low for word in _NEGATION_WORDS) and _NEGATION.search(head):
                position = _NEGATED.get(position)
            if position is None or (any(word in low for word in _HEDGE_WORDS) and _HEDGE.search(head)):
                continue
            low_all = self.lowered
            if (low_all.find("clear", start, a) >= 0 or low_all.find("known", start, a) >= 0) and (
                _UNKNOWN_WHO.search(text, start, a)
            ):
                continue
            if (
                position == Position.PROPOSES
                and _PROPOSAL_NOUN.fullmatch(text, a, b)
                and _DETERMINED.search(head)
            ):
                continue  # "consider the Czech proposal": the proposal is the object, someone else's
            if (
                position in (Position.PROPOSES, Position.SUPPORTS, Position.SIGNS)
                and text[a:b].endswith("ed")
                and _ATTRIBUTIVE.search(head)
                and not _VERB_OBJECT.match(text, b)
            ):
                continue
            cues.append((a, b, position))
        return cues
