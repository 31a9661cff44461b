"""The fourth round of issue 15, on made-up sentences against a made-up index: an outcome named by a document
word and the summit it came from, participles that describe a framework rather than report an act, wishes in
the passive ("to be led by"), and actors inside a framework's apposition."""

import datetime as dt

import pytest

from initiatives.analysis import AliasEntry, AliasIndex, analyse
from initiatives.choices import Position

E = AliasEntry
COUNTRIES = {"China": "CHN", "India": "IND", "Kenya": "KEN", "United States": "USA", "US": "USA"}
ORGANISATIONS = {"BRICS": "BRICS", "United Nations": "UN"}
INDEX = AliasIndex(
    [
        *(E(name, "actor", code, name) for name, code in COUNTRIES.items()),
        *(E(name, "actor", code, name, organisation=True) for name, code in ORGANISATIONS.items()),
        E("REAIM summit", "summit", "reaim-2026", "REAIM 2026"),
        E("Pathways to Action", "framework", "pathways", "Pathways to Action"),
        E("AI Seoul Summit", "summit", "seoul-2024", "AI Seoul Summit"),
        E("Seoul Declaration", "framework", "seoul-declaration", "Seoul Declaration"),
        E("Seoul Ministerial Statement", "framework", "seoul-statement", "Seoul Ministerial Statement"),
        E("AI Action Summit", "summit", "paris-2025", "AI Action Summit"),
        E("Statement on Inclusive and Sustainable AI", "framework", "paris-statement", "Paris Statement"),
        E("BRICS summit", "summit", "brics-2025", "BRICS summit 2025"),
        E("BRICS Leaders' Statement on AI", "framework", "brics-statement", "BRICS Leaders' Statement"),
    ],
    outcomes={
        "reaim-2026": ["pathways"],
        "seoul-2024": ["seoul-declaration", "seoul-statement"],
        "paris-2025": ["paris-statement"],
        "brics-2025": ["brics-statement"],
    },
)


def frameworks(text, published=None):
    return {h.key for h in analyse(text, INDEX, published=published).mentions if h.target_type == "framework"}


def stances(text, published=None):
    return {(s.actor, s.framework, s.position) for s in analyse(text, INDEX, published=published).stances}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The summit's one outcome, whatever the press calls it.
        ("The US and China declined to back a joint declaration on military AI at the REAIM summit.", {"pathways"}),
        # Several outcomes: the one whose name holds the word.
        ("Kenya signed the declaration adopted at the AI Seoul Summit.", {"seoul-declaration"}),
        # A clause between the word and the summit: not its noun phrase.
        ("Kenya signed a declaration. Later, at the REAIM summit, talks went on.", set()),
        # Said in a statement: a speech, not the summit's outcome.
        ("China said in a statement at the REAIM summit that talks must go on.", set()),
    ],
)
def test_a_document_word_then_the_summit_it_came_from_is_that_summits_outcome(text, expected):
    assert frameworks(text) == expected


def test_the_refusal_of_the_summits_outcome_is_read_for_each_state():
    text = "The US and China declined to back a joint declaration on military AI at the REAIM summit."
    assert stances(text) == {("USA", "pathways", Position.DECLINES), ("CHN", "pathways", Position.DECLINES)}


@pytest.mark.parametrize(
    "text",
    [
        # "issued" describes the statement: India endorsed it, and issued nothing.
        "India endorsed the Statement on Inclusive and Sustainable AI issued at the AI Action Summit.",
        "India endorsed the Statement on Inclusive and Sustainable AI, adopted at the AI Action Summit.",
    ],
)
def test_a_participle_after_the_framework_describes_it(text):
    assert stances(text) == {("IND", "paris-statement", Position.SUPPORTS)}


def test_a_participle_after_a_framework_with_its_agents_is_still_read():
    text = "The Statement on Inclusive and Sustainable AI, endorsed by India and Kenya, was published."
    assert ("IND", "paris-statement", Position.SUPPORTS) in stances(text)
    assert ("KEN", "paris-statement", Position.SUPPORTS) in stances(text)


def test_what_someone_wants_done_in_the_passive_is_no_act_of_the_agent():
    text = (
        "BRICS leaders called for AI governance to be led by the United Nations, in the BRICS Leaders' "
        "Statement on AI."
    )
    assert not any(actor == "UN" for actor, _, _ in stances(text))


def test_an_actor_in_the_frameworks_apposition_is_not_the_cues_subject():
    text = (
        "The BRICS Leaders' Statement on AI, the first by BRICS dedicated to AI, warned against unilateral "
        "restrictions and called for fair access to computing power."
    )
    assert stances(text) == set()


def test_an_actor_after_the_framework_without_an_apposition_is_still_the_subject():
    text = "After the BRICS Leaders' Statement on AI, China backed it."
    assert stances(text, dt.date(2025, 7, 8)) == {("CHN", "brics-statement", Position.SUPPORTS)}
