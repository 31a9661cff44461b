"""A second reading of stances, learnt from the labelled texts, for the actors the rules leave unread.

The rules (stances.py) read a cue's subject and object by the shapes of sentence they know, and stay silent
on any other. For each actor of a sentence that the rules read no position for, this reading weighs the
nearest cues and the frameworks nearest them by features of their order, their distances, what stands
between them and the words around them, and gives the probability that the text states that position. It is
a logistic regression, trained by `manage.py train_stance_model` on the development set only
(tests/data/analysis/dev); its weights ship in stance_model.json and load offline. A pair it reads is
suggested with less confidence than the rules' readings, and only where the rules suggested nothing for that
actor and framework.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..choices import POSITION_DIRECTION
from .results import MentionHit

MODEL_PATH = Path(__file__).with_name("stance_model.json")
# Words between two items that start another clause: what comes after is often another subject's.
_CLAUSE = re.compile(r"\b(?:which|who|whose|while|but|whereas|although|after|before|when|as)\b|[;:—–(]")
_NEGATION = re.compile(r"\b(?:not|never|no|nor|neither)\b|n't\b")
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")


@dataclass
class SentenceView:
    """One sentence as the learnt reading sees it: its actors, frameworks and cues, in text order with their
    starts beside them, so that a candidate's features are found by bisection."""

    start: int
    end: int
    evidence_start: int  # the start of the sentence before, where the frameworks are borrowed from it
    borrowed: bool  # the frameworks are named in an earlier sentence
    actors: list[MentionHit]
    frameworks: list[MentionHit]
    cues: list[tuple[int, int, str]]
    headline: bool
    summits: list[MentionHit]  # the summits it names ("joined the AI Action Summit" is about the summit)

    def __post_init__(self):
        self.actor_starts = [h.start for h in self.actors]
        self.framework_starts = [f.start for f in self.frameworks]
        self.summit_starts = [h.start for h in self.summits]
        self.cue_starts = [a for a, _, _ in self.cues]

    def kind_at(self, position: int) -> str | None:
        """ "<actor>" or "<framework>" where a name of one covers the position, else None."""
        for kind, hits, starts in (
            ("<actor>", self.actors, self.actor_starts),
            ("<framework>", self.frameworks, self.framework_starts),
            ("<summit>", self.summits, self.summit_starts),
        ):
            i = bisect_right(starts, position) - 1
            if i >= 0 and hits[i].end > position:
                return kind
        return None

    def count(self, starts: list[int], a: int, b: int) -> int:
        return bisect_left(starts, b) - bisect_left(starts, a)

    def candidates(self, read_by_rules: set[int], keep_read: bool) -> list[Candidate]:
        """For each actor, the nearest cue on either side; for each of those, the nearest framework on either
        side of it (or the last two borrowed ones): a bounded number per actor, however long the sentence.

        read_by_rules: where the actors start that the rules read a position for; theirs are kept (marked) only
        if keep_read.
        """
        found = []
        for actor in self.actors:
            read = actor.start in read_by_rules
            if read and not keep_read:
                continue
            i = bisect_left(self.cue_starts, actor.start)
            for cue in self.cues[max(0, i - 1) : i + 1]:
                if cue[0] < actor.start < cue[1]:
                    continue  # inside the cue's words: the one urged ("urged Brazil to join"), who takes none
                if self.borrowed:
                    frameworks = self.frameworks[-2:]
                else:
                    j = bisect_left(self.framework_starts, cue[1])
                    frameworks = self.frameworks[max(0, j - 1) : j + 1]
                    # "joined the AI Action Summit as the Seoul Declaration was recalled": a summit after the
                    # cue is its object, not a framework beyond it.
                    frameworks = [
                        f
                        for f in frameworks
                        if f.start < cue[1] or not self.count(self.summit_starts, cue[1], f.start)
                    ]
                found += [Candidate(actor, f, *cue, self, read) for f in frameworks]
        return found


@dataclass
class Candidate:
    """An actor, a framework and a cue of one sentence: a position the sentence may state."""

    actor: MentionHit
    framework: MentionHit
    cue_start: int
    cue_end: int
    position: str
    sentence: SentenceView
    read_by_rules: bool = False  # the rules read a position for this actor in this sentence

    @property
    def key(self) -> tuple[str, str]:
        return self.actor.key, self.framework.key


def _bucket(words: int) -> str:
    return "0" if words == 0 else "1" if words <= 2 else "3" if words <= 5 else "6" if words <= 10 else "11"


