from pathlib import Path

import pytest

from initiatives.analysis import AliasIndex
from initiatives.analysis.evaluation import evaluate
from initiatives.starter_data import load_starter_data

DATA = Path(__file__).parent / "data" / "analysis"


@pytest.fixture
def index(db):
    load_starter_data()
    AliasIndex.clear_cache()
    yield AliasIndex.from_database()
    AliasIndex.clear_cache()


def report(scores, split):
    for name, score in scores.items():
        print(f"{split} {name}: P={score.precision:.2f} R={score.recall:.2f} F1={score.f1:.2f}")


def test_it_scores_the_labelled_texts(index):
    dev = evaluate(DATA / "dev", index)
    report(dev, "dev")
    report(evaluate(DATA / "heldout", index), "heldout")
    assert dev["actors"].f1 >= 0.97
    assert dev["frameworks"].f1 >= 0.92
    assert dev["summits"].f1 >= 0.80
    assert dev["stances"].precision >= 0.80
    assert dev["stances"].recall >= 0.65
