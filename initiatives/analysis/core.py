"""Mentions of actors, frameworks and summits in one Aho-Corasick pass, and stance suggestions.

Pure functions over text and an AliasIndex; nothing here touches the database except
AliasIndex.from_database(), which only reads.
"""

from __future__ import annotations

import datetime
import re
import time
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field

import ahocorasick

from .folding import BOUNDARY, FoldedText, fold_phrase
from .paraphrase import ELLIPSIS, SignatureIndex, canonical, signature

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:\d{{1,2}}[ \t]+{_MONTH}|{_MONTH}[ \t]+\d{{1,2}})(?:,?[ \t]+\d{{4}})?"
# "WASHINGTON (Reuters) -", "GYEONGJU, South Korea, Nov 1 (Reuters) -", "NEW DELHI:", "Beijing (Xinhua) --",
# "Paris, 11 February 2025 -": a place at the start of a line, then an agency or a date, then a dash.
_DATELINE = re.compile(
    rf"""^[ \t]*(?:
        [A-Z][A-Z'’.\-]{{2,}}(?:[ \t]+[A-Z][A-Z'’.\-]+)*(?:,[ \t]*[A-Z][\w.'’\- ]{{1,40}}?)*
            (?:,[ \t]*{_DATE})?(?:[ \t]*\([^)\n]{{2,40}}\))?[ \t]*(?:[-–—]{{1,2}}|:)
      | [A-Z][a-z'’.\-]+(?:[ \t]+[A-Z][a-z'’.\-]+){{0,2}}(?:,[ \t]*[A-Z][\w.'’\- ]{{1,40}}?)?
            (?:(?:,[ \t]*{_DATE})?[ \t]*\([A-Z][^)\n]{{1,40}}\)|,[ \t]*{_DATE})[ \t]*(?:[-–—]{{1,2}}|:)
    )[ \t]""",
    re.M | re.X,
)
_BOILERPLATE = re.compile(
    r"^[ \t]*(?:related(?:[ \t]+(?:stories|articles|news|content|coverage|reading|links|topics|posts))?\b[ \t]*:?[ \t]*$|"
    r"related[ \t]*:|read more\b|see also\b|more from\b|more on this\b|more stories\b|also read\b|read also\b|"
    r"recommended\b|most read\b|most popular\b|top stories\b|trending\b|latest news\b|further reading\b|"
    r"you (?:may|might) also like\b|don'?t miss\b|editor'?s picks?\b|advertisement\b|sign up\b|subscribe\b|"
    r"follow us\b|share this\b|topics:|tags:|we use cookies\b|this (?:site|website) uses cookies\b|"
    r"all rights reserved\b|©|copyright\b).*$",
    re.M | re.I,
)
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


@dataclass(frozen=True)
class AliasEntry:
    text: str
    target_type: str  # "actor" | "framework" | "summit"
    key: str  # actor code or framework/summit slug
    name: str
    kind: str = "name"
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    # An organisation (EU, APEC, OECD) is named even inside a framework's or summit's name; a country is
    # not ("the Seoul Declaration"). None: decided from the code (ISO alpha-3 codes are countries).
    organisation: bool | None = None

    def valid_on(self, day: datetime.date | None) -> bool:
        if self.valid_from is None and self.valid_to is None:
            return True
        if day is None:  # undated article: only an open-ended term can be meant
            return self.valid_to is None
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )

    @property
    def is_organisation(self) -> bool:
        if self.target_type != "actor":
            return False
        if self.organisation is not None:
            return self.organisation
        return not _ISO3.fullmatch(self.key)


_ISO3 = re.compile(r"[A-Z]{3}")


class AliasIndex:
    """Every alias folded into one Aho-Corasick automaton: matching costs the same for 100 or 10,000.

    Long framework and summit names are also matched in any word order and under paraphrases
    (paraphrase.py), in the same single reading of the text.
    """

    _cached: AliasIndex | None = None
    _cached_version = None
    _cached_at = 0.0
    # When the shared version cannot be read (cache away), a cached index is trusted this long.
    UNVERIFIED_SECONDS = 60.0

    def __init__(
        self,
        entries,
        outcomes: dict[str, list[str]] | None = None,
        hosts: list[tuple[str, frozenset[str], datetime.date]] | None = None,
    ):
        self.entries = list(entries)
        table: dict[str, list[AliasEntry]] = {}
        signatures: dict[frozenset[str], list[AliasEntry]] = {}
        windows: dict[frozenset[str], list[AliasEntry]] = {}
        self.heads: dict[str, set[str]] = {}  # framework slug -> the nouns that can refer back to it
        self.outcomes: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in (outcomes or {}).items()}
        # (summit slug, host and co-host codes, first day) of summits a text may name by their host alone
        # ("South Korea will host the next summit").
        self.hosts = list(hosts or [])
        self.names = {(e.target_type, e.key): e.name for e in self.entries}
        self.vocab: dict[str, set[str]] = {}  # framework slug -> every word of its names
        for entry in self.entries:
            folded = fold_phrase(entry.text)
            if not folded:
                continue
            if entry.target_type == "framework":
                self.vocab.setdefault(entry.key, set()).update(canonical(w) for w in folded.split())
                self.heads.setdefault(entry.key, set()).update(
                    canonical(w) for w in folded.split() if canonical(w) in _HEADS
                )
            if any(mark in entry.text for mark in ELLIPSIS):
                # "APEC … Shenzhen": the words near each other in one sentence, in any order.
                sig = signature(folded.split(), window=True)
                if sig is not None:
                    windows.setdefault(sig, []).append(entry)
                continue
            table.setdefault(f" {folded} ", []).append(entry)
            if (
                entry.target_type in ("framework", "summit")
                and entry.kind not in _NOT_LOOSE_KINDS
                and entry.valid_from is None
                and entry.valid_to is None
            ):
                sig = signature(folded.split())
                if sig is not None:
                    signatures.setdefault(sig, []).append(entry)
        self.automaton = ahocorasick.Automaton()
        for pattern, group in table.items():
            self.automaton.add_word(pattern, (len(pattern.split()), tuple(group)))
        if table:
            self.automaton.make_automaton()
        self._empty = not table
        # A signature that is also some other target's exact name would be ambiguous: keep one target only.
        self.signatures = SignatureIndex(
            {
                sig: tuple(group)
                for sig, group in signatures.items()
                if len({(e.target_type, e.key) for e in group}) == 1
            },
            {sig: tuple(group) for sig, group in windows.items()},
        )

    @classmethod
    def from_database(cls) -> AliasIndex:
        """The index of the aliases in the database, rebuilt when any process changed them since."""
        from .freshness import index_version

        version = index_version()
        cached = cls._cached
        if cached is not None:
            if version is not None and version == cls._cached_version:
                return cached
            if version is None and time.monotonic() - cls._cached_at < cls.UNVERIFIED_SECONDS:
                return cached
        index = cls(
            entries=list(_entries_from_database()),
            outcomes=_outcomes_from_database(),
            hosts=_hosts_from_database(),
        )
        cls._cached, cls._cached_version, cls._cached_at = index, version, time.monotonic()
        return index

    @classmethod
    def clear_cache(cls) -> None:
        cls._cached = None
        cls._cached_version = None

    def find(self, folded: FoldedText):
        """(first_token, last_token, entries) for every alias occurrence, overlaps included."""
        if self._empty:
            return
        for end, (ntokens, group) in self.automaton.iter(folded.folded):
            last = folded.token_at(end - 1)
            yield last - ntokens + 1, last, group
        if self.signatures:
            yield from self.signatures.find([canonical(t.folded) for t in folded.tokens])


