"""Scores of the analysis on the labelled texts (tests/data/analysis/README.md).

Run with -s to see precision, recall and F1 per category for dev and held-out. Only dev is asserted
against the targets: held-out is never tuned on, and its figures are reported, not enforced.
For misses and false hits per file: python manage.py evaluate_analysis tests/data/analysis/dev
"""

import json
from pathlib import Path

import pytest

from initiatives.analysis.evaluation import evaluate, format_scores
from initiatives.ingest import alias_index
from initiatives.models import Actor, Framework, Summit
from initiatives.starter_data import load_starter_data

DATA = Path(__file__).parent / "data" / "analysis"
SPLITS = ("dev", "heldout")


@pytest.fixture
def index(db):
    load_starter_data()
    alias_index.clear_cache()
    yield alias_index.load()
    alias_index.clear_cache()


def test_it_scores_the_labelled_texts(index):
    dev = evaluate(DATA / "dev", index)
    print()
    print("\n".join(format_scores(dev, "dev")))
    print("\n".join(format_scores(evaluate(DATA / "heldout", index), "heldout")))
    # Floors a little under dev's scores at the end of issue 15's fourth round (2026-12-04), on its 408 texts
    # then (actors 0.97, frameworks 0.88, summits 0.85, stances 0.91 / 0.75): a change that loses what the
    # mechanisms read fails here. Dev grew by fresh real texts, which read worse than the ones before them.
    assert dev["actors"].f1 >= 0.96
    assert dev["frameworks"].f1 >= 0.86
    assert dev["summits"].f1 >= 0.83
    assert dev["stances"].precision >= 0.89
    assert dev["stances"].recall >= 0.73


@pytest.mark.parametrize("split", SPLITS)
def test_every_label_names_a_starter_actor_framework_or_summit(db, split):
    load_starter_data()
    actors = set(Actor.objects.values_list("code", flat=True))
    frameworks = set(Framework.objects.values_list("slug", flat=True))
    summits = set(Summit.objects.values_list("slug", flat=True))
    labels = json.loads((DATA / split / "labels.json").read_text())["files"]
    unknown = []
    for name, label in labels.items():
        assert (DATA / split / name).is_file(), f"{split}/{name} is labelled but missing"
        unknown += [(name, "actor", code) for code in label["actors"] if code not in actors]
        unknown += [(name, "framework", slug) for slug in label["frameworks"] if slug not in frameworks]
        unknown += [(name, "summit", slug) for slug in label["summits"] if slug not in summits]
        for actor, framework, direction in label["stances"]:
            if actor not in actors or framework not in frameworks or direction not in (-1, 0, 1):
                unknown.append((name, "stance", (actor, framework, direction)))
    assert unknown == []


def test_the_apec_summit_named_by_its_host_city_and_the_articles_date(index):
    """Issue 15: "the APEC leaders' summit held in the South Korean city of Gyeongju", in an article of the day
    the meeting closed, is the 32nd APEC Economic Leaders' Meeting of the starter data."""
    import datetime as dt

    from initiatives.analysis import analyse

    text = (
        "Xi pushes AI body\nPresident Donald Trump did not attend the APEC leaders' summit held in the South "
        "Korean city of Gyeongju, flying home after a meeting with Xi."
    )
    summit = Summit.objects.get(slug="apec-aelm-2025")
    assert summit.city == "Gyeongju" and summit.start_date <= dt.date(2025, 11, 1) <= summit.end_date
    result = analyse(text, index, published=dt.date(2025, 11, 1))
    assert [s.key for s in result.summits] == ["apec-aelm-2025"]
    assert analyse(text, index, published=dt.date(2027, 11, 1)).summits == []