def _between(text: str, a: int, b: int, c: Candidate, prefix: str) -> list[str]:
    """Features of the words between two offsets (either order): how many, and what stands there."""
    a, b = min(a, b), max(a, b)
    gap = text[a:b]
    found = [f"{prefix}_gap={_bucket(len(gap.split()))}"]
    if "," in gap:
        found.append(f"{prefix}_comma")
    if _CLAUSE.search(gap):
        found.append(f"{prefix}_clause")
    if _NEGATION.search(gap.lower()):
        found.append(f"{prefix}_not")
    view = c.sentence
    if view.count(view.actor_starts, a, b) > (a <= c.actor.start < b):
        found.append(f"{prefix}_actor")
    if not view.borrowed and view.count(view.framework_starts, a, b) > (a <= c.framework.start < b):
        found.append(f"{prefix}_fw")
    return found


def _word_before(text: str, start: int, view: SentenceView) -> str:
    """The word before start, in lower case; a name stands as its kind ("<actor>"), not as itself."""
    floor = max(view.start, start - 30)
    words = list(_WORD.finditer(text[floor:start].lower()))
    if not words:
        return "^"
    return view.kind_at(floor + words[-1].start()) or words[-1].group()


def _word_after(text: str, end: int, view: SentenceView) -> str:
    found = _WORD.search(text[end : min(view.end, end + 30)].lower())
    if found is None:
        return "$"
    return view.kind_at(end + found.start()) or found.group()


def features(text: str, c: Candidate) -> list[str]:
    """The names of the features that hold for a candidate."""
    view, actor, framework = c.sentence, c.actor, c.framework
    direction = POSITION_DIRECTION.get(c.position, 0)
    framework_at = -1 if view.borrowed else framework.start
    order = "".join(name for _, name in sorted([(actor.start, "A"), (c.cue_start, "C"), (framework_at, "F")]))
    cue_word = (_WORD.findall(text[c.cue_start : c.cue_end].lower()) or ["?"])[0][:6]
    names = [
        "bias",
        f"pos={c.position}",
        f"order={order}",
        f"order={order}|dir={direction}",
        f"cue={cue_word}",
        f"cue={cue_word}|order={order}",
        f"before_actor={_word_before(text, actor.start, view)}",
        f"after_actor={_word_after(text, actor.end, view)}",
        f"before_cue={_word_before(text, c.cue_start, view)}",
        f"after_cue={_word_after(text, c.cue_end, view)}",
    ]
    names += _between(text, actor.end if actor.end <= c.cue_start else actor.start, c.cue_start, c, "ac")
    if view.borrowed:
        names.append("borrowed")
    else:
        names += _between(text, c.cue_end, framework.start, c, "cf")
        if actor.start > framework.end:  # "signed the statement at the summit, co-chaired by France"
            names += _between(text, framework.end, actor.start, c, "fa")
        # Is the framework the one nearest the cue's end?
        j = bisect_left(view.framework_starts, c.cue_end)
        nearest = min(view.frameworks[max(0, j - 1) : j + 1], key=lambda f: abs(f.start - c.cue_end))
        if nearest is framework:
            names.append("nearest_fw")
    # Is the cue the one nearest the actor?
    i = bisect_left(view.cue_starts, actor.start)
    if min(view.cue_starts[max(0, i - 1) : i + 1], key=lambda s: abs(s - actor.start)) == c.cue_start:
        names.append("nearest_cue")
    if text[actor.start - 1 : actor.start] == "(" and text[actor.end : actor.end + 1] == ")":
        names.append("bracketed")  # "in Vilnius (Lithuania)"
    if actor.organisation:
        names.append("organisation")
    if view.headline:
        names.append("headline")
    return names


class StanceModel:
    """Logistic regression over named features: weights by name, and the threshold for suggesting."""

    def __init__(self, weights: dict[str, float], threshold: float, meta: dict | None = None):
        self.weights = weights
        self.threshold = threshold
        self.meta = meta or {}

    def probability(self, names: list[str]) -> float:
        z = sum(self.weights.get(n, 0.0) for n in names)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict:
        return {"threshold": self.threshold, "meta": self.meta, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, data: dict) -> StanceModel:
        return cls(data["weights"], data["threshold"], data.get("meta"))


@lru_cache(maxsize=1)
def shipped_model() -> StanceModel | None:
    """The model in the repository, or None where none has been trained."""
    if not MODEL_PATH.exists():
        return None
    return StanceModel.from_json(json.loads(MODEL_PATH.read_text()))


def best_readings(text: str, candidates: list[Candidate], model: StanceModel):
    """Per (actor, framework): (probability, candidate) of its most probable cue, where it passes the threshold."""
    best: dict[tuple[str, str], tuple[float, Candidate]] = {}
    for c in candidates:
        p = model.probability(features(text, c))
        if p >= model.threshold and (c.key not in best or p > best[c.key][0]):
            best[c.key] = (p, c)
    return best