_NOT_LOOSE_KINDS = {"abbreviation", "leader", "demonym", "capital"}
# Nouns by which a text refers back to a framework it has named ("the declaration", "the body").
_HEADS = {
    "declaration",
    "initiative",
    "plan",
    "convention",
    "resolution",
    "act",
    "process",
    "group",
    "organization",
    "principle",
    "compact",
    "recommendation",
    "panel",
    "pact",
    "framework",
    "law",
    "dialogue",
}


def _hosts_from_database() -> list[tuple[str, frozenset[str], datetime.date]]:
    from ..models import Summit

    hosts = []
    summits = Summit.objects.exclude(series="unga").exclude(start_date=None).select_related("host")
    for summit in summits.prefetch_related("co_hosts"):
        codes = {summit.host.code} if summit.host_id else set()
        codes |= {actor.code for actor in summit.co_hosts.all()}
        if codes:
            hosts.append((summit.slug, frozenset(codes), summit.start_date))
    return hosts


def _outcomes_from_database() -> dict[str, list[str]]:
    from ..models import Summit

    outcomes: dict[str, list[str]] = {}
    for summit_slug, framework_slug in Summit.outcomes.through.objects.values_list(
        "summit__slug", "framework__slug"
    ):
        outcomes.setdefault(summit_slug, []).append(framework_slug)
    return outcomes


def _entries_from_database():
    from ..models import Actor, Alias, Framework, Summit

    organisations = set()
    for actor in Actor.objects.only("code", "name", "kind"):
        is_organisation = actor.kind == "organisation"
        if is_organisation:
            organisations.add(actor.code)
        yield AliasEntry(actor.name, "actor", actor.code, actor.name, organisation=is_organisation)
        if is_organisation and actor.code not in {"AU", "COE", "IFAD"}:
            yield AliasEntry(actor.code, "actor", actor.code, actor.name, "abbreviation", organisation=True)
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
        yield AliasEntry(
            alias.text,
            kind,
            key,
            target.name,
            alias.kind,
            alias.valid_from,
            alias.valid_to,
            organisation=(key in organisations) if kind == "actor" else None,
        )


@dataclass(frozen=True)
class MentionHit:
    target_type: str
    key: str
    name: str
    start: int
    end: int
    matched_text: str
    snippet: str
    organisation: bool = False


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
                {
                    "actor": s.actor,
                    "framework": s.framework,
                    "position": s.position,
                    "evidence": s.evidence,
                    "cue": s.cue,
                    "confidence": round(s.confidence, 2),
                }
                for s in self.stances
            ],
        }


_LINE = re.compile(r"[^\n]*(?:\n|$)")
_SENTENCE_LINE = re.compile(r"[.!?][\"”’)\]]?\s*$")


def _link_list_spans(text: str) -> list[tuple[int, int]]:
    """Lines of link lists that survive extraction: menus, "related stories", "most read".

    A link list shows as a run of short lines that are not sentences. A run of three or more is dropped;
    so is any such line right after a boilerplate heading ("Read more", "Related stories").
    """
    spans, run, after_heading = [], [], False

    def close():
        if len(run) >= 3 or (run and run[0][2]):
            spans.extend((a, b) for a, b, _ in run)
        run.clear()

    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            if match.end() >= len(text):
                break
            continue
        if _BOILERPLATE.match(stripped):
            close()
            spans.append((match.start(), match.end()))
            after_heading = True
            continue
        words = len(stripped.split())
        # After a boilerplate heading, any short line is a link; elsewhere only menu-like items of a few words
        # (a list of content keeps its bullets: trafilatura writes them as "- …", and drops link lists itself).
        is_item = not _SENTENCE_LINE.search(stripped) and (
            words <= 16 if after_heading else words <= 4 and not stripped.startswith(("- ", "• "))
        )
        if is_item:
            run.append((match.start(), match.end(), after_heading))
        else:
            close()
            after_heading = False
    close()
    return spans


