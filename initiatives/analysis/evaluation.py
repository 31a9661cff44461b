"""Precision, recall and F1 of the analysis against labelled texts.

A labelled set is a folder of texts (.txt, .html) with a labels.json: {"files": {name: {"published": date|null,
"actors": [...], "frameworks": [...], "summits": [...], "stances": [[actor, framework, direction], ...]}}}.
tests/data/analysis/README.md says how texts are labelled.
A stance counts as found when actor, framework and the position's direction (+1/-1/0) match.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..choices import POSITION_DIRECTION
from .core import AliasIndex, analyse
from .extract import read_document


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, expected: set, found: set) -> None:
        self.tp += len(expected & found)
        self.fp += len(found - expected)
        self.fn += len(expected - found)


def evaluate(directory: Path, index: AliasIndex) -> dict[str, Score]:
    labels = json.loads((directory / "labels.json").read_text())["files"]
    scores = {name: Score() for name in ("actors", "frameworks", "summits", "stances")}
    for filename, label in labels.items():
        article = read_document(directory / filename)
        published = dt.date.fromisoformat(label["published"]) if label.get("published") else article.published
        result = analyse(article.text, index, published=published, title=article.title)
        scores["actors"].add(set(label["actors"]), {a.key for a in result.actors})
        scores["frameworks"].add(set(label["frameworks"]), {f.key for f in result.frameworks})
        scores["summits"].add(set(label["summits"]), {s.key for s in result.summits})
        scores["stances"].add(
            {tuple(s) for s in label["stances"]},
            {(s.actor, s.framework, POSITION_DIRECTION[s.position]) for s in result.stances},
        )
    return scores
