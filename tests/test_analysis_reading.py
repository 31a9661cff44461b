"""The analysis's grammar of positions and its summits and outcomes named by place and date (issue 15), on
made-up sentences against a made-up index."""

import datetime as dt

import pytest

from initiatives.analysis import AliasEntry, AliasIndex, analyse
from initiatives.choices import Position

E = AliasEntry
COUNTRIES = {
    "Kenya": "KEN",
    "Chile": "CHL",
    "Indonesia": "IDN",
    "Brazil": "BRA",
    "India": "IND",
    "Argentina": "ARG",
    "Hungary": "HUN",
    "Germany": "DEU",
    "France": "FRA",
    "Britain": "GBR",
    "Japan": "JPN",
    "Armenia": "ARM",
    "Peru": "PER",
}
INDEX = AliasIndex(
    [
        *(E(name, "actor", code, name) for name, code in COUNTRIES.items()),
        E("Japanese", "actor", "JPN", "Japan", "demonym"),
        E("Armenian", "actor", "ARM", "Armenia", "demonym"),
        E("European Commission", "actor", "EU", "European Union", organisation=True),
        E("APEC", "actor", "APEC", "APEC", organisation=True),
        E("Bletchley Declaration", "framework", "bletchley-declaration", "The Bletchley Declaration"),
        E("Bletchley", "summit", "ai-safety-summit-2023", "AI Safety Summit 2023"),
        E(
            "Seoul Declaration",
            "framework",
            "seoul-declaration",
            "Seoul Declaration for Safe, Innovative and Inclusive AI",
        ),
        E(
            "Seoul Ministerial Statement",
            "framework",
            "seoul-ministerial-statement",
            "Seoul Ministerial Statement for Advancing AI Safety",
        ),
        E("AI Act", "framework", "eu-ai-act", "EU Artificial Intelligence Act"),
        E(
            "Framework Convention",
            "framework",
            "coe-convention",
            "Council of Europe Framework Convention on AI",
        ),
        E("resolution 78/241", "framework", "unga-res-78-241", "Lethal autonomous weapons systems"),
    ],
    outcomes={
        "ai-safety-summit-2023": ["bletchley-declaration"],
        "ai-seoul-summit-2024": ["seoul-declaration", "seoul-ministerial-statement"],
    },
    places=[
        (
            "ai-safety-summit-2023",
            "Bletchley",
            dt.date(2023, 11, 1),
            dt.date(2023, 11, 2),
            None,
            "AI Safety Summit",
        ),
        (
            "ai-seoul-summit-2024",
            "Seoul",
            dt.date(2024, 5, 21),
            dt.date(2024, 5, 22),
            None,
            "AI Seoul Summit",
        ),
        ("reaim-2024", "Seoul", dt.date(2024, 9, 9), dt.date(2024, 9, 10), None, "REAIM 2024"),
        (
            "ai-action-summit-2025",
            "Paris",
            dt.date(2025, 2, 10),
            dt.date(2025, 2, 11),
            None,
            "AI Action Summit",
        ),
        ("apec-aelm-2025", "Gyeongju", dt.date(2025, 10, 31), dt.date(2025, 11, 1), "APEC", "32nd APEC AELM"),
        (
            "apec-aelm-2026",
            "Shenzhen",
            dt.date(2026, 11, 18),
            dt.date(2026, 11, 19),
            "APEC",
            "APEC AELM 2026",
        ),
    ],
)


def stances(text, published=None):
    return {(s.actor, s.framework, s.position) for s in analyse(text, INDEX, published=published).stances}


def keys(text, kind, published=None):
    return {hit.key for hit in getattr(analyse(text, INDEX, published=published), kind)}


@pytest.mark.parametrize(
    "text",
    [
        "Kenya, Chile and Indonesia endorsed the Bletchley Declaration.",
        "Nations such as Kenya, Chile and Indonesia endorsed the Bletchley Declaration.",
        "Kenya, Chile and Indonesia on Monday endorsed the Bletchley Declaration.",
    ],
)
def test_coordinated_and_listed_subjects_each_take_the_position(text):
    assert {(a, f) for a, f, _ in stances(text)} == {
        ("KEN", "bletchley-declaration"),
        ("CHL", "bletchley-declaration"),
        ("IDN", "bletchley-declaration"),
    }