class Spans:
    """Character spans, asked whether any overlaps or covers a range in O(log n)."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.max_end, top = [], -1
        for _, e in self.spans:
            top = max(top, e)
            self.max_end.append(top)

    def _reach(self, position: int, inclusive: bool) -> int:
        i = (bisect_right if inclusive else bisect_left)(self.starts, position)
        return self.max_end[i - 1] if i else -1

    def overlaps(self, start: int, end: int) -> bool:
        return self._reach(end, inclusive=False) > start

    def covers(self, start: int, end: int) -> bool:
        return self._reach(start, inclusive=True) >= end


def _excluded_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _DATELINE.finditer(text)]
    spans += _link_list_spans(text)
    return sorted(spans)


def _accept(entry: AliasEntry, folded: FoldedText, first: int, last: int, published) -> bool:
    if not entry.valid_on(published):
        return False
    tokens = folded.tokens
    if entry.kind == "abbreviation":
        # "US", not "us"; "UN", not "un": short abbreviations only in capitals (a possessive "'s" aside).
        original = re.sub(r"['’]s$", "", folded.text[tokens[first].start : tokens[last].end])
        letters = [ch for ch in original if ch.isalpha()]
        if len(letters) <= 3 and not all(ch.isupper() for ch in letters):
            return False
        if all(ch.islower() for ch in letters):
            return False
    if entry.target_type == "actor" and not (
        folded.text[tokens[first].start].isupper() or entry.text[:1].islower()
    ):
        return False  # names are capitalised: "turkey", "china" and "chile" are food, porcelain and peppers
    after = [t.folded for t in tokens[last + 1 : last + 4]]
    if BOUNDARY in after:
        after = after[: after.index(BOUNDARY)]
    before = tokens[first - 1].folded if first > 0 else ""
    if entry.target_type == "actor" and after and after[0] in _NOT_ACTOR_AFTER:
        return False  # "U.S. rivals", "China tech stocks": the country's firms or markets, not its government
    if entry.kind == "demonym":
        return any(word in _ACTOR_NOUNS for word in after) and before not in _NOT_DEMONYM_BEFORE
    if entry.kind == "capital":
        if after and after[0] in _NOT_CAPITAL_AFTER:
            return False
        if before in _LOCATIVE:
            return False
        if not _capital_as_subject(folded, last):
            return False
        if before in ("and", "or"):
            # "in Silicon Valley and London": a coordinated place.
            back = [t.folded for t in tokens[max(0, first - 6) : first - 1]]
            if BOUNDARY in back:
                back = back[len(back) - back[::-1].index(BOUNDARY) :]
            return not any(word in _LOCATIVE for word in back)
    return True


def _capital_as_subject(folded: FoldedText, last: int) -> bool:
    """A capital stands for its government where what follows reads as its verb or its possession
    ("Beijing said", "Washington's answer", "Tokyo and Seoul"), not as a place's attribute ("Seoul cherry
    blossom", "Seoul-listed shares", "the Seoul Tourism Summit")."""
    tokens, text = folded.tokens, folded.text
    end = tokens[last].end
    if re.match(r"['’]s?\b", text[end - 2 : end]) or text[end : end + 1] in ("'", "’"):
        return True  # possessive
    if last + 1 >= len(tokens) or tokens[last + 1].folded == BOUNDARY:
        return True
    following = tokens[last + 1]
    between = text[end : following.start]
    if "-" in between:
        return False  # "Seoul-listed", "Paris-based"
    if "," in between or "(" in between or '"' in between:
        return True
    word = following.folded
    if text[following.start].isupper():
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
_NOT_DEMONYM_BEFORE = {"a", "an"}  # "a French official" is one person, not the government


def find_mentions(text: str, index: AliasIndex, *, published=None, sentences=None) -> list[MentionHit]:
    """Mentions, longest first where names overlap.

    Inside a chosen framework or summit name, organisations are mentions too (the EU in "the EU AI Act"),
    and so are summits and frameworks ("the Paris AI Action Summit declaration" names the summit, "the
    meeting of the HAP Friends Group" the group); countries and cities are not ("Seoul Declaration").
    Then references back to frameworks already named ("the declaration", "the body") and to a summit's
    outcome ("the statement at the Paris AI summit") are added.
    """
    folded = FoldedText(text)
    excluded = Spans(_excluded_spans(text))
    candidates = []
    for first, last, group in index.find(folded):
        start, end = folded.span(first, last)
        if excluded.overlaps(start, end):
            continue  # datelines and link lists are read before anything else, so they hide nothing
        accepted = [e for e in group if _accept(e, folded, first, last, published)]
        if accepted:
            candidates.append((first, -(last - first), last, accepted[0], accepted))
    candidates.sort(key=lambda c: c[:3])
    chosen, nested, windows, taken_until = [], [], [], -1
    for first, _, last, entry, accepted in candidates:
        if any(mark in entry.text for mark in ELLIPSIS):
            windows.append((first, last, entry))  # words near each other: only where no name is read
            continue
        if first <= taken_until:
            nested.append((first, last, accepted))
            continue
        taken_until = last
        chosen.append((first, last, entry))
    for first, last, entry in windows:
        if not any(f <= last and first <= t for f, t, e in chosen if e.target_type != "actor"):
            chosen.append((first, last, entry))
    chosen += _short_forms(folded, chosen)
    # Chosen names do not overlap: the one that can hold a nested match is the last to start before it.
    names = sorted(
        ((f, t, e) for f, t, e in chosen if e.target_type in ("framework", "summit")), key=lambda n: n[0]
    )
    name_starts = [f for f, _, _ in names]
    inner_until = -1
    for first, last, accepted in nested:
        if first <= inner_until:
            continue
        i = bisect_right(name_starts, first) - 1
        if i < 0 or names[i][1] < last:
            continue
        outer = names[i][2]
        inner = next(
            (
                e
                for e in accepted
                if (e.is_organisation and e.kind in ("name", "abbreviation"))
                # "the China-led resolution": a country that leads or backs it is named, not a place
                or (e.target_type == "actor" and _LED.match(text, folded.tokens[last].end))
                or (e.target_type == "framework" and outer.target_type == "summit")
                # "the Paris AI Action Summit declaration" names the summit; "the Bletchley Declaration" does not
                or (
                    e.target_type == "summit"
                    and outer.target_type == "framework"
                    and _names_a_meeting(e.text)
                )
            ),
            None,
        )
        if inner is not None:
            chosen.append((first, last, inner))
            inner_until = last
    chosen.sort(key=lambda c: (c[0], c[1]))
    hits = []
    for first, last, entry in chosen:
        start, end = folded.span(first, last)
        hits.append(_hit(text, entry.target_type, entry.key, entry.name, start, end, entry.is_organisation))
    sentences = sentences if sentences is not None else split_sentences(text)
    hits += _references(text, hits, index, sentences)
    hits += _hosted_summits(text, hits, index, sentences, published)
    hits.sort(key=lambda h: (h.start, h.end))
    return hits


