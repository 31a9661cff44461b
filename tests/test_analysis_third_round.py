"""The third round of issue 15, on made-up sentences against a made-up index: summits named by a city and a
year, cities named after states, drafts named with their session, votes listed after "abstaining nations
included", organisations adopting their own instruments, "this initiative" as any framework, parties
"brought together" from a list of states, and passives with a time before "by"."""

import datetime as dt

import pytest

from initiatives.analysis import AliasEntry, AliasIndex, analyse
from initiatives.choices import Position

E = AliasEntry
COUNTRIES = {
    "Chile": "CHL",
    "Mexico": "MEX",
    "Kuwait": "KWT",
    "Guatemala": "GTM",
    "China": "CHN",
    "India": "IND",
    "Belarus": "BLR",
    "Russia": "RUS",
    "Poland": "POL",
    "Kenya": "KEN",
}
ORGANISATIONS = {"African Union": "AU", "United Nations": "UN", "UN": "UN", "European Union": "EU"}
INDEX = AliasIndex(
    [
        *(E(name, "actor", code, name) for name, code in COUNTRIES.items()),
        *(E(name, "actor", code, name, organisation=True) for name, code in ORGANISATIONS.items()),
        E("Lethal autonomous weapons systems (resolution 79/62)", "framework", "laws-79", "Resolution 79/62"),
        E("A/C.1/79/L.77", "framework", "laws-79", "Resolution 79/62"),
        E("Lethal autonomous weapons systems (resolution 80/57)", "framework", "laws-80", "Resolution 80/57"),
        E("A/C.1/80/L.77", "framework", "laws-80", "Resolution 80/57"),
        E("UN General Assembly resolution on safe AI", "framework", "safe-ai", "Resolution 78/265"),
        E("African Union Continental AI Strategy", "framework", "au-strategy", "AU Continental AI Strategy"),
        E(
            "Seoul Declaration for Safe, Innovative and Inclusive AI",
            "framework",
            "seoul",
            "Seoul Declaration",
        ),
        E("Hiroshima AI Process Friends Group", "framework", "hap-friends", "HAP Friends Group"),
        E("Santiago Declaration", "framework", "santiago", "Santiago Declaration"),
        E("Council of Europe", "actor", "COE", "Council of Europe", organisation=True),
        E(
            "Framework Convention on AI",
            "framework",
            "coe-convention",
            "Council of Europe Framework Convention",
        ),
        E(
            "Council of Europe Framework Convention on AI",
            "framework",
            "coe-convention",
            "Council of Europe Framework Convention",
        ),
    ],
    places=[
        ("lac-2023", "Santiago", dt.date(2023, 10, 23), dt.date(2023, 10, 24), "CHL", "Santiago summit 2023"),
        ("lac-2024", "Montevideo", dt.date(2024, 10, 3), dt.date(2024, 10, 4), None, "Montevideo summit"),
        ("seoul-2024", "Seoul", dt.date(2024, 5, 21), dt.date(2024, 5, 22), None, "AI Seoul Summit"),
        ("reaim-2024", "Seoul", dt.date(2024, 9, 9), dt.date(2024, 9, 10), None, "REAIM 2024"),
        ("paris-2025", "Paris", dt.date(2025, 2, 10), dt.date(2025, 2, 11), None, "AI Action Summit"),
    ],
    frameworks={
        "laws-79": ("resolution", dt.date(2024, 12, 2)),
        "safe-ai": ("resolution", dt.date(2024, 3, 21)),
    },
)


def keys(text, kind, published=None):
    return {h.key for h in analyse(text, INDEX, published=published).mentions if h.target_type == kind}


def stances(text, published=None):
    return {(s.actor, s.framework, s.position) for s in analyse(text, INDEX, published=published).stances}


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # A capitalised "Summit" of a name the tracker lacks, told by its city and year.
        (
            "The work builds on the first Ministerial Summit held in Santiago de Chile in October 2023.",
            None,
            {"lac-2023"},
        ),
        # A dated article outside the edition's window: the year says which.
        ("Ministers recalled the summit in Paris of February 2025.", dt.date(2026, 5, 1), {"paris-2025"}),
        # Two editions in one city and one year: no telling them apart.
        ("Officials met at a summit in Seoul in 2024.", dt.date(2026, 1, 1), set()),
        # A year with no edition in that city.
        ("The Santiago Conference of 2019 was on trade.", None, set()),
    ],
)
def test_a_summit_named_by_its_city_and_a_year(text, published, expected):
    assert keys(text, "summit", published) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The meeting was held in Santiago de Chile.",
        "Officials flew to Mexico City and Kuwait City.",
        "Guatemala City hosted the talks.",
    ],
)
def test_a_city_named_after_a_state_is_no_actor(text):
    assert keys(text, "actor") == set()


