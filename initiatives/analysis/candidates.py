"""New initiatives in the news: names of AI frameworks, bodies and summits that the registry lacks.

A candidate is a capitalised name of a few words ("the Shanghai Declaration on Global AI Governance",
"a new Global AI Safety Compact") that has a head noun saying what it is (Declaration, Compact,
Convention, Charter, Principles, Framework, Partnership, Summit, Organization, Initiative, Action
Plan…), an AI cue within the name itself (AI, artificial intelligence, algorithmic…: the sentence
alone would make every "Paris Agreement" next to an AI story a candidate), and no registered
framework, summit or organisation among its words (the alias index decides, so a variant a curator
added as an alias stops being a candidate).

A pure function over a text and an alias index, like the rest of this package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .folding import FoldedText, fold_phrase
from .index import AliasIndex
from .sentences import split_sentences

# Head nouns, with the kind of initiative each suggests.
SUMMIT_HEADS = {"summit", "conference", "forum", "meeting", "dialogue"}
BODY_HEADS = {
    "organization",
    "organisation",
    "agency",
    "institute",
    "institutes",
    "body",
    "council",
    "commission",
    "panel",
    "network",
    "alliance",
    "coalition",
    "partnership",
    "office",
    "centre",
    "center",
}
FRAMEWORK_HEADS = {
    "declaration",
    "compact",
    "convention",
    "charter",
    "principles",
    "framework",
    "initiative",
    "accord",
    "agreement",
    "treaty",
    "pact",
    "statement",
    "communique",
    "consensus",
    "code",
    "roadmap",
    "strategy",
    "guidelines",
    "recommendation",
    "resolution",
    "protocol",
    "plan",  # "Action Plan"
}
HEADS = SUMMIT_HEADS | BODY_HEADS | FRAMEWORK_HEADS
# Folded words that make a name an AI one.
AI_CUES = {"ai", "algorithmic", "algorithm", "algorithms", "aigovernance"}
AI_BIGRAMS = {("machine", "learning"), ("autonomous", "weapons"), ("autonomous", "weapon")}
# Lower-case words that may join the capitalised words of one name.
CONNECTORS = {"of", "on", "for", "the", "and", "in", "to", "&"}
DETERMINERS = {"the", "a", "an", "this", "that", "its", "their", "our", "new"}
MAX_WORDS = 14
# Capitalised words that end a name rather than belong to it ("… on Global AI Governance on Tuesday").
STOP_WORDS = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
}  # fmt: skip

# A quick look before the word-by-word reading: a sentence needs a capitalised head noun and an AI cue.
_HEAD_WORD = re.compile(
    r"\b(?:Communiqué|" + "|".join(sorted((h.capitalize() for h in HEADS), key=len, reverse=True)) + r")\b"
)
_AI_WORD = re.compile(
    r"\bA\.?I\b|[Aa]rtificial [Ii]ntelligence|[Aa]lgorithm|[Mm]achine [Ll]earning|[Aa]utonomous [Ww]eapon"
)
_WORD = re.compile(r"[^\W\d_][\w\-\.’']*[^\W_]|[^\W\d_]|&")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class CandidateHit:
    """One sighting of an unregistered name: the name as written, its folded key, the kind it
    suggests (framework, summit or body), and the sentence it was read in."""

    name: str
    normalised: str
    kind: str
    start: int
    end: int
    sentence: str


def normalise(name: str) -> str:
    """The key candidates are merged on: folded (case, accents, spellings, AI = artificial
    intelligence), without a leading article."""
    words = fold_phrase(name).split()
    while words and words[0] in DETERMINERS:
        words = words[1:]
    return " ".join(words)


def kind_of(words: list[str]) -> str | None:
    """framework, summit or body from the head noun: the last head before the first "of"/"on"/"for"
    ("Summit on AI Action", "Network of AI Safety Institutes"), else the first head after it."""
    folded = [fold_phrase(word) for word in words]
    before = []
    for word in folded:
        if word in {"of", "on", "for", "in", "to"}:
            break
        before.append(word)
    heads = [w for w in before if w in HEADS] or [w for w in folded if w in HEADS]
    if not heads:
        return None
    head = heads[-1] if [w for w in before if w in HEADS] else heads[0]
    if head in SUMMIT_HEADS:
        return "summit"
    if head in BODY_HEADS:
        return "body"
    return "framework"


def has_ai_cue(name: str) -> bool:
    words = fold_phrase(name).split()
    if AI_CUES.intersection(words):
        return True
    return any(pair in AI_BIGRAMS for pair in zip(words, words[1:], strict=False))


def registered(name: str, index: AliasIndex) -> bool:
    """Whether a registered framework or summit is named in it, or it is an organisation's name with
    nothing of its own after it ("Council of Europe AI" of "the Council of Europe AI convention")."""
    folded = FoldedText(name)
    for first, last, entries in index.find(folded):
        for entry in entries:
            if entry.target_type in ("framework", "summit"):
                return True
            own = folded.words[last + 1 :]
            if (
                entry.target_type == "actor"
                and entry.organisation
                and first == 0
                and not HEADS.intersection(own)
            ):
                return True
    return False


def registered_spans(text: str, start: int, end: int, index: AliasIndex) -> list[tuple[int, int]]:
    """Where the sentence text[start:end] names a registered framework or summit (text offsets): a
    longer registered name can run past where a candidate's capitals stop ("… for People and the Planet")."""
    folded = FoldedText(text[start:end])
    spans = []
    for first, last, entries in index.find(folded):
        if any(entry.target_type in ("framework", "summit") for entry in entries):
            a, b = folded.span(first, last)
            spans.append((start + a, start + b))
    return spans