_LED = re.compile(r"-(?:led|backed|proposed|sponsored|drafted|brokered|initiated)\b")


def _names_a_meeting(alias: str) -> bool:
    return bool({canonical(w) for w in fold_phrase(alias).split()} & {"summit", "forum", "session"})


def _short_forms(folded: FoldedText, chosen) -> list:
    """A leader named in full is later named by one part of the name ("Lee Jae-myung" … "Lee said")."""
    forms: dict[str, tuple[int, AliasEntry]] = {}
    for first, last, entry in chosen:
        if entry.kind == "leader" and last > first:
            for position in (first, last):
                token = folded.tokens[position]
                if len(token.folded) > 2 and folded.text[token.start].isupper():
                    forms.setdefault(token.folded, (last, entry))
    if not forms:
        return []
    taken = {p for f, t, _ in chosen for p in range(f, t + 1)}
    found = []
    for position, token in enumerate(folded.tokens):
        form = forms.get(token.folded)
        if form and position > form[0] and position not in taken and folded.text[token.start].isupper():
            found.append((position, position, form[1]))
    return found


_HOST = re.compile(r"\b(?:(?:co-?)?host|co-?chair)(?:s|ed|ing)?\b", re.I)
# Lower case: "the OECD Ministerial Council Meeting" is the name of another meeting.
_SUMMIT_WORD = re.compile(r"\b(?:summit|meeting|gathering|conference)\b")
_FUTURE = re.compile(r"\b(?:will|would|to|is set to|plans to|next)\b", re.I)


def _hosted_summits(text, hits, index, sentences, published) -> list[MentionHit]:
    """A tracked summit named by its host: "South Korea will co-host a virtual summit in six months",
    "India would host the next summit". The host's summit nearest the article's date, after it for the
    future tense and before it for the past, within a year and a half."""
    hosts = getattr(index, "hosts", [])
    if not hosts or published is None:
        return []
    names = getattr(index, "names", {})
    hits = sorted(hits, key=lambda h: h.start)
    starts = [h.start for h in hits]
    found = []
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        for cue in _HOST.finditer(sentence):
            # "will host a summit", "the AI summit the two leaders co-chaired"
            word = _SUMMIT_WORD.search(sentence, cue.end(), min(len(sentence), cue.end() + 60)) or next(
                iter(list(_SUMMIT_WORD.finditer(sentence, max(0, cue.start() - 40), cue.start()))[-1:]), None
            )
            if word is None:
                continue
            start, end = s_start + word.start(), s_start + word.end()
            actors = [
                h
                for h in hits[bisect_left(starts, s_start) : bisect_left(starts, s_start + cue.start())]
                if h.target_type == "actor" and h.end <= s_start + cue.start()
            ]
            if not actors:
                continue
            host = actors[-1].key
            following = "next" in sentence[min(cue.end(), word.start()) : max(cue.start(), word.end())]
            future = following or bool(_FUTURE.search(sentence, max(0, cue.start() - 25), cue.start()))
            best = None
            for slug, codes, first_day in hosts:
                if host not in codes:
                    continue
                days = (first_day - published).days
                if (future and not (14 if following else -7) <= days <= 550) or (
                    not future and not -550 <= days <= 7
                ):
                    continue
                if best is None or abs(days) < best[0]:
                    best = (abs(days), slug)
            inside = [h for h in hits if h.target_type == "summit" and h.start <= start < h.end]
            if best is None or any(h.key == best[1] for h in inside):
                continue
            found.append(_hit(text, "summit", best[1], names.get(("summit", best[1]), best[1]), start, end))
    return found


def _hit(text, target_type, key, name, start, end, organisation=False) -> MentionHit:
    snippet = text[max(0, start - 80) : end + 80].replace("\n", " ").strip()
    return MentionHit(target_type, key, name, start, end, text[start:end], snippet, organisation)


