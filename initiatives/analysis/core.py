"""Mentions of actors, frameworks and summits in one Aho-Corasick pass, and stance suggestions.

Pure functions over text and an AliasIndex; nothing here touches the database except
AliasIndex.from_database(), which only reads.
"""

from __future__ import annotations

import datetime
import re
from collections import OrderedDict
from dataclasses import dataclass, field

import ahocorasick

from .folding import BOUNDARY, FoldedText, fold_phrase

_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z'’.\-]{2,}(?:[ \t]+[A-Z][A-Z'’.\-]+)*(?:,[ \t]*[A-Z][\w.'’\- ]{1,40}?)*"
    r"(?:[ \t]*\([^)\n]{2,40}\))?[ \t]*[-–—]{1,2}[ \t]",
    re.M,
)
_BOILERPLATE = re.compile(
    r"^[ \t]*(?:related\b|read more|see also|more from|also read|read also|recommended|most read|"
    r"advertisement|sign up|subscribe|follow us|share this|topics:|tags:).*$",
    re.M | re.I,
)
_ACTOR_NOUNS = {
    "president", "premier", "prime", "minister", "ministry", "government", "officials", "official",
    "delegation", "delegates", "diplomats", "diplomat", "leader", "leaders", "leadership", "side",
    "authorities", "administration", "embassy", "envoy", "negotiators", "regulators", "lawmakers",
    "parliament", "cabinet", "chancellor", "ambassador", "spokesperson", "spokesman", "spokeswoman",
    "counterpart", "counterparts", "foreign", "vice", "state", "commerce",
}
_LOCATIVE = {"in", "at", "from", "to", "near", "outside", "via", "into", "across", "around", "visit", "visited", "of"}
_NOT_CAPITAL_AFTER = {"based", "agreement", "accord", "accords", "climate", "olympics", "post", "stock", "times",
                      "university", "time", "summit", "forum", "conference", "meeting", "correspondent", "bureau"}


@dataclass(frozen=True)
class AliasEntry:
    text: str
    target_type: str  # "actor" | "framework" | "summit"
    key: str  # actor code or framework/summit slug
    name: str
    kind: str = "name"
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    def valid_on(self, day: datetime.date | None) -> bool:
        if self.valid_from is None and self.valid_to is None:
            return True
        if day is None:  # undated article: only an open-ended term can be meant
            return self.valid_to is None
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)


class AliasIndex:
    """Every alias folded into one Aho-Corasick automaton: matching costs the same for 100 or 10,000."""

    _cached: AliasIndex | None = None

    def __init__(self, entries):
        self.entries = list(entries)
        table: dict[str, list[AliasEntry]] = {}
        for entry in self.entries:
            folded = fold_phrase(entry.text)
            if folded:
                table.setdefault(f" {folded} ", []).append(entry)
        self.automaton = ahocorasick.Automaton()
        for pattern, group in table.items():
            self.automaton.add_word(pattern, (len(pattern.split()), tuple(group)))
        if table:
            self.automaton.make_automaton()
        self._empty = not table

    @classmethod
    def from_database(cls) -> AliasIndex:
        if cls._cached is None:
            cls._cached = cls(entries=list(_entries_from_database()))
        return cls._cached

    @classmethod
    def clear_cache(cls) -> None:
        cls._cached = None

    def find(self, folded: FoldedText):
        """(first_token, last_token, entries) for every alias occurrence, overlaps included."""
        if self._empty:
            return
        for end, (ntokens, group) in self.automaton.iter(folded.folded):
            last = folded.token_at(end - 1)
            yield last - ntokens + 1, last, group


def _entries_from_database():
    from ..models import Actor, Alias, Framework, Summit

    for actor in Actor.objects.only("code", "name", "kind"):
        yield AliasEntry(actor.name, "actor", actor.code, actor.name)
        if actor.kind == "organisation" and actor.code not in {"AU", "COE", "IFAD"}:
            yield AliasEntry(actor.code, "actor", actor.code, actor.name, "abbreviation")
    for framework in Framework.objects.only("slug", "name", "short_name"):
        yield AliasEntry(framework.name, "framework", framework.slug, framework.name)
        if framework.short_name:
            yield AliasEntry(framework.short_name, "framework", framework.slug, framework.name)
    for summit in Summit.objects.only("slug", "name"):
        yield AliasEntry(summit.name, "summit", summit.slug, summit.name)
    for alias in Alias.objects.select_related("actor", "framework", "summit"):
        if alias.actor_id:
            target, key, kind = alias.actor, alias.actor.code, "actor"
        elif alias.framework_id:
            target, key, kind = alias.framework, alias.framework.slug, "framework"
        else:
            target, key, kind = alias.summit, alias.summit.slug, "summit"
        yield AliasEntry(alias.text, kind, key, target.name, alias.kind, alias.valid_from, alias.valid_to)