def distinctive(name: str) -> bool:
    """A word of its own besides the AI cue, the head and generic words: "AI Principles" or "AI Office"
    alone names nothing in particular."""
    generic = AI_CUES | HEADS | CONNECTORS | DETERMINERS | {"global", "international", "world", "action"}
    return any(word not in generic for word in fold_phrase(name).split())


def _runs(text: str, start: int, end: int):
    """Maximal runs of capitalised words in text[start:end], joined by connectors and single spaces."""
    run: list[re.Match] = []
    for match in _WORD.finditer(text, start, end):
        word = match.group()
        joined = bool(run) and text[run[-1].end() : match.start()] in (" ", "\u00a0")
        capital = word[0].isupper()
        connector = word in CONNECTORS
        # "the" joins only after another connector ("Charter of the United Nations"); elsewhere it starts
        # a new name ("Under the Global AI Compact").
        if word == "the" and run and run[-1].group() not in {"of", "on", "for", "in", "to"}:
            connector = False
        if word in STOP_WORDS:
            capital = False
        if run and joined and (capital or connector) and not _POSSESSIVE.search(run[-1].group()):
            run.append(match)
            continue
        if run:
            yield run
        run = [match] if capital else []
    if run:
        yield run


def _trimmed(run: list[re.Match]) -> list[re.Match]:
    while run and (run[-1].group() in CONNECTORS or _POSSESSIVE.search(run[-1].group())):
        run = run[:-1]
    while run and (run[0].group().lower() in DETERMINERS or run[0].group() in CONNECTORS):
        run = run[1:]
    return run


def find_candidates(text: str, index: AliasIndex, *, sentences=None) -> list[CandidateHit]:
    """Every sighting of an unregistered AI framework, body or summit name, in text order."""
    hits = []
    seen: dict[str, bool] = {}
    for sentence_start, sentence_end in sentences if sentences is not None else split_sentences(text):
        if not _HEAD_WORD.search(text, sentence_start, sentence_end) or not _AI_WORD.search(
            text, sentence_start, sentence_end
        ):
            continue
        sentence = text[sentence_start:sentence_end]
        sentence_spans = None  # read only for sentences that hold a candidate
        if sentence.isupper():  # a shouted line is no evidence of a name
            continue
        for run in _runs(text, sentence_start, sentence_end):
            run = _trimmed(run)[:MAX_WORDS]
            run = _trimmed(run)
            if len(run) < 2:
                continue
            name = text[run[0].start() : run[-1].end()]
            kind = kind_of([m.group() for m in run])
            if kind is None or not has_ai_cue(name) or not distinctive(name):
                continue
            if sentence_spans is None:
                sentence_spans = registered_spans(text, sentence_start, sentence_end, index)
            if any(a < run[-1].end() and run[0].start() < b for a, b in sentence_spans):
                continue
            key = normalise(name)
            if key not in seen:
                seen[key] = not registered(name, index)
            if seen[key]:
                hits.append(
                    CandidateHit(
                        name=name,
                        normalised=key,
                        kind=kind,
                        start=run[0].start(),
                        end=run[-1].end(),
                        sentence=sentence.strip(),
                    )
                )
    return hits