def test_the_state_beside_its_city_is_still_named():
    assert keys("Chile and Mexico met in Mexico City.", "actor") == {"CHL", "MEX"}


def test_a_draft_named_with_its_session_is_that_sessions_resolution():
    # "L.77" alone is two drafts (79th and 80th sessions); "79/L.77" is one.
    text = "Kenya voted for the Resolution 79/L.77 on lethal autonomous weapons systems."
    assert keys(text, "framework") == {"laws-79"}
    assert keys("Kenya voted for resolution 80/L.77.", "framework") == {"laws-80"}


def test_abstaining_nations_included_a_list():
    text = (
        "The General Assembly adopted resolution 79/L.77 with 166 in favour and 15 abstentions. Countries like "
        "Belarus and Russia opposed the resolution, while abstaining nations included China, India and Poland."
    )
    assert stances(text) == {
        ("BLR", "laws-79", Position.OPPOSES),
        ("RUS", "laws-79", Position.OPPOSES),
        ("CHN", "laws-79", Position.NEUTRAL),
        ("IND", "laws-79", Position.NEUTRAL),
        ("POL", "laws-79", Position.NEUTRAL),
    }


def test_the_un_is_no_party_to_its_resolutions_in_any_direction():
    text = "The United Nations adopted the UN General Assembly resolution on safe AI with 3 abstentions."
    assert stances(text) == set()


def test_an_organisation_adopting_its_own_instrument_is_its_author():
    text = "The African Union approved the African Union Continental AI Strategy in July."
    assert stances(text) == {("AU", "au-strategy", Position.SUPPORTS)}
    # … but adopting another's text, alone, it is the forum.
    other = "The European Union adopted the Seoul Declaration for Safe, Innovative and Inclusive AI."
    assert stances(other) == set()


def test_this_initiative_refers_to_the_framework_before():
    text = (
        "Kenya joined the Hiroshima AI Process Friends Group. Officials praised the move at length. "
        "Among the countries taking part in this initiative are Chile and India."
    )
    assert {(a, f) for a, f, _ in stances(text)} == {
        ("KEN", "hap-friends"),
        ("CHL", "hap-friends"),
        ("IND", "hap-friends"),
    }


def test_the_states_a_declaration_brought_together():
    text = (
        "Ministers met in Santiago to sign the Santiago Declaration. The agreement brought together ministers "
        "and those in charge of digital policy from Chile, Mexico and Guatemala."
    )
    assert {a for a, f, _ in stances(text) if f == "santiago"} == {"CHL", "MEX", "GTM"}


def test_a_framework_opening_the_sentence_is_not_the_cues_agent_list():
    # "The resolution was adopted with …, including …": the states listed opposed it, not adopted it.
    text = (
        "Kenya tabled the UN General Assembly resolution on safe AI. The resolution was adopted with 115 "
        "countries in favour, while eight countries, including China and Russia, opposed it."
    )
    found = stances(text)
    assert ("CHN", "safe-ai", Position.OPPOSES) in found and ("RUS", "safe-ai", Position.OPPOSES) in found
    assert not {(a, p) for a, _, p in found if a in ("CHN", "RUS") and p != Position.OPPOSES}


def test_a_passive_with_a_time_before_by():
    text = "The Framework Convention on AI was adopted last year by the Council of Europe."
    assert stances(text) == {("COE", "coe-convention", Position.SIGNS)}


@pytest.fixture
def starter_index(db):
    """The alias index of the starter data: the frameworks' words weigh as rarely as they do in the tracker."""
    from initiatives.ingest import alias_index
    from initiatives.starter_data import load_starter_data

    load_starter_data()
    alias_index.clear_cache()
    yield alias_index.load()
    alias_index.clear_cache()


def starter_frameworks(text, index):
    return [h.key for h in analyse(text, index).mentions if h.target_type == "framework"]


def test_another_instruments_capitalised_name_is_no_description_of_a_tracked_one(starter_index):
    text = (
        "It urged progress within the Convention on Certain Conventional Weapons framework towards "
        "developing an instrument for future negotiations."
    )
    assert "coe-framework-convention-ai" not in starter_frameworks(text, starter_index)


def test_a_session_tells_the_resolutions_a_description_fits_apart(starter_index):
    # Three resolutions on autonomous weapons (78/241, 79/62, 80/57); the session says which, and a later
    # "the resolution to …" is the one named, not another its words fit ("risks" of nuclear command, 80/23).
    text = (
        "Governments should support the resolution on autonomous weapons systems at the 78th Session of the "
        "UNGA. States must vote for the resolution to collectively address the serious risks such weapons pose."
    )
    assert set(starter_frameworks(text, starter_index)) == {"unga-res-78-241"}