def test_signatories_included_a_list():
    found = stances("Signatories of the Bletchley Declaration included Kenya, Chile and Indonesia.")
    assert {a for a, _, p in found if p == Position.SIGNS} == {"KEN", "CHL", "IDN"}


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("Argentina and Hungary did not sign the Bletchley Declaration.", Position.DECLINES),
        ("Argentina and Hungary declined to endorse the Bletchley Declaration.", Position.DECLINES),
        ("Argentina and Hungary stayed out of the Bletchley Declaration.", Position.DECLINES),
        ("Argentina and Hungary rejected the Bletchley Declaration.", Position.OPPOSES),
        ("Argentina and Hungary walked away from the Bletchley Declaration.", Position.WITHDRAWS),
        ("Argentina and Hungary pulled out of the Bletchley Declaration.", Position.WITHDRAWS),
    ],
)
def test_refusals_and_negations_give_their_act(text, position):
    assert stances(text) == {
        ("ARG", "bletchley-declaration", position),
        ("HUN", "bletchley-declaration", position),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Germany called on the European Commission to abandon the AI Act.",
            {("DEU", "eu-ai-act", Position.OPPOSES)},
        ),
        (
            "Germany urged the European Commission to delay the AI Act.",
            {("DEU", "eu-ai-act", Position.OPPOSES)},
        ),
        (
            "France urged Brazil to join the Framework Convention.",
            {("FRA", "coe-convention", Position.SUPPORTS)},  # Brazil is urged: it takes no position
        ),
        (
            "France urged Brazil not to sign the Framework Convention.",
            {("FRA", "coe-convention", Position.OPPOSES)},
        ),
        (
            "France pressed Brazil to ratify the Framework Convention.",
            {("FRA", "coe-convention", Position.SUPPORTS)},
        ),
    ],
)
def test_a_complement_turns_the_direction(text, expected):
    assert stances(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The Armenian foreign minister signed the Framework Convention.",
        "Armenia's foreign minister signed the Framework Convention.",
    ],
)
def test_a_minister_is_named_as_the_country(text):
    assert stances(text) == {("ARM", "coe-convention", Position.SIGNS)}


def test_votes_told_in_prose():
    text = (
        "The General Assembly voted on resolution 78/241. It adopted the text by 120 votes to 3, with "
        'Argentina and Hungary voting against and Chile abstaining. In a second vote Peru voted "no".'
    )
    assert stances(text) == {
        ("ARG", "unga-res-78-241", Position.OPPOSES),
        ("HUN", "unga-res-78-241", Position.OPPOSES),
        ("CHL", "unga-res-78-241", Position.NEUTRAL),
        ("PER", "unga-res-78-241", Position.OPPOSES),
    }


def test_the_states_voting_in_a_with_clause_did_not_adopt_the_text():
    text = "The assembly approved resolution 78/241 by 120 votes to 3, with Argentina and Hungary abstaining."
    assert stances(text) == {
        ("ARG", "unga-res-78-241", Position.NEUTRAL),
        ("HUN", "unga-res-78-241", Position.NEUTRAL),
    }


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("China endorsed the Bletchley agreement.", None, {"bletchley-declaration"}),
        ("Britain signed the Seoul statement.", dt.date(2024, 6, 1), {"seoul-ministerial-statement"}),
        ("Britain backed the Seoul declaration.", dt.date(2024, 6, 1), {"seoul-declaration"}),
        # Two summits in Seoul and no date: no way to tell which.
        ("Britain signed the Seoul statement.", None, set()),
        # The REAIM summit in Seoul has no tracked outcome: the nearest summit before the date is that one.
        ("Britain signed the Seoul statement.", dt.date(2024, 9, 12), set()),
        # A city alone and a word with no name of its own: the climate agreement.
        ("Britain left the Paris agreement.", dt.date(2025, 3, 1), set()),
    ],
)
def test_an_outcome_named_by_its_summit_or_city(text, published, expected):
    assert keys(text, "frameworks", published) == expected