# "the declaration", "the final statement", "its proposed body", "the Friends Group", "the New Delhi text",
# "the Chinese-proposed organisation": a head noun after a determiner and at most two modifiers.
_REFERENCE = re.compile(
    r"\b(?:[Tt]he|[Ii]ts|[Tt]his|[Tt]hat)\s+"
    r"((?:(?!(?:and|or|of|to|for|in|at|on|by|with|same)\b)[A-Za-z][\w.’'-]*\s+){0,2}?)"
    r"((?i:declaration|statement|initiative|plan|convention|treaty|resolution|act|process|group|dialogue|"
    r"organi[sz]ation|body|principles|compact|recommendation|panel|pact|framework|law|text|document))\b(?!-)"
)
# Heads that can refer back to any framework, not only one whose name holds the word.
_GENERIC_HEADS = {"text", "document"}
_ATTRIBUTE = re.compile(r"[\w.’'-]+-(?:proposed|led|backed|drafted|sponsored|initiated|brokered)$")
# After a reference: the summit whose outcome it is ("the statement at the Paris AI summit").
_OF_SUMMIT = re.compile(
    r"\s+(?:(?:adopted|agreed|issued|signed|released|endorsed)\s+)?(?:at|of|from)\s+(?:the\s+)?$"
)
# A summit named only generically, in a sentence where one of its outcomes is adopted.
_GENERIC_SUMMIT = re.compile(r"\b(?:summit|leaders['’]? meeting|leaders['’]? session|meeting)\b", re.I)
_ADOPTION = re.compile(r"\b(?:adopt|agree|sign|issu|endors|unveil|releas|approv)\w*", re.I)


def _references(text: str, hits: list[MentionHit], index: AliasIndex, sentences) -> list[MentionHit]:
    heads = getattr(index, "heads", {})
    vocab = getattr(index, "vocab", {})
    outcomes = getattr(index, "outcomes", {})
    names = getattr(index, "names", {})
    spans = Spans((h.start, h.end) for h in hits if h.target_type != "actor")
    frameworks = sorted((h for h in hits if h.target_type == "framework"), key=lambda h: h.start)
    summits = sorted((h for h in hits if h.target_type == "summit"), key=lambda h: h.start)
    framework_starts = [h.start for h in frameworks]
    summit_starts = [h.start for h in summits]
    sentence_starts = [a for a, _ in sentences]
    found = []
    for match in _REFERENCE.finditer(text):
        start, end = match.start(2), match.end(2)
        if spans.overlaps(match.start(), end):
            continue
        head = canonical(fold_phrase(match.group(2)))
        if match.group(2)[0].isupper() and not match.group(1).strip():
            continue  # "The Act", "This Declaration": a title, not a reference
        # Capitalised modifiers must come from the name referred to ("the Friends Group", not "the Data Act").
        proper = [
            canonical(fold_phrase(w))
            for w in match.group(1).split()
            if w[:1].isupper() and not _ATTRIBUTE.search(w)
        ]

        def fits(key, head=head, proper=proper):
            if head not in _GENERIC_HEADS and head not in heads.get(key, ()):
                return False
            return all(word in vocab.get(key, ()) for word in proper)

        i = bisect_right(sentence_starts, start) - 1
        sentence = sentences[i] if i >= 0 else (start, end)
        key = None
        # "the statement at the Paris AI summit", "after the Paris AI summit, where … the final statement":
        # the outcome of a summit named next to it.
        i = bisect_left(summit_starts, end)
        summit = (
            summits[i] if i < len(summits) and _OF_SUMMIT.fullmatch(text, end, summits[i].start) else None
        )
        if summit is None:
            j = bisect_left(summit_starts, match.start()) - 1
            while j >= 0 and summits[j].end > match.start():
                j -= 1
            if j >= 0 and summits[j].start >= sentence[0]:
                summit = summits[j]
        if summit is not None and head not in _GENERIC_HEADS:
            matching = [f for f in outcomes.get(summit.key, ()) if fits(f)]
            if len(matching) == 1:
                key = matching[0]
        if key is None:
            if head in (
                "act",
                "process",
                "group",
                "framework",
                "law",
                "plan",
                "dialogue",
            ) and text.startswith(" of", end):
                continue  # "the process of", "the act of": not a name
            j = bisect_left(framework_starts, match.start()) - 1
            while j >= 0 and not (frameworks[j].end <= match.start() and fits(frameworks[j].key)):
                j -= 1
            if j >= 0:
                key = frameworks[j].key
        if key is not None:
            hit = _hit(text, "framework", key, names.get(("framework", key), key), match.start(), end)
            found.append(hit)
    # "The Gyeongju Declaration was adopted at the close of a two-day leaders' meeting": the summit.
    summit_of = {}
    for summit_key, framework_keys in outcomes.items():
        for framework_key in framework_keys:
            summit_of.setdefault(framework_key, set()).add(summit_key)
    named_summits = {h.key for h in summits}
    spans = Spans([*spans.spans, *((h.start, h.end) for h in found)])
    named = sorted([*frameworks, *found], key=lambda h: h.start)
    named_starts = [h.start for h in named]
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        inside = named[bisect_left(named_starts, s_start) : bisect_left(named_starts, s_end)]
        candidates = {k for h in inside if len(summit_of.get(h.key, ())) == 1 for k in summit_of[h.key]}
        if len(candidates) != 1 or not _ADOPTION.search(sentence):
            continue
        summit_key = candidates.pop()
        if summit_key in named_summits:
            continue
        for match in _GENERIC_SUMMIT.finditer(sentence):
            start, end = s_start + match.start(), s_start + match.end()
            if not spans.overlaps(start, end):
                found.append(
                    _hit(
                        text, "summit", summit_key, names.get(("summit", summit_key), summit_key), start, end
                    )
                )
                named_summits.add(summit_key)
                break
    return found


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?[ \t]+(?=[\"“(]?[A-Z0-9])|\n+")
# Dots that do not end a sentence: "U.S.", "Mr.", "Nov."
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]\.(?:[A-Z]\.)*|\b(?:Mr|Mrs|Ms|Dr|St|No|Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec|Gov|Sen|Rep|Gen|Prof|Inc|Corp|Jr|vs)\.)$"
)


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence, cut at sentence punctuation or line breaks."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if (
            match.group().strip(" \t") == ""
            and "\n" not in match.group()
            and _ABBREVIATION.search(text[start : match.start()])
        ):
            continue
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return tuple(spans)


