"""Training the learnt stance reading (learned.py) on a labelled folder, and measuring it by cross-validation.

Every (actor, framework, cue) of a text's sentences is an example; it is positive where the labels hold that
actor's position on that framework in the cue's direction. The model is a logistic regression fitted by
plain gradient descent in a fixed order (the same texts give the same weights, bit for bit).

Cross-validation holds out whole texts: a fold's texts are read by the rules and by a model trained on the
other folds, so the figures say what the learnt reading adds on texts it has not seen. The threshold is the
one whose cross-validated stance F1 is best, at a precision no lower than the rules' own less 0.02.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

from ..choices import POSITION_DIRECTION
from .cues import CueReader
from .evaluation import Score, labelled_documents
from .learned import Candidate, StanceModel, best_readings, features
from .reading import find_mentions
from .sentences import split_sentences
from .stances import read_stances

THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99)
EPOCHS, RATE, L2 = 30, 0.1, 1e-3


@dataclass
class LabelledText:
    name: str
    text: str
    gold: set[tuple[str, str, int]]
    rules: set[tuple[str, str, int]]  # what the rules suggest
    candidates: list[Candidate]
    names: list[list[str]]  # each candidate's features

    def labels(self) -> list[int]:
        return [int((*c.key, POSITION_DIRECTION.get(c.position, 0)) in self.gold) for c in self.candidates]


def read_folder(directory: Path, index) -> list[LabelledText]:
    texts = []
    for filename, label, article, published in labelled_documents(directory):
        text = article.text
        sentences, cues = split_sentences(text), CueReader(text)
        hits = find_mentions(text, index, published=published, sentences=sentences, cues=cues)
        seen, candidates = read_stances(text, hits, index, sentences, cues, learnt="all")
        rules = {(s.actor, s.framework, POSITION_DIRECTION[s.position]) for s in seen.values()}
        texts.append(
            LabelledText(
                filename,
                text,
                {tuple(s) for s in label["stances"]},
                rules,
                candidates,
                [features(text, c) for c in candidates],
            )
        )
    return texts


def fit(texts: list[LabelledText], *, epochs: int = EPOCHS, rate: float = RATE, l2: float = L2) -> dict:
    """Weights by feature name, fitted on every candidate of the texts."""
    examples = [(names, y) for t in texts for names, y in zip(t.names, t.labels(), strict=True)]
    order = list(range(len(examples)))
    shuffle = random.Random(15)  # a fixed order: the same texts give the same weights
    weights: dict[str, float] = {}
    for epoch in range(epochs):
        shuffle.shuffle(order)
        step = rate / (1 + epoch * 0.1)
        for i in order:
            names, y = examples[i]
            z = sum(weights.get(n, 0.0) for n in names)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - y
            for n in names:
                w = weights.get(n, 0.0)
                weights[n] = w - step * (g + l2 * w)
    return {n: round(w, 4) for n, w in weights.items() if abs(w) >= 1e-4}


def with_model(t: LabelledText, model: StanceModel | None) -> set[tuple[str, str, int]]:
    """The stances of a text: the rules', and the learnt reading's for the pairs the rules leave."""
    found = set(t.rules)
    if model is None:
        return found
    taken = {(a, f) for a, f, _ in t.rules}
    unread = [c for c in t.candidates if not c.read_by_rules]
    for key, (_, c) in best_readings(t.text, unread, model).items():
        if key not in taken:
            found.add((*key, POSITION_DIRECTION.get(c.position, 0)))
    return found


def score(texts: list[LabelledText], models) -> Score:
    """Stance score of the texts, each read with its own model (models: name -> model, or one model)."""
    total = Score()
    for t in texts:
        model = models.get(t.name) if isinstance(models, dict) else models
        total.add(t.gold, with_model(t, model))
    return total


def cross_validate(texts: list[LabelledText], folds: int = 5) -> dict[float | None, Score]:
    """Stance scores by threshold (None: the rules alone), each text read by a model that never saw it."""
    weights_by_text = {}
    for k in range(folds):
        held = [t for i, t in enumerate(texts) if i % folds == k]
        weights = fit([t for i, t in enumerate(texts) if i % folds != k])
        weights_by_text.update({t.name: weights for t in held})
    scores: dict[float | None, Score] = {None: score(texts, None)}
    for threshold in THRESHOLDS:
        models = {name: StanceModel(w, threshold) for name, w in weights_by_text.items()}
        scores[threshold] = score(texts, models)
    return scores


def best_threshold(scores: dict[float | None, Score]) -> float:
    floor = scores[None].precision - 0.02
    fitting = [t for t in THRESHOLDS if scores[t].precision >= floor] or [max(THRESHOLDS)]
    return max(fitting, key=lambda t: (round(scores[t].f1, 4), t))