@dataclass(frozen=True)
class MentionHit:
    target_type: str
    key: str
    name: str
    start: int
    end: int
    matched_text: str
    snippet: str


@dataclass(frozen=True)
class StanceSuggestion:
    actor: str
    framework: str
    position: str
    evidence: str
    cue: str
    confidence: float
    start: int
    end: int


@dataclass
class TargetCount:
    key: str
    name: str
    count: int


@dataclass
class Analysis:
    mentions: list[MentionHit] = field(default_factory=list)
    stances: list[StanceSuggestion] = field(default_factory=list)

    def _counts(self, target_type):
        counts: OrderedDict[str, TargetCount] = OrderedDict()
        for hit in self.mentions:
            if hit.target_type == target_type:
                counts.setdefault(hit.key, TargetCount(hit.key, hit.name, 0)).count += 1
        return list(counts.values())

    @property
    def actors(self):
        return self._counts("actor")

    @property
    def frameworks(self):
        return self._counts("framework")

    @property
    def summits(self):
        return self._counts("summit")

    def to_json(self) -> dict:
        return {
            "actors": [{"code": a.key, "name": a.name, "mentions": a.count} for a in self.actors],
            "frameworks": [{"slug": f.key, "name": f.name} for f in self.frameworks],
            "summits": [{"slug": s.key, "name": s.name} for s in self.summits],
            "stances": [
                {"actor": s.actor, "framework": s.framework, "position": s.position,
                 "evidence": s.evidence, "confidence": round(s.confidence, 2)}
                for s in self.stances
            ],
        }


def _excluded_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _DATELINE.finditer(text)]
    spans += [(m.start(), m.end()) for m in _BOILERPLATE.finditer(text)]
    return spans


def _accept(entry: AliasEntry, folded: FoldedText, first: int, last: int, published) -> bool:
    if not entry.valid_on(published):
        return False
    tokens = folded.tokens
    after = [t.folded for t in tokens[last + 1:last + 4]]
    if BOUNDARY in after:
        after = after[: after.index(BOUNDARY)]
    if entry.kind == "demonym":
        return any(word in _ACTOR_NOUNS for word in after)
    if entry.kind == "capital":
        before = tokens[first - 1].folded if first > 0 else ""
        return before not in _LOCATIVE and not (after and after[0] in _NOT_CAPITAL_AFTER)
    return True