def test_the_press_names_for_the_first_un_resolution_on_ai(starter_index):
    for text in (
        "Vietnam co-sponsors the U.N.'s first AI resolution.",
        "It adopted the first resolution on AI.",
    ):
        assert starter_frameworks(text, starter_index) == ["unga-res-78-265"]


def test_a_capitalised_head_refers_back_unless_a_name_goes_on():
    text = (
        "Kenya signed the Framework Convention on AI. Previously, the Convention was signed by 15 governments, "
        "including Chile and Mexico."
    )
    assert {a for a, f, _ in stances(text) if f == "coe-convention"} == {"KEN", "CHL", "MEX"}
    other = (
        "Kenya signed the Framework Convention on AI. Chile, for its part, backed the Convention on Certain "
        "Conventional Weapons."
    )
    assert {a for a, f, _ in stances(other) if f == "coe-convention"} == {"KEN"}


def test_calling_for_a_framework_to_be_put_off_is_against_it():
    assert stances(
        "Chile and Mexico call for a 12-month postponement of the Framework Convention on AI."
    ) == {
        ("CHL", "coe-convention", Position.OPPOSES),
        ("MEX", "coe-convention", Position.OPPOSES),
    }
    assert stances("Kenya proposed a pause of the Framework Convention on AI.") == {
        ("KEN", "coe-convention", Position.OPPOSES)
    }


def test_both_sides_are_the_pair_named_before_even_where_the_sentence_names_another_actor():
    text = (
        "Chile and Mexico reaffirm their wish for simple rules in Kenya. In particular, both sides call for a "
        "pause of the Framework Convention on AI and urge the African Union to act."
    )
    assert {(a, p) for a, f, p in stances(text) if f == "coe-convention"} == {
        ("CHL", Position.OPPOSES),
        ("MEX", Position.OPPOSES),
    }


def test_that_after_a_plural_is_a_relative_pronoun_not_an_article():
    # "the endorsed text" is no one endorsing; "Others that endorsed include …" is.
    text = "Kenya joined the Santiago Declaration on Monday. Others that endorsed include Chile and Mexico."
    assert {a for a, f, _ in stances(text) if f == "santiago"} == {"KEN", "CHL", "MEX"}


def test_leading_before_a_noun_is_an_adjective_not_a_cue():
    text = "Leading AI nations convened by Kenya met for the Santiago Declaration."
    assert stances(text) == set()
    assert stances("Kenya is leading the Santiago Declaration.") == {("KEN", "santiago", Position.PROPOSES)}


def test_members_of_the_framework_are_its_parties():
    text = (
        "Kenya joined the Hiroshima AI Process Friends Group in May. The initial members of the Group are "
        "Chile, Mexico and Guatemala."
    )
    assert {a for a, f, _ in stances(text) if f == "hap-friends"} == {"KEN", "CHL", "MEX", "GTM"}


def test_a_summit_told_by_the_day_it_opened_and_its_organiser_or_city():
    # "Summit" of a name shared by every edition; the day and the organiser say which.
    text = "The Summit on Responsible AI, which Chile co-organized from Oct. 23-24, gathered 2000 people."
    assert keys(text, "summit") == {"lac-2023"}
    # The same day, another city and no organiser named: another summit.
    assert keys("The Summit on Digital Sovereignty took place on 23 October in Berlin.", "summit") == set()


def test_a_call_to_action_is_described_and_a_framework_is_what_it_is_called(starter_index):
    text = (
        "Over 60 nations agreed to a joint call to action on the responsible development, deployment and use "
        "of AI in the military domain."
    )
    assert starter_frameworks(text, starter_index) == ["reaim-2023-call-to-action"]
    # "call upon States to" is a verb; "X is a call to action" describes X, not another text.
    assert (
        starter_frameworks("They call upon States to take action in the military domain.", starter_index)
        == []
    )
    text = "The Bletchley Declaration is a call to action, emphasizing human-centric, responsible AI."
    assert starter_frameworks(text, starter_index) == ["bletchley-declaration"]


def test_a_full_stop_without_its_space_still_ends_the_sentence():
    from initiatives.analysis.sentences import split_sentences

    text = "India did not endorse the document.The summit, co-hosted by Kenya, closed."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "India did not endorse the document.",
        "The summit, co-hosted by Kenya, closed.",
    ]
    assert split_sentences("Officials of the U.S.Army met.") == ((0, 30),)


def test_a_country_in_brackets_after_a_place_takes_no_position():
    text = "At a meeting in Santiago (Chile), Kenya signed the Framework Convention on AI."
    assert stances(text) == {("KEN", "coe-convention", Position.SIGNS)}
    assert keys(text, "actor") == {"CHL", "KEN"}
