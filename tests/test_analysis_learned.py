"""The learnt stance reading (initiatives/analysis/learned.py): what it adds to the rules, how it is trained,
and that the model in the repository is the one the labelled texts train."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from initiatives.analysis import AliasEntry, AliasIndex, analyse, training
from initiatives.analysis.evaluation import Score
from initiatives.analysis.learned import MODEL_PATH, StanceModel, shipped_model
from initiatives.analysis.reading import find_mentions
from initiatives.analysis.stances import suggest_stances
from initiatives.choices import Position
from initiatives.ingest import alias_index
from initiatives.starter_data import load_starter_data

DEV = Path(__file__).parent / "data" / "analysis" / "dev"
E = AliasEntry
INDEX = AliasIndex(
    [
        E("France", "actor", "FRA", "France"),
        E("Kenya", "actor", "KEN", "Kenya"),
        E("Chile", "actor", "CHL", "Chile"),
        E("Bletchley Declaration", "framework", "bletchley", "Bletchley Declaration"),
        E("EU AI Act", "framework", "eu-ai-act", "EU AI Act"),
    ]
)
# Every candidate passes: what the reading adds is then every pair the rules left.
EAGER = StanceModel({"bias": 10.0}, threshold=0.5)


def stances(text, model):
    hits = find_mentions(text, INDEX)
    return {(s.actor, s.framework, s.position): s for s in suggest_stances(text, hits, INDEX, model=model)}


def test_the_reading_adds_only_the_pairs_the_rules_leave():
    # The rules read "backed" for France; Kenya, after the object and a clause break, they leave.
    text = "France backed the Bletchley Declaration; Kenya, too, at a later meeting."
    rules = stances(text, None)
    both = stances(text, EAGER)
    assert set(rules) <= set(both)
    added = set(both) - set(rules)
    assert added and all(actor not in {a for a, _, _ in rules} for actor, _, _ in added)
    for key in added:  # with less confidence than the rules', and the cue that was weighed
        assert both[key].confidence <= 0.5 and both[key].cue in text


def test_a_cue_the_rules_read_for_an_actor_is_not_read_again_for_it():
    # The rules read "backed" for Chile on the EU AI Act; the reading does not give Chile the declaration too.
    text = "The Bletchley Declaration was discussed, and Chile backed the EU AI Act."
    both = stances(text, EAGER)
    assert ("CHL", "eu-ai-act", Position.SUPPORTS) in both
    assert ("CHL", "bletchley", Position.SUPPORTS) not in both


def test_no_model_is_the_rules_alone():
    text = "France backed the Bletchley Declaration; Kenya, too, at a later meeting."
    assert set(stances(text, None)) == {("FRA", "bletchley", Position.SUPPORTS)}


def test_the_threshold_is_the_best_f1_within_the_rules_precision():
    rules = Score(tp=80, fp=5, fn=20)  # precision 0.94
    scores = {None: rules}
    for threshold in training.THRESHOLDS:
        scores[threshold] = Score(tp=85, fp=5, fn=15)  # precision 0.94, better recall
    scores[0.5] = Score(tp=99, fp=30, fn=1)  # best F1, but precision 0.77: below the floor
    scores[0.8] = Score(tp=90, fp=5, fn=10)
    assert training.best_threshold(scores) == 0.8


def test_the_held_out_set_is_never_trained_on(tmp_path):
    with pytest.raises(CommandError, match="held-out"):
        call_command("train_stance_model", str(DEV.parent / "heldout"), "--output", str(tmp_path / "m.json"))


def test_the_shipped_model_is_what_the_development_set_trains(db):
    # After a change to the analysis or to dev's labels: python manage.py train_stance_model
    load_starter_data()
    alias_index.clear_cache()
    try:
        texts = training.read_folder(DEV, alias_index.load())
    finally:
        alias_index.clear_cache()
    shipped = json.loads(MODEL_PATH.read_text())
    trained = training.fit(texts)
    assert set(trained) == set(shipped["weights"]), "run: python manage.py train_stance_model"
    assert all(abs(trained[n] - w) < 1e-3 for n, w in shipped["weights"].items())
    assert training.best_threshold(training.cross_validate(texts)) == shipped["threshold"]
    assert shipped["meta"]["texts"] == len(texts)


def test_the_shipped_model_loads_and_is_used_by_default():
    model = shipped_model()
    assert model is not None and 0.5 <= model.threshold < 1
    text = "France signed the Bletchley Declaration."
    assert {(s.actor, s.framework) for s in analyse(text, INDEX).stances} == {("FRA", "bletchley")}


def test_a_summit_after_the_cue_is_its_object_and_one_before_it_changes_nothing():
    from initiatives.analysis.learned import SentenceView
    from initiatives.analysis.results import mention

    text = "The Bletchley Declaration of the AI Action Summit was recalled as Kenya joined the Seoul Summit and the EU AI Act."
    at = text.find

    def hit(kind, key, words):
        return mention(text, kind, key, key, at(words), at(words) + len(words))

    kenya = hit("actor", "KEN", "Kenya")
    before, after = (
        hit("framework", "bletchley", "Bletchley Declaration"),
        hit("framework", "eu-ai-act", "EU AI Act"),
    )
    summits = [hit("summit", "paris", "AI Action Summit"), hit("summit", "seoul", "Seoul Summit")]
    cue = (at("joined"), at("joined") + len("joined"), "signs")
    view = SentenceView(0, len(text), 0, False, [kenya], [before, after], [cue], False, summits)
    # "joined the Seoul Summit": not the EU AI Act beyond it; the declaration before the cue stays a candidate.
    assert {c.framework.key for c in view.candidates(set(), keep_read=False)} == {"bletchley"}