def find_mentions(text: str, index: AliasIndex, *, published=None) -> list[MentionHit]:
    folded = FoldedText(text)
    excluded = _excluded_spans(text)
    candidates = []
    for first, last, group in index.find(folded):
        accepted = [e for e in group if _accept(e, folded, first, last, published)]
        if accepted:
            candidates.append((first, -(last - first), last, accepted[0]))
    candidates.sort()
    hits, taken_until = [], -1
    for first, _, last, entry in candidates:
        if first <= taken_until:
            continue
        taken_until = last
        start, end = folded.span(first, last)
        if any(s < end and start < e for s, e in excluded):
            continue
        if entry.target_type == "block":
            continue
        snippet = text[max(0, start - 80):end + 80].replace("\n", " ").strip()
        hits.append(MentionHit(entry.target_type, entry.key, entry.name, start, end, text[start:end], snippet))
    return hits


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?[ \t]+(?=[\"“(]?[A-Z0-9])|\n+")
# Dots that do not end a sentence: "U.S.", "Mr.", "Nov."
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.(?:[A-Z]\.)*|\b(?:Mr|Mrs|Ms|Dr|St|No|Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec|Gov|Sen|Rep|Gen|Prof|Inc|Corp|Jr|vs)\.)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, cut at sentence punctuation or line breaks."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.group().strip(" \t") == "" and "\n" not in match.group() and _ABBREVIATION.search(text[start:match.start()]):
            continue
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans
_CUES = [
    ("declines", re.compile(r"\b(?:refus|declin)\w* to (?:sign|join|endorse|back|support|adopt)\w*|"
                            r"\bstay\w* out\b|\bstayed out\b|\bopted out\b|\babsent from\b|\bnot among the signator", re.I)),
    ("withdraws", re.compile(r"\bwithdr[ae]w\w*|\bpull\w* out\b|\bexit\w*", re.I)),
    ("opposes", re.compile(r"\breject\w*|\boppos\w*|\bcritici[sz]\w*|\bpush\w* back\b|\bobject\w* to\b|"
                           r"\bvot\w* against\b", re.I)),
    ("ratifies", re.compile(r"\bratif\w*|\baccede\w*|\baccession\b", re.I)),
    ("signs", re.compile(r"\bsign(?:s|ed|ing)?\b|\bsignator\w*|\bjoin(?:s|ed|ing)?\b|\badopt\w*", re.I)),
    ("supports", re.compile(r"\bback(?:s|ed|ing)\b|\bendors\w*|\bwelcom\w*|\bprais\w*|\bco-?sponsor\w*|"
                            r"\bsupport\w*", re.I)),
    ("proposes", re.compile(r"\bpropos\w*|\blaunch\w*|\bunveil\w*|\bannounc\w*|\bcall\w* for\b|\bfloat\w*|"
                            r"\bchampion\w*|\bpromot\w*", re.I)),
]
_NEGATION = re.compile(r"\b(?:not|never|n't|no longer|without)\b[\w\s']{0,20}$", re.I)
_NEGATED = {"signs": "declines", "supports": "declines", "ratifies": "declines"}


def suggest_stances(text: str, hits: list[MentionHit]) -> list[StanceSuggestion]:
    sentences = split_sentences(text)
    seen: dict[tuple, StanceSuggestion] = {}
    previous_frameworks: list[MentionHit] = []
    previous_start = 0
    for s_start, s_end in sentences:
        inside = [h for h in hits if s_start <= h.start < s_end]
        actors = [h for h in inside if h.target_type == "actor"]
        frameworks = [h for h in inside if h.target_type == "framework"]
        confidence_factor, evidence_start = 1.0, s_start
        if not frameworks and previous_frameworks:
            frameworks, confidence_factor = previous_frameworks, 0.7
            evidence_start = previous_start
        sentence = text[s_start:s_end]
        if not sentence.rstrip().endswith((".", "!", "?", '"', "”")):
            # A headline: terse and often loose with tense; the body's sentence is better evidence.
            confidence_factor *= 0.8
        if actors and frameworks:
            cue_spans = []
            for position, pattern in _CUES:
                for match in pattern.finditer(sentence):
                    a, b = match.start() + s_start, match.end() + s_start
                    if any(a < e and s < b for s, e, _ in cue_spans) or any(h.start <= a < h.end for h in inside):
                        continue
                    cue_spans.append((a, b, position))
            cue_spans.sort()
            previous_cue_end = s_start
            for a, b, position in cue_spans:
                if _NEGATION.search(text[max(s_start, a - 30):a]):
                    position = _NEGATED.get(position)
                passive = re.match(r"\s+by\b|\s+include", text[b:b + 10])
                if passive:
                    subjects = [h for h in actors if h.start >= b]
                else:
                    subjects = [h for h in actors if previous_cue_end <= h.start < a] or [
                        h for h in actors if h.start < a
                    ][-1:]
                previous_cue_end = b
                if position is None or not subjects:
                    continue
                framework = min(frameworks, key=lambda h, a=a: abs(h.start - a))
                for actor in subjects:
                    key = (actor.key, framework.key, position)
                    confidence = round(0.8 * confidence_factor, 2)
                    if key in seen and seen[key].confidence >= confidence:
                        continue
                    seen[key] = StanceSuggestion(
                        actor.key, framework.key, position, text[evidence_start:s_end].strip(),
                        text[a:b], confidence, evidence_start, s_end,
                    )
        previous_frameworks = [h for h in inside if h.target_type == "framework"]
        previous_start = s_start
    return sorted(seen.values(), key=lambda s: s.start)


def analyse(text: str, index: AliasIndex, *, published=None, title: str = "") -> Analysis:
    hits = find_mentions(text, index, published=published)
    return Analysis(mentions=hits, stances=suggest_stances(text, hits))
