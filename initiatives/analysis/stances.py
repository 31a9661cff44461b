"""Stance suggestions: who takes which position on which framework, read one sentence at a time.

A sentence that names an actor and a framework (or a summit with one outcome) is read cue by cue
(cues.py). For each cue: the framework it is about, the actors that take it (before an active cue,
after a passive one or a cue that opens the sentence), and checks that the framework is the cue's
object and that no actor is merely the forum or a place. A sentence that names only one side borrows
the other from the sentence before ("It backed the text."), with less confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..choices import POSITION_DIRECTION, Position
from .clauses import (
    another_subject_between,
    before_relative_clause,
    describes,
    in_apposition,
    inside_relative_clause,
    last_ending_by,
    wished_for,
    with_the_one_joined,
)
from .cues import CueReader
from .folding import fold_phrase
from .learned import Candidate, SentenceView, StanceModel, best_readings, shipped_model
from .objects import object_fits
from .paraphrase import canonical
from .parties import (
    actor_lists,
    agents_follow,
    alongside_phrases,
    bracketed,
    coordinated,
    subject_candidates,
    with_more_agents,
)
from .results import MentionHit, StanceSuggestion, mention
from .sentences import split_sentences
from .spans import Spans

# After a cue: the actors come after it ("signed by", "signatories include", "among the backers were", a
# recorded vote's "2 against (Democratic People's Republic of Korea, Russian Federation)").
# "gaining the support of over 110 countries, including China": a noun cue, its holders, then the actors.
# "abstaining nations included China, …", "the supporting states were": a cue as the adjective of the states.
_PASSIVE = re.compile(
    r"\w*,?\s+(?:by|includ\w*|also include\w*)\b|\w*\s*:|\w*\s+(?:came|come)\s+from\b|\s*\((?=[A-Z])|"
    r"\w*\s+(?:nations|countries|states|governments|delegations|members)\s+(?:were|are|includ\w*)\b|"
    r"\w*\s+(?:are|were|son|fueron|são|foram|sont)\s*:|"  # "the countries that signed are: A, B …"
    r"\w*\s+(?:last|this|earlier|later|in|on)\s+\w+,?\s+by\b|"  # "adopted last year by the Council"
    r"\w*\s+of\s+(?:[\w-]+\s+){0,4}?[\w-]+,?\s+includ\w*\b",
    re.I,
)
# Before a cue that opens its sentence ("Backing the plan were …", "Among the signatories were …").
_OPENING = re.compile(r"[\s\"“]*(?:[A-Za-z][a-z]*\s+)?(?:[a-z]+\s+){0,2}")
# A noun cue for a group of actors, then a copula ("the signatories were", "backers are"): the actors follow.
_GROUP_CUE = re.compile(
    r"(?:signator|backer|supporter|proponent|participant|member|co-?sponsor|sponsor|adherent|part)\w*$", re.I
)
# ("the signatories were", "the 64 signatories of the document included"): the actors follow.
_COPULA = re.compile(
    r"\w*(?:\s+(?:of|to)\s+(?:the|this|that|its)\s+\w+)?,?\s+(?:were|are|was|is|(?:also\s+)?includ\w*|"
    r"est[aá]n|estão|son|são|sont|fueron|foram|figuran|figuram|inclu[iy]\w*)\b",
    re.I,
)
# Between a cue and the actors after it: a clause of their own ("adopted the text by 120 votes to 3, with A
# and B voting against"): they are not the cue's agents.
_WITH_CLAUSE = re.compile(r",\s*with\b", re.I)
# A cue that gathers people, and the words before the states they come from.
# A noun of the act, its framework, then its agents: "the adoption of the declaration by 88 countries, including …".
_NOMINAL_CUE = re.compile(r"(?:adoption|signing|signature|endorsement|ratification|approval)s?", re.I)
_OF_THE = re.compile(r"\s+of\s+(?:the\s+)?[\"“']?", re.I)
_BY = re.compile(r"[\"”']?,?\s+by\b", re.I)
# After a cue with no object of its own: the clause ends, or a pronoun stands for the text.
_NO_OBJECT = re.compile(r"\s*(?:[.,;:!?)—–]|\s-\s|$)|\s+(?:it|them)\b")
_SETTING = re.compile(r"\b(?:[Aa]t|[Dd]uring)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}$")
_GATHERING = re.compile(r"(?:together|convocó|convocaron|reunió|reunieron|reuniu|reuniram)$", re.I)
_GATHERED_FROM = re.compile(r"\s+(?:[\w’'-]+,?\s+){0,14}?(?:from|of|de|da|do|del)\s+(?:the\s+)?")
_SENTENCE_ENDS = (".", "!", "?", '"', "”", "’", "'")  # a sentence without one is a headline
_PAIR = re.compile(r"\b(?:[Bb]oth|two)\b")
_PRONOUN_START = re.compile(
    r"^[\s\"“]*(?:(?:In particular|However|Meanwhile|Instead|Separately|Also),\s+)?"
    r"(?:It|They|The country|The bloc|[Bb]oth(?: sides| countries| governments| leaders)?|"
    r"[Tt]he two(?: countries| sides| governments| leaders)?)\b"
)
_AT_SUMMIT = re.compile(r"\s+(?:at|in)\s+(?:the\s+)?")
_ADOPTS = re.compile(r"adopt|approv", re.I)
_WITH_STATES = re.compile(
    r"\b(?:\d+|[a-z]+(?:-[a-z]+)?)\s+(?:other\s+)?(?:countries|nations|states|governments),?\s+"
    r"(?:and|as well as|plus)\s+(?:the\s+)?$"
)


def suggest_stances(
    text: str,
    hits: list[MentionHit],
    index=None,
    sentences=None,
    cues: CueReader | None = None,
    model: StanceModel | None | bool = True,
) -> list[StanceSuggestion]:
    """Stance suggestions from the mentions, at most one per (actor, framework, position): the most confident.

    model: the learnt reading (learned.py) for the pairs the rules leave; True for the shipped one, None for
    the rules alone.
    """
    model = shipped_model() if model is True else model
    seen, unread = read_stances(
        text, hits, index, sentences, cues, learnt=None if model is None else "unread"
    )
    if unread:
        taken = {(s.actor, s.framework) for s in seen.values()}
        for key, (p, c) in best_readings(text, unread, model).items():
            if key not in taken:
                cue = text[c.cue_start : c.cue_end]
                evidence = (c.sentence.evidence_start, c.sentence.end, text)
                _suggest(seen, c.actor, c.framework, c.position, evidence, cue, 0.5 * p)
    return sorted(seen.values(), key=lambda s: s.start)


def read_stances(
    text: str,
    hits: list[MentionHit],
    index=None,
    sentences=None,
    cues: CueReader | None = None,
    learnt: str | None = "all",
) -> tuple[dict[tuple, StanceSuggestion], list[Candidate]]:
    """The rules' suggestions by (actor, framework, position), and the (actor, framework, cue) of the sentences
    they read, for the learnt reading: "all" of them (to learn from), the "unread" ones (those of actors the
    rules read no position for in the sentence), or None."""
    sentences = sentences if sentences is not None else split_sentences(text)
    cues = cues if cues is not None else CueReader(text)
    reader = _Reader(text, hits, index, cues.lowered)
    seen: dict[tuple, StanceSuggestion] = {}
    candidates: list[Candidate] = []
    previous = before_previous = None
    previous_cues: list[str] = []  # the positions the cues of the sentence before stated
    for s_start, s_end in sentences:
        continued = _CONTINUATION.match(text, s_start) if previous is not None and previous_cues else None
        if continued:
            _suggest_continued(seen, reader, previous, previous_cues, continued, s_end)
        elif previous is not None and previous_cues and (excluded := _CONTINUATION_NOT.match(text, s_start)):
            negated = [_NEGATED_CONTINUATION.get(p) for p in previous_cues]
            if None not in negated:
                _suggest_continued(seen, reader, previous, negated, excluded, s_end)
        if cues.may_hold_cues(s_start, s_end):
            sentence = reader.sentence(s_start, s_end, previous, before_previous)
        else:
            sentence = None  # no cue in it: nothing to read (most sentences of a long article)
        previous, before_previous = reader.own_parties(s_start, s_end), previous
        previous_cues = []
        if sentence is None:
            if previous[2] and cues.may_hold_cues(s_start, s_end):
                # No actor named, a framework and a cue: "… with nations from all continents agreeing to its
                # terms." The next sentence may name them ("This includes …").
                spans = Spans((h.start, h.end) for h in reader.hits_within(s_start, s_end))
                previous_cues = [p for _, _, p in cues.read(s_start, s_end, spans)]
            continue
        read = cues.read(s_start, s_end, sentence.mention_spans)
        read_by_rules: set[int] = set()  # where the actors start that the rules read a position for
        for a, b, position in read:
            previous_cues.append(position)
            for actor, framework, confidence in reader.read_cue(sentence, a, b, position):
                read_by_rules.add(actor.start)
                _suggest(
                    seen,
                    actor,
                    framework,
                    position,
                    (sentence.evidence_start, s_end, text),
                    text[a:b],
                    confidence,
                )
        if learnt is not None and not (sentence.frameworks and id(sentence.frameworks[0]) in reader.settings):
            candidates += _candidates(text, sentence, read, read_by_rules, learnt == "all", reader.heads)
    return seen, candidates


def _candidates(
    text: str,
    sentence: _Sentence,
    read: list[tuple[int, int, str]],
    read_by_rules: set,
    keep_read: bool,
    heads,
) -> list[Candidate]:
    """The (actor, framework, cue) of a sentence that the learnt reading weighs."""
    if sentence.borrowed and sentence.frameworks:
        # Where the framework is borrowed, not the cues with an object of their own ("backed the Convention on
        # Certain Conventional Weapons"), as the rules read them.
        read = [
            cue for cue in read if object_fits(text, cue[1], sentence, sentence.frameworks[-1], True, heads)
        ]
    if not read or not sentence.frameworks:
        return []
    if not keep_read and read_by_rules.issuperset(h.start for h in sentence.actors):
        return []  # most sentences with a position: the rules read every actor in it
    view = SentenceView(
        sentence.start,
        sentence.end,
        sentence.evidence_start,
        sentence.borrowed,
        sentence.actors,
        sentence.frameworks,
        read,
        sentence.headline,
        [h for h in sentence.inside if h.target_type == "summit"],
    )
    return view.candidates(read_by_rules, keep_read)


# A sentence that names who took the position of the sentence before: "This includes African nations, such as
# Nigeria, Kenya and Rwanda; …", "Among them were Chile and Peru."
# The same, negated: "Unfortunately, the list does not include Russia, China, Iran …".
_CONTINUATION_NOT = re.compile(
    r"[\s\"“]*(?:[A-Z]\w+,\s+)?(?:[Tt]he (?:list|signatories|signers)|[Tt]hat list|[Tt]hey|[Tt]his)\s+"
    r"(?:does|do|did)\s+not\s+include\b"
)
_CONTINUATION = re.compile(
    r"[\s\"“]*(?:(?:This|These|They|Those|It|Signatories|Signers|Backers|Supporters)\s+(?:also\s+)?"
    r"(?:include[sd]?|including)\b|Among (?:them|those|the (?:signatories|signers|backers|supporters))\b)"
)


# Who the list of a signature leaves out has not signed.
_NEGATED_CONTINUATION = {Position.SIGNS: Position.DECLINES, Position.SUPPORTS: Position.DECLINES}


def _suggest_continued(seen, reader, previous, positions: list[str], continued: re.Match, end: int) -> None:
    """The actors of a continuing sentence take the position of the sentence before on its one framework;
    the cue shown is the continuing words ("This includes")."""
    frameworks = {f.key: f for f in previous[2]}
    directions = {POSITION_DIRECTION.get(p, 0) for p in positions}
    if len(frameworks) != 1 or len(directions) != 1:
        return
    framework, cue = next(iter(frameworks.values())), continued.group().strip(' "“')
    for actor in reader.own_parties(continued.start(), end)[1]:
        _suggest(seen, actor, framework, positions[0], (previous[0], end, reader.text), cue, 0.5)


@dataclass
class _Sentence:
    """One sentence as the cues read it: its mentions, and the parties a position can be taken between.

    Each list is in text order, with the starts beside it, so that a cue finds what is before or after it
    by bisection: a long sentence with many cues is read in linear work.
    """

    start: int
    end: int
    inside: list[MentionHit]  # every mention that starts in it, in order
    mention_spans: Spans
    actors: list[MentionHit]  # who can take a position (its own, or the sentence before's after "It")
    frameworks: list[MentionHit]  # what a position can be on (its own, or the sentence before's)
    lists: list[list[MentionHit]]  # the actors, grouped into coordinated lists
    factor: float  # confidence: less for a party borrowed from the sentence before, and for a headline
    evidence_start: int
    borrowed: bool  # the frameworks are the sentence before's
    alongside: dict[int, int]  # where a phrase such as ", alongside the" ends: the latest it starts
    headline: bool  # it ends with no sentence punctuation

    def __post_init__(self):
        self.inside_starts = [h.start for h in self.inside]
        self.framework_starts = [f.start for f in self.frameworks]
        self.framework_spans = Spans((f.start, f.end) for f in self.frameworks)
        self.list_starts = [lst[0].start for lst in self.lists]
        # The lists named right after such a phrase ("…, alongside the United States and the EU").
        self.joining = [
            (lst, self.alongside[lst[0].start]) for lst in self.lists if lst[0].start in self.alongside
        ]
        self.joining_starts = [lst[0].start for lst, _ in self.joining]


class _Reader:
    """The mentions of one text, arranged for reading its sentences."""

    def __init__(self, text: str, hits: list[MentionHit], index, lowered: str):
        self.text = text
        self.vocab = getattr(index, "vocab", {}) if index is not None else {}
        self.outcomes = getattr(index, "outcomes", {}) if index is not None else {}
        self.names = getattr(index, "names", {}) if index is not None else {}
        self.heads = getattr(index, "heads", {}) if index is not None else {}
        facts = getattr(index, "frameworks", {}) if index is not None else {}
        self.resolutions = {key for key, (kind, _) in facts.items() if kind == "resolution"}
        names = Spans((h.start, h.end) for h in hits if h.target_type in ("framework", "summit"))
        self.frameworks = [h for h in hits if h.target_type == "framework"]
        # An organisation named inside a framework's name ("the EU AI Act") is not the one taking a position.
        self.actors = subject_candidates(
            text,
            [h for h in hits if h.target_type == "actor" and not names.covers(h.start, h.end)],
            self.frameworks,
        )
        self.hits = sorted(hits, key=lambda h: h.start)
        # The outcomes read from a sentence's setting, by id (kept here, so that no id is reused while read).
        self.settings: dict[int, MentionHit] = {}
        self._starts = {
            id(group): [h.start for h in group] for group in (self.hits, self.actors, self.frameworks)
        }
        self.alongside = alongside_phrases(text, lowered)

    def _within(self, group: list[MentionHit], start: int, end: int) -> list[MentionHit]:
        keys = self._starts[id(group)]
        return group[bisect_left(keys, start) : bisect_left(keys, end)]

    def hits_within(self, start: int, end: int) -> list[MentionHit]:
        return self._within(self.hits, start, end)

    def _topic(self, start: int) -> MentionHit | None:
        """The last framework named before start, where every framework named before it is that one."""
        before = self.frameworks[: bisect_left(self._starts[id(self.frameworks)], start)]
        if not before or any(f.key != before[-1].key for f in before):
            return None
        return before[-1]

    def own_parties(self, start: int, end: int) -> tuple[int, list[MentionHit], list[MentionHit]]:
        """(start, actors, frameworks) of a sentence, as the next sentence may borrow them."""
        return start, self._within(self.actors, start, end), self._within(self.frameworks, start, end)

    def sentence(self, start: int, end: int, previous, before_previous=None) -> _Sentence | None:
        """The sentence, or None where it can state no position: no actor, no framework or summit, a question."""
        text = self.text
        inside = self._within(self.hits, start, end)
        actors = self._within(self.actors, start, end)
        frameworks = self._within(self.frameworks, start, end)
        summits = [h for h in inside if h.target_type == "summit"]
        words = text[start:end]
        factor, evidence_start, borrowed = 1.0, start, False
        if (
            not frameworks
            and summits
            and (setting := self._outcome_of_the_setting(summits, start)) is not None
        ):
            # "At last year's Paris Summit, both the US and the UK declined to sign": the summit's one outcome.
            frameworks = [setting]
        elif not frameworks and previous and previous[2]:
            frameworks, factor, evidence_start, borrowed = previous[2], 0.7, previous[0], True
        elif not frameworks and previous and before_previous and before_previous[2]:
            # Two sentences back, where the one between names no framework ("The summit and statement …").
            frameworks, factor, evidence_start, borrowed = before_previous[2], 0.6, before_previous[0], True
        elif not frameworks and len(actors) >= _TOPIC_LIST and (topic := self._topic(start)) is not None:
            # Further back, for a list of parties where the text so far is about one framework only ("Nigeria …
            # endorse the Bletchley Declaration." … two quotes … "Others that endorsed include Brazil, France, …").
            frameworks, factor, borrowed = [topic], 0.5, True
        elif previous and previous[1] and frameworks and (pronoun := _PRONOUN_START.match(words)):
            # "It backed the text.", "In particular, both sides call for …": the subject is the sentence
            # before's, before any actor this one names ("… and urges the European Commission to …").
            lists = actor_lists(previous[1], text)
            if _PAIR.search(pronoun.group()):  # "both sides", "the two countries": the last pair named
                lists = [lst for lst in lists if len(lst) == 2] or lists
            actors, factor, evidence_start = lists[-1] + actors, 0.7, previous[0]
        headline = not words.rstrip().endswith(_SENTENCE_ENDS)
        if headline:
            # A headline: terse and often loose with tense; the body's sentence is better evidence.
            factor *= 0.8
        if not actors or not (frameworks or summits) or words.rstrip().rstrip("\"”’'").endswith("?"):
            return None  # a question states no position
        return _Sentence(
            start,
            end,
            inside,
            Spans((h.start, h.end) for h in inside),
            actors,
            frameworks,
            actor_lists(actors, text),
            factor,
            evidence_start,
            borrowed,
            self.alongside,
            headline,
        )

    def _outcome_of_the_setting(self, summits: list[MentionHit], start: int) -> MentionHit | None:
        """The one outcome of a summit named as the sentence's setting ("at last year's Paris Summit"), as a
        mention where the summit is named; None if no summit is, or its outcomes are not one."""
        for summit in summits:
            outcome = self.outcomes.get(summit.key, ())
            if len(outcome) == 1 and _SETTING.search(self.text, max(start, summit.start - 30), summit.start):
                name = self.names.get(("framework", outcome[0]), "")
                hit = mention(self.text, "framework", outcome[0], name, summit.start, summit.end)
                self.settings[id(hit)] = hit
                return hit
        return None

    def read_cue(self, sentence: _Sentence, a: int, b: int, position: str):
        """(actor, framework, confidence) for each stance the cue at text[a:b] states."""
        frameworks, starts = self._cue_frameworks(sentence, b)
        if not frameworks:
            return []
        if (
            id(frameworks[0]) in self.settings
            and frameworks[0].start < a
            and not _NO_OBJECT.match(self.text, b)
        ):
            return []  # "At the G7 summit, leaders stressed the need to establish global rules": an object of its own
        agents = self._agents(sentence, a, b)
        if agents is None:
            return []
        subjects, object_side, confidence = agents
        chosen = self._object(sentence, a, b, frameworks, starts, subjects, object_side)
        if chosen is None:
            return []
        framework, subjects = chosen
        if framework.start > b and inside_relative_clause(self.text, sentence, a, b, framework.start):
            return []  # "China, which the United States criticised, backed the declaration"
        if _ADOPTS.match(self.text, a, b) and not _is_law(framework, self.vocab):
            # An organisation adopting another's text is the forum where it is made, not a party to it; unless
            # it is listed with states ("28 countries and the European Union adopted the declaration"). Its own
            # instrument it adopts as its author ("the African Union approved its Continental AI Strategy").
            subjects = [
                h
                for h in subjects
                if not h.organisation
                or _own_framework(h, framework, self.vocab)
                or _WITH_STATES.search(self.text, max(0, h.start - 40), h.start)
            ]
        # The UN's organs are the forum of its resolutions and its other instruments ("the General Assembly
        # agreed to …", "adopted the resolution with 166 in favour and 15 abstentions").
        subjects = [
            h
            for h in subjects
            if not (
                h.key == "UN"
                and (framework.key in self.resolutions or _own_framework(h, framework, self.vocab))
            )
        ]
        return [
            (actor, target, confidence)
            for target in coordinated(framework, frameworks, starts, self.text)
            for actor in subjects
        ]

    def _cue_frameworks(self, sentence: _Sentence, b: int) -> tuple[list[MentionHit], list[int]]:
        """The frameworks the cue ending at b can be about, with their starts. A cue about a summit ("joined
        the summit") says nothing of a framework; "signed at Bletchley" is about the summit's one declaration."""
        text, inside = self.text, sentence.inside
        following = None
        for i in range(bisect_left(sentence.inside_starts, b), len(inside)):
            h = inside[i]
            if not (h.target_type == "summit" and sentence.framework_spans.covers(h.start, h.end)):
                following = h
                break
        if (
            following is None
            or following.target_type != "summit"
            or not _UP_TO_3_WORDS.fullmatch(text, b, following.start)
        ):
            return sentence.frameworks, sentence.framework_starts
        outcome = self.outcomes.get(following.key, ())
        if not _AT_SUMMIT.fullmatch(text, b, following.start) or len(outcome) != 1:
            return [], []
        name = self.names.get(("framework", outcome[0]), "")
        return [mention(text, "framework", outcome[0], name, following.start, following.end)], [
            following.start
        ]

    def _agents(self, sentence: _Sentence, a: int, b: int):
        """(subjects, side of the object, confidence) for the cue at text[a:b], or None: nobody named takes it."""
        text, lists = self.text, sentence.lists
        confidence = 0.8 * sentence.factor
        i = bisect_left(sentence.list_starts, b)
        after = lists[i] if i < len(lists) else None  # the first list after the cue
        before = last_ending_by(lists, sentence.list_starts, a, lambda lst: lst[-1].end)
        if (
            after is not None
            and _GATHERING.search(text, a, b)
            and _GATHERED_FROM.fullmatch(text, b, after[0].start)
        ):
            # "The agreement brought together ministers and officials from A, B and C": those named after "from".
            return after, "before", confidence
        if (agents := self._agents_of_the_act(sentence, a, b)) is not None:
            return agents, "before", confidence
        passive = _PASSIVE.match(text, b) or (_GROUP_CUE.search(text, a, b) and _COPULA.match(text, b))
        if not passive and describes(text, sentence, a, b):
            return None
        if wished_for(text, sentence.start, a):
            return None  # "called for AI governance to be led by the UN": wished for, not done
        if passive and (after is None or not agents_follow(text, b, after[0].start)):
            # "adopted by consensus", "signed by 61 countries, but notably the United States …": no actor
            # named as the agent.
            return None
        if passive:
            return with_more_agents(text, lists, i), "before", confidence
        # The clauses that say the actors before the cue are not its subject are set off by commas.
        commas = before is not None and text.find(",", sentence.start, a) >= 0
        if commas and (outer := before_relative_clause(text, sentence, before, a)) is not None:
            # "Japan, which chaired the G7 last year, initiated the process": Japan, not the G7.
            return outer, "after", confidence
        if (
            before is not None
            and not bracketed(text, before, a)
            and not (commas and in_apposition(text, sentence, before, a))
            and not another_subject_between(text, before[-1].end, a)
        ):
            return with_the_one_joined(text, sentence, before), "after", confidence
        if (
            after is not None
            and _OPENING.fullmatch(text, sentence.start, a)
            and not sentence.mention_spans.overlaps(sentence.start, a)  # "The resolution was adopted with …"
            and not _WITH_CLAUSE.search(text, b, after[0].start)
        ):
            # "Backing the plan were France and India": the actors follow a cue that opens the sentence.
            return after, "before", confidence * 0.9
        return None

    def _agents_of_the_act(self, sentence: _Sentence, a: int, b: int):
        """The agents after "by" of a noun of the act whose framework follows it ("the adoption of the New Delhi
        Declaration by 88 countries, including the US, UK and China"), or None."""
        text = self.text
        if not _NOMINAL_CUE.fullmatch(text, a, b):
            return None
        j = bisect_left(sentence.framework_starts, b)
        if j == len(sentence.frameworks) or not _OF_THE.fullmatch(text, b, sentence.framework_starts[j]):
            return None
        by = _BY.match(text, sentence.frameworks[j].end)
        i = bisect_left(sentence.list_starts, sentence.frameworks[j].end)
        if (
            by is None
            or i == len(sentence.lists)
            or not agents_follow(text, by.end(), sentence.lists[i][0].start)
        ):
            return None
        return with_more_agents(text, sentence.lists, i)

    def _object(self, sentence: _Sentence, a: int, b: int, frameworks, starts, subjects, object_side):
        """(framework, subjects): the framework the cue is about, and every actor taking it; None if none fits."""
        text = self.text
        i = bisect_left(starts, b)
        later = frameworks[i] if i < len(frameworks) else None  # the first after the cue
        earlier = last_ending_by(frameworks, starts, a, lambda f: f.end)  # the last before it
        if object_side == "before":
            return next(f for f in (earlier, later, frameworks[0]) if f is not None), subjects
        framework = next(f for f in (later, earlier, frameworks[0]) if f is not None)
        elsewhere = sentence.borrowed or framework.start < b
        if not object_fits(text, b, sentence, framework, elsewhere, self.heads):
            return None
        # "Britain signed the convention, alongside the United States and the EU"
        # "… signed together with the European Union and twenty States the Bletchley Declaration": joined
        # between the cue and the framework too.
        alongside = [
            hit
            for lst, phrase_start in sentence.joining[bisect_right(sentence.joining_starts, b) :]
            if phrase_start >= b and (lst[0].start > framework.end or lst[-1].end <= framework.start)
            for hit in lst
        ]
        return framework, subjects + alongside


_TOPIC_LIST = 3  # actors named, for a sentence to take the text's one framework from further back
_UP_TO_3_WORDS = re.compile(r"\s*+(?:\S++\s*+){0,3}+")


def _suggest(seen, actor, framework, position, evidence, cue, confidence):
    key = (actor.key, framework.key, position)
    confidence = round(confidence, 2)
    if key in seen and seen[key].confidence >= confidence:
        return
    start, end, text = evidence
    seen[key] = StanceSuggestion(
        actor.key, framework.key, position, text[start:end].strip(), cue, confidence, start, end
    )


def _is_law(framework: MentionHit, vocab: dict) -> bool:
    return bool(vocab.get(framework.key, set()) & {"act", "law"})


def _own_framework(actor: MentionHit, framework: MentionHit, vocab: dict) -> bool:
    """An organisation's own instrument ("G7" and the G7 Hiroshima AI Process, "ASEAN" and the ASEAN Guide on
    AI Governance and Ethics); a law is no organisation's instrument here (the EU and its AI Act)."""
    if not actor.organisation:
        return False
    words = vocab.get(framework.key, set())
    if not words or "act" in words or "law" in words:
        return False
    own = {canonical(w) for w in fold_phrase(actor.matched_text).split()} - {"of", "the", "for", "and"}
    return bool(own) and own <= words
