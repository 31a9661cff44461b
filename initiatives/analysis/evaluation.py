"""Precision, recall and F1 of the analysis against labelled texts.

A labelled set is a folder of texts (.txt, .html) with a labels.json: {"files": {name: {"published": date|null,
"actors": [...], "frameworks": [...], "summits": [...], "stances": [[actor, framework, direction], ...]}}}.
tests/data/analysis/README.md says how texts are labelled.
A stance counts as found when actor, framework and the position's direction (+1/-1/0) match.

From the command line, against the starter data loaded into a throw-away database:

    python manage.py evaluate_analysis tests/data/analysis/dev [--all]

prints the scores and, per file, what was missed and what was found but not labelled (--all: every file).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..choices import POSITION_DIRECTION
from .extract import read_document
from .index import AliasIndex
from .reading import analyse
from .results import Analysis

CATEGORIES = ("actors", "frameworks", "summits", "stances")


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


@dataclass
class FileResult:
    """What the analysis made of one labelled file: per category, the misses and the false hits."""

    name: str
    expected: dict[str, set] = field(default_factory=dict)
    found: dict[str, set] = field(default_factory=dict)
    analysis: Analysis | None = None

    def missed(self, category: str) -> set:
        return self.expected[category] - self.found[category]

    def extra(self, category: str) -> set:
        return self.found[category] - self.expected[category]

    @property
    def perfect(self) -> bool:
        return not any(self.missed(c) or self.extra(c) for c in CATEGORIES)


def load_labels(directory: Path) -> dict[str, dict]:
    return json.loads((Path(directory) / "labels.json").read_text())["files"]


def labelled_documents(directory: Path):
    """(file name, label, document, its date) of each labelled file, in name order: the label's date where it
    gives one, else the document's own."""
    directory = Path(directory)
    for filename, label in sorted(load_labels(directory).items()):
        article = read_document(directory / filename)
        published = dt.date.fromisoformat(label["published"]) if label.get("published") else article.published
        yield filename, label, article, published


def file_results(directory: Path, index: AliasIndex) -> list[FileResult]:
    results = []
    for filename, label, article, published in labelled_documents(directory):
        result = analyse(article.text, index, published=published, title=article.title)
        results.append(
            FileResult(
                filename,
                expected={
                    "actors": set(label["actors"]),
                    "frameworks": set(label["frameworks"]),
                    "summits": set(label["summits"]),
                    "stances": {tuple(s) for s in label["stances"]},
                },
                found={
                    "actors": {a.key for a in result.actors},
                    "frameworks": {f.key for f in result.frameworks},
                    "summits": {s.key for s in result.summits},
                    "stances": {
                        (s.actor, s.framework, POSITION_DIRECTION[s.position]) for s in result.stances
                    },
                },
                analysis=result,
            )
        )
    return results


def scores_of(results: list[FileResult]) -> dict[str, Score]:
    scores = {name: Score() for name in CATEGORIES}
    for result in results:
        for name in CATEGORIES:
            scores[name].add(result.expected[name], result.found[name])
    return scores


def evaluate(directory: Path, index: AliasIndex) -> dict[str, Score]:
    return scores_of(file_results(directory, index))


def format_scores(scores: dict[str, Score], split: str) -> list[str]:
    return [
        f"{split:8} {name:10} P={s.precision:.2f} R={s.recall:.2f} F1={s.f1:.2f}  (tp {s.tp}, fp {s.fp}, fn {s.fn})"
        for name, s in scores.items()
    ]


def format_details(results: list[FileResult], *, everything: bool = False) -> list[str]:
    """Per file: missed and false hits per category; for false stances, the evidence and cue."""
    lines = []
    for result in results:
        if result.perfect and not everything:
            continue
        lines.append(f"== {result.name}" + (" (all correct)" if result.perfect else ""))
        for category in CATEGORIES:
            missed, extra = sorted(result.missed(category)), sorted(result.extra(category))
            if missed:
                lines.append(f"   {category} missed: {missed}")
            if extra:
                lines.append(f"   {category} false: {extra}")
        if result.analysis is not None:
            for s in result.analysis.stances:
                triple = (s.actor, s.framework, POSITION_DIRECTION[s.position])
                mark = "ok " if triple in result.expected["stances"] else "XX "
                if everything or mark == "XX ":
                    lines.append(
                        f"   {mark}{s.actor} {s.position} {s.framework} [{s.cue}] {s.confidence}: {s.evidence[:160]}"
                    )
    return lines
