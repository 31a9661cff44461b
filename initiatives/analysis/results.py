"""What the analysis finds in a text: mentions, stance suggestions, and the two together."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field


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


def mention(text, target_type, key, name, start, end, organisation=False) -> MentionHit:
    """The mention of a target at text[start:end], with the words around it as its snippet."""
    snippet = text[max(0, start - 80) : end + 80].replace("\n", " ").strip()
    return MentionHit(target_type, key, name, start, end, text[start:end], snippet, organisation)


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