def test_the_summits_name_standing_for_its_outcome_is_not_the_summit():
    assert keys("China endorsed the Bletchley agreement.", "summits") == set()


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Leaders gathered at the APEC leaders' summit held in the South Korean city of Gyeongju.",
            dt.date(2025, 11, 1),
            {"apec-aelm-2025"},
        ),
        ("The leaders' meeting in Gyeongju ended on Saturday.", dt.date(2025, 11, 2), {"apec-aelm-2025"}),
        ("The APEC leaders' meeting ended on Saturday.", dt.date(2025, 11, 2), {"apec-aelm-2025"}),
        ("Leaders met at the summit in Paris on Tuesday.", dt.date(2025, 2, 12), {"ai-action-summit-2025"}),
        # Out of the edition's window: another meeting in that city.
        ("Leaders met at the summit in Paris on Tuesday.", dt.date(2026, 6, 1), set()),
        ("The leaders' meeting in Gyeongju ended on Saturday.", None, set()),
        # A meeting in a city no summit of the window was held in.
        ("The meeting in Busan ended on Saturday.", dt.date(2025, 11, 1), set()),
    ],
)
def test_a_summit_named_by_place_and_date(text, published, expected):
    assert keys(text, "summits", published) == expected


TYPO_INDEX = AliasIndex(
    [
        *INDEX.entries,
        E("China", "actor", "CHN", "China"),
        E(
            "Framework Convention on Artificial Intelligence",
            "framework",
            "coe-convention",
            "Council of Europe Framework Convention on AI",
        ),
        E("World AI Cooperation Organization", "framework", "waico", "WAICO"),
    ],
    proposed_bodies={"CHN": ["waico"]},
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Canada signed the Framwork Convention on Artificial Intelligence.", {"coe-convention"}),
        ("Canada signed the Framework Convnetion on Artificial Intelligence.", {"coe-convention"}),
        # Two edits: not one typo.
        ("Canada signed the Fremawrok Convention on Artificial Intelligence.", set()),
        ("The framwork was agreed.", set()),  # no name around it: a word, not a misspelt name
    ],
)
def test_one_typo_per_long_word_of_a_long_name(text, expected):
    assert {h.key for h in analyse(text, TYPO_INDEX).frameworks} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "China's foreign minister proposed setting up a global body to coordinate AI rules.",
            {("CHN", "waico", Position.PROPOSES)},
        ),
        (
            "China on Saturday proposed the establishment of an international organisation for AI cooperation.",
            {("CHN", "waico", Position.PROPOSES)},
        ),
        ("France proposed setting up a global body to coordinate AI rules.", set()),  # none of France's
        ("China proposed a global body for climate finance.", set()),  # not about AI
    ],
)
def test_a_proposed_organisation_described_by_its_proposer(text, expected):
    assert {(s.actor, s.framework, s.position) for s in analyse(text, TYPO_INDEX).stances} == expected


def test_the_typo_table_takes_one_edit_and_no_plural():
    from initiatives.analysis.typos import TypoTable

    table = TypoTable(["framework convention on ai", "world ai cooperation organization"])
    assert table.meant("framwork") == "framework"
    assert table.meant("cooperaton") == "cooperation"
    assert table.meant("frameworks") is None
    assert table.meant("framework") is None  # spelt right
    assert table.meant("fremawrok") is None


OFFICIALS = AliasIndex(
    [*TYPO_INDEX.entries, E("Chinese", "actor", "CHN", "China", "demonym"), E("US", "actor", "USA", "USA")],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Chinese Foreign Minister Wang Yi arrived. Wang said China would not sign the Bletchley Declaration.",
            {("CHN", "bletchley-declaration", Position.DECLINES)},
        ),
        (
            "Fu Cong, China's ambassador, spoke first. Later Fu welcomed the Bletchley Declaration.",
            {("CHN", "bletchley-declaration", Position.SUPPORTS)},
        ),
        (
            "Japan's digital minister Masaaki Taira spoke. Taira endorsed the Bletchley Declaration.",
            {("JPN", "bletchley-declaration", Position.SUPPORTS)},
        ),
        # Named with no country: nobody is known to speak for.
        ("Masaaki Taira spoke. Taira endorsed the Bletchley Declaration.", set()),
    ],
)
def test_an_official_named_with_the_country_speaks_for_it_later(text, expected):
    assert {(s.actor, s.framework, s.position) for s in analyse(text, OFFICIALS).stances} == expected