# Cue patterns, strongest reading first: where two overlap, the earlier one wins ("refused to sign" is a
# decline, not a signature).
_CUES = [
    (
        "declines",
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
        "withdraws",
        re.compile(
            r"\bwithdr[ae]w\w*|\bpull\w* out\b|\bexit(?:s|ed|ing)?\b|\bquit(?:s|ting)?\b|\brevok\w*|\brescind\w*|"
            r"\brenounc\w*",
            re.I,
        ),
    ),
    (
        "opposes",
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
        "neutral",
        re.compile(
            r"\bavoid\w* taking (?:any|a) position\b|\bnon-?committal\b|\bno position\b|\babstain\w*|\babstention\w*|\btakes? no position\b|\btook no position\b",
            re.I,
        ),
    ),
    (
        "ratifies",
        re.compile(
            r"\bratif\w*|\bacced\w*|\baccession\b|\bdeposit\w* (?:its |their |the )?instruments?\b", re.I
        ),
    ),
    (
        "signs",
        re.compile(
            r"\bsign(?:s|ed|ing)?\b|\bsignator\w*|\bjoin(?:s|ed|ing)?\b|\badopt\w*|\bput (?:its|their) names? to\b|"
            r"\badher\w*|\bsubscrib\w* to\b|\b(?:participants|members)(?=\s+(?:includ|were|are)\w*)|"
            r"\b(?:take|takes|took|taking) part\b|\bparticipat\w*|\bpart(?:y|ies) to\b",
            re.I,
        ),
    ),
    (
        "supports",
        re.compile(
            r"\bback(?:s|ed|ing)?\b|\bendors\w*|\bwelcom\w*|\bprais\w*|\bco-?sponsor\w*|\bsupport\w*|"
            r"\b(?:backers|supporters|proponents)\b|\b(?:re)?affirm\w*|\bapprov\w*|\bfavou?r(?:s|ed|ing)?\b|"
            r"\bstands? behind\b|\bstood behind\b|\bsigned on to\b|\bagreed to\b|\b(?:threw|throw\w*) (?:its|their) weight behind\b|\buph[eo]ld\w*|\bfund(?:s|ed|ing)\b|\bcontribut\w* to\b|\bengag\w* with\b|\bimplement\w*|\bhail\w*|\bapplaud\w*|\bembrac\w*|\bcommit\w* to\b|\bvot\w* for\b|\bvot\w* in favou?r\b",
            re.I,
        ),
    ),
    (
        "proposes",
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
_NEGATED = {"signs": "declines", "supports": "declines", "ratifies": "declines"}
# After a cue: the actors come after it ("signed by", "signatories include", "among the backers were").
_PASSIVE = re.compile(
    r"\w*,?\s+(?:by|includ\w*|also include\w*)\b|\w*\s*:|\w*\s+(?:came|come)\s+from\b", re.I
)
# After a noun cue for a group of actors ("the signatories were", "backers are"): the actors follow.
# Before a cue that opens its sentence ("Backing the plan were …", "Among the signatories were …").
_OPENING = re.compile(r"[\s\"“]*(?:[A-Za-z][a-z]*\s+)?(?:[a-z]+\s+){0,2}")
_ALONGSIDE = re.compile(
    r",?\s+(?:alongside|along with|together with|as did|as well as|joining)\s+(?:the\s+)?$", re.I
)
_GROUP_CUE = re.compile(
    r"(?:signator|backer|supporter|proponent|participant|member|co-?sponsor|sponsor|adherent|part)\w*$", re.I
)
_COPULA = re.compile(r"\w*,?\s+(?:were|are|was|is)\b", re.I)
# Before a cue: an adjective, not a verb ("the proposed body"): nobody is said to propose here.
_ATTRIBUTIVE = re.compile(r"\b(?:the|a|an|its|their|this|that|these|those|newly|so-called)\s+$", re.I)
# Between two actors of one list ("China, India and the United States").
_LIST_GAP = re.compile(
    r"^[\s,;]*(?:(?:and|&|as well as|plus|along with|together with|or)\b)?[\s,]*(?:the\s+)?$", re.I
)
_PRONOUN_START = re.compile(r"^[\s\"“]*(?:It|They|The country|The bloc)\b")


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


def _actor_lists(actors: list[MentionHit], text: str) -> list[list[MentionHit]]:
    """Actors grouped into coordinated lists ("France, India and Japan"), in order."""
    lists: list[list[MentionHit]] = []
    for hit in actors:
        if lists:
            previous = lists[-1][-1]
            gap = text[previous.end : hit.start]
            same = previous.key == hit.key and len(gap.split()) <= 3 and not re.search(r"[,;.]", gap)
            if same or _LIST_GAP.match(gap):
                lists[-1].append(hit)
                continue
        lists.append([hit])
    return lists


def _suggest(seen, actor, framework, position, evidence, cue, confidence):
    key = (actor.key, framework.key, position)
    confidence = round(confidence, 2)
    if key in seen and seen[key].confidence >= confidence:
        return
    start, end, text = evidence
    seen[key] = StanceSuggestion(
        actor.key, framework.key, position, text[start:end].strip(), cue, confidence, start, end
    )


# Before an actor: it is a place here, not a party ("at the United Nations", "within the UN framework").
_PLACE_BEFORE = re.compile(r"\b(?:at|in|inside|within|into|across|to|under)\s+(?:the\s+)?$", re.I)
# After an actor: its members are meant, not the organisation ("Council of Europe member states").
_MEMBERS_AFTER = re.compile(
    r"['’]?s?\s+(?:\d+\s+)?(?:member|members|member states|countries|nations)\b", re.I
)
# Before a cue: the position is not taken yet ("had not decided whether to join").
_HEDGE = re.compile(
    r"\b(?:whether|if)\s+(?:or not\s+)?to\s+$|\bundecided\b[\w\s]{0,20}$|\b(?:if|unless|whether)\b[^,.;:]{0,40}$",
    re.I,
)
_NOUN_PHRASE = re.compile(
    r"\s+(?:(?:from|to|on|with|for|in|into|behind|up to)\s+)?(the|a|an|its|their|this|that|these|any|another|such|no)"
    r"\s+([A-Za-z]+)(?:\s+([A-Za-z]+))?"
)
_NOT_A_REFERENCE = {"any", "another", "such", "no"}


_RUNS_ON = re.compile(r"(?:['’]s)?\s*")


def _subject_candidates(
    text: str, actors: list[MentionHit], frameworks: list[MentionHit]
) -> list[MentionHit]:
    """Actors that can take a position: not a place, not its members, not part of a framework's name."""
    kept = []
    framework_starts = [f.start for f in frameworks]
    for hit in actors:
        if _PLACE_BEFORE.search(text, max(0, hit.start - 20), hit.start):
            continue
        if _MEMBERS_AFTER.match(text, hit.end):
            continue
        # "the OECD's AI Principles", "the Council of Europe Framework Convention": the organisation's name
        # runs on into the framework's.
        following = bisect_left(framework_starts, hit.end)
        if following < len(frameworks) and _RUNS_ON.fullmatch(text, hit.end, frameworks[following].start):
            continue
        kept.append(hit)
    return kept


def _coordinated(framework: MentionHit, frameworks: list[MentionHit], text: str) -> list[MentionHit]:
    """The framework and those listed with it ("the Bletchley Declaration and the Seoul Declaration")."""
    ordered = sorted(frameworks, key=lambda f: f.start)
    i = ordered.index(framework)
    group = [framework]
    for step in (1, -1):
        j = i
        while 0 <= j + step < len(ordered):
            left, right = (ordered[j], ordered[j + step]) if step == 1 else (ordered[j + step], ordered[j])
            if not _LIST_GAP.match(text[left.end : right.start]):
                break
            j += step
            group.append(ordered[j])
    return group


def _is_law(framework: MentionHit, vocab: dict) -> bool:
    return bool(vocab.get(framework.key, set()) & {"act", "law"})


def _own_framework(actor: MentionHit, framework: MentionHit, vocab: dict) -> bool:
    """An organisation's own instrument ("UN" and a UN General Assembly resolution, "G7" and the G7 Hiroshima
    AI Process): it is the forum, not a party. Laws are the exception (the EU and its AI Act)."""
    if not actor.organisation:
        return False
    words = vocab.get(framework.key, set())
    if not words or "act" in words or "law" in words:
        return False
    own = {canonical(w) for w in fold_phrase(actor.matched_text).split()} - {"of", "the", "for", "and"}
    return bool(own) and own <= words


def suggest_stances(
    text: str, hits: list[MentionHit], index: AliasIndex | None = None, sentences=None
) -> list[StanceSuggestion]:
    vocab = getattr(index, "vocab", {}) if index is not None else {}
    outcomes = getattr(index, "outcomes", {}) if index is not None else {}
    names_of = getattr(index, "names", {}) if index is not None else {}
    sentences = sentences if sentences is not None else split_sentences(text)
    names = Spans((h.start, h.end) for h in hits if h.target_type in ("framework", "summit"))
    frameworks_all = [h for h in hits if h.target_type == "framework"]
    # An organisation named inside a framework's name ("the EU AI Act") is not the one taking a position.
    all_actors = _subject_candidates(
        text,
        [h for h in hits if h.target_type == "actor" and not names.covers(h.start, h.end)],
        frameworks_all,
    )
    seen: dict[tuple, StanceSuggestion] = {}
    previous: tuple[int, list[MentionHit], list[MentionHit]] | None = None
    hits = sorted(hits, key=lambda h: h.start)
    starts = {id(group): [h.start for h in group] for group in (hits, all_actors, frameworks_all)}

    def within(group, a, b):
        keys = starts[id(group)]
        return group[bisect_left(keys, a) : bisect_left(keys, b)]

    for s_start, s_end in sentences:
        inside = within(hits, s_start, s_end)
        actors = within(all_actors, s_start, s_end)
        frameworks = within(frameworks_all, s_start, s_end)
        summits = [h for h in inside if h.target_type == "summit"]
        sentence = text[s_start:s_end]
        factor, evidence_start = 1.0, s_start
        borrowed = False
        if not frameworks and previous and previous[2]:
            frameworks, factor, evidence_start, borrowed = previous[2], 0.7, previous[0], True
        elif not actors and previous and previous[1] and frameworks and _PRONOUN_START.match(sentence):
            actors, factor, evidence_start = _actor_lists(previous[1], text)[-1], 0.7, previous[0]
        if not sentence.rstrip().endswith((".", "!", "?", '"', "”", "’", "'")):
            # A headline: terse and often loose with tense; the body's sentence is better evidence.
            factor *= 0.8
        previous = (s_start, within(all_actors, s_start, s_end), within(frameworks_all, s_start, s_end))
        if not actors or not (frameworks or summits) or sentence.rstrip().rstrip("\"”’'").endswith("?"):
            continue  # a question states no position
        lists = _actor_lists(actors, text)
        cue_spans = []
        for position, pattern in _CUES:
            for match in pattern.finditer(sentence):
                a, b = match.start() + s_start, match.end() + s_start
                if any(a < e and s < b for s, e, _ in cue_spans) or any(h.start <= a < h.end for h in inside):
                    continue
                cue_spans.append((a, b, position))
        cue_spans.sort()
        for a, b, position in cue_spans:
            head = text[max(s_start, a - 40) : a]
            if _NEGATION.search(head):
                position = _NEGATED.get(position)
            if position is None or _HEDGE.search(head):
                continue
            if (
                _ATTRIBUTIVE.search(head)
                and position in ("proposes", "supports", "signs")
                and text[a:b].endswith("ed")
            ):
                continue
            cue_frameworks = frameworks
            # A cue about a summit ("joined the summit") says nothing of a framework; "signed at Bletchley"
            # is about the summit's declaration.
            following = [
                h
                for h in inside
                if h.start >= b
                and not (
                    h.target_type == "summit"
                    and any(f.start <= h.start and h.end <= f.end for f in frameworks)
                )
            ]
            if (
                following
                and following[0].target_type == "summit"
                and len(text[b : following[0].start].split()) <= 3
            ):
                summit = following[0]
                outcome = outcomes.get(summit.key, ())
                if (
                    not re.fullmatch(r"\s+(?:at|in)\s+(?:the\s+)?", text[b : summit.start])
                    or len(outcome) != 1
                ):
                    continue
                cue_frameworks = [
                    _hit(
                        text,
                        "framework",
                        outcome[0],
                        names_of.get(("framework", outcome[0]), ""),
                        summit.start,
                        summit.end,
                    )
                ]
            if not cue_frameworks:
                continue
            confidence = 0.8 * factor
            after = [lst for lst in lists if lst[0].start >= b]
            before = [lst for lst in lists if lst[-1].end <= a]
            passive = _PASSIVE.match(text, b) or (_GROUP_CUE.search(text, a, b) and _COPULA.match(text, b))
            if passive and not after:
                continue  # "adopted by consensus", "signed by 28 countries": no actor named as the agent
            if passive:
                subjects, object_side = after[0], "before"
            elif before:
                subjects, object_side = before[-1], "after"
            elif after and _OPENING.fullmatch(text, s_start, a):
                # "Backing the plan were France and India": the actors follow a cue that opens the sentence.
                subjects, object_side, confidence = after[0], "before", confidence * 0.9
            else:
                continue
            later = [f for f in cue_frameworks if f.start >= b]
            earlier = [f for f in cue_frameworks if f.end <= a]
            if object_side == "after":
                framework = (later or earlier[::-1] or cue_frameworks)[0]
                if not _object_fits(text, b, s_end, framework, lists, borrowed or framework.start < b):
                    continue
                # "Britain signed the convention, alongside the United States and the EU"
                subjects = subjects + [
                    hit
                    for lst in lists
                    if lst[0].start > max(b, framework.end) and _ALONGSIDE.search(text, b, lst[0].start)
                    for hit in lst
                ]
            else:
                framework = (earlier[::-1] or later or cue_frameworks)[0]
            if re.match(r"adopt|approv", text[a:b], re.I) and not _is_law(framework, vocab):
                # An organisation adopting a text is the forum where it is made, not a party to it.
                subjects = [h for h in subjects if not h.organisation]
            if POSITION_SIGN.get(position, 0) > 0:
                subjects = [h for h in subjects if not _own_framework(h, framework, vocab)]
            for target in _coordinated(framework, cue_frameworks, text):
                for actor in subjects:
                    _suggest(
                        seen, actor, target, position, (evidence_start, s_end, text), text[a:b], confidence
                    )
    return sorted(seen.values(), key=lambda s: s.start)


_POSSESSIVE = re.compile(r"['’]s?\b")
POSITION_SIGN = {"proposes": 1, "supports": 1, "signs": 1, "ratifies": 1, "neutral": 0}


def _object_fits(text: str, b: int, s_end: int, framework: MentionHit, lists, elsewhere: bool) -> bool:
    """Whether the framework can be what the cue (ending at b) is about.

    elsewhere: the framework is not after the cue in this sentence (before it, or in the sentence before):
    an explicit object after the cue must then be a word that can stand for it ("backed it", "the text",
    "the idea"). Otherwise the framework must come soon after the cue ("promoted the creation of a WAICO"),
    with no other actor in between (a new clause: "calls for X, and US officials will not join WAICO").
    """
    phrase = _NOUN_PHRASE.match(text, b, s_end)
    words = {w.lower() for w in phrase.groups()[1:] if w} if phrase else set()
    if elsewhere:
        if phrase and phrase.group(1).lower() in _NOT_A_REFERENCE:
            return False  # "would not sign any declaration": none in particular
        return not phrase or bool(words & _GENERIC_OBJECTS)
    if any(
        b <= lst[0].start < framework.start
        and not (lst[-1].matched_text.endswith(("'s", "’s")) or _POSSESSIVE.match(text, lst[-1].end))
        for lst in lists
    ):
        return False
    if phrase and phrase.start(2) < framework.start and not (words & _GENERIC_OBJECTS):
        return len(text[b : framework.start].split()) <= 6
    return True


def analyse(text: str, index: AliasIndex, *, published=None, title: str = "") -> Analysis:
    sentences = split_sentences(text)
    hits = find_mentions(text, index, published=published, sentences=sentences)
    return Analysis(mentions=hits, stances=suggest_stances(text, hits, index, sentences))
