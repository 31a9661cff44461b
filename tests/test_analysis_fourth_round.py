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
        (
            "The US and China declined to back a joint declaration on military AI at the REAIM summit.",
            {"pathways"},
        ),
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


TALLY_INDEX = AliasIndex(
    [
        *(E(name, "actor", code, name) for name, code in COUNTRIES.items()),
        E("Paraguay", "actor", "PRY", "Paraguay"),
        E("Tunisia", "actor", "TUN", "Tunisia"),
        E("resolution on lethal autonomous weapons systems", "framework", "laws-78", "Resolution 78/241"),
        E("resolution on lethal autonomous weapons systems", "framework", "laws-79", "Resolution 79/62"),
        E("decision appointing the scientific panel", "framework", "panel-2026", "Panel appointments"),
    ],
    tallies=[
        ("laws-78", 152, 4, 11),
        ("laws-78", 164, 5, 8),
        ("laws-79", 166, 3, 15),
        ("panel-2026", 117, 2, 2),
    ],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The assembly passed the resolution overwhelmingly by a vote of 117-2, with two abstentions.",
            {"panel-2026"},
        ),
        (
            "While 152 countries voted in favor of the resolution, four countries voted against it.",
            {"laws-78"},
        ),
        ("The text was adopted by 166 votes to 3, with 15 abstentions.", {"laws-79"}),
        # A First Committee vote is the same framework as the plenary's.
        ("The draft was approved by 164 votes in favour, 5 against and 8 abstentions.", {"laws-78"}),
        # Counts of no recorded vote, or a count in favour alone with no UN text named: nothing.
        ("The text was adopted by 150 votes to 3.", set()),
        ("Some 152 people voted in favour of the motion.", set()),
        # A list of counts on the lines after.
        ("The result:\n- In Favour: 166\n- Abstained: 15\n- Against: 3", {"laws-79"}),
    ],
)
def test_a_resolution_is_named_by_its_recorded_vote(text, expected):
    found = {h.key for h in analyse(text, TALLY_INDEX).mentions if h.target_type == "framework"}
    assert found == expected


def test_the_states_of_a_vote_told_in_prose_take_the_tallied_resolutions_positions():
    text = (
        "The assembly passed the resolution by a vote of 117-2, with two abstentions. The US and Paraguay "
        "voted against it, while Tunisia abstained."
    )
    found = {(s.actor, s.framework, s.position) for s in analyse(text, TALLY_INDEX).stances}
    assert ("USA", "panel-2026", Position.OPPOSES) in found
    assert ("PRY", "panel-2026", Position.OPPOSES) in found
    assert ("TUN", "panel-2026", Position.NEUTRAL) in found


def test_a_counted_subject_after_a_clause_break_takes_the_cue():
    # The six abstained, not India and China.
    text = (
        "India and China opposed the resolution on lethal autonomous weapons systems, while six other states "
        "abstained."
    )
    found = {(s.actor, s.position) for s in analyse(text, TALLY_INDEX).stances}
    assert found == {("IND", Position.OPPOSES), ("CHN", Position.OPPOSES)}


SUMMIT_INDEX = AliasIndex(
    [
        *(
            E(name, "actor", code, name)
            for name, code in {"Spain": "ESP", "China": "CHN", "US": "USA"}.items()
        ),
        E("Pathways to Action", "framework", "pathways", "Pathways to Action"),
        E(
            "Political Declaration on Responsible Military Use of AI",
            "framework",
            "political",
            "Political Declaration",
        ),
        E("REAIM", "summit", "reaim-2023", "REAIM 2023"),
    ],
    outcomes={"reaim-2026": ["pathways"]},
    places=[
        (
            "reaim-2026",
            "A Coruña",
            dt.date(2026, 2, 4),
            dt.date(2026, 2, 5),
            "ESP",
            "REAIM 2026: third Summit on Responsible AI in the Military Domain",
        ),
        (
            "reaim-2024",
            "Seoul",
            dt.date(2024, 9, 9),
            dt.date(2024, 9, 10),
            "KOR",
            "REAIM 2024: second Summit on Responsible AI in the Military Domain",
        ),
        ("seoul-2024", "Seoul", dt.date(2024, 5, 21), dt.date(2024, 5, 22), "KOR", "AI Seoul Summit"),
    ],
    frameworks={
        "pathways": ("declaration", dt.date(2026, 2, 5)),
        "political": ("declaration", dt.date(2023, 2, 16)),
    },
)


def test_a_summit_held_on_the_day_named_by_its_organiser_and_its_outcome_as_the_declaration():
    text = (
        "On Thursday, February 5, Spain hosted a summit on the use of AI for military purposes. However, the US "
        "and China chose not to sign the declaration outlining principles for its military use."
    )
    result = analyse(text, SUMMIT_INDEX)
    assert [s.key for s in result.summits] == ["reaim-2026"]
    found = {(s.actor, s.framework, s.position) for s in result.stances}
    assert found == {("USA", "pathways", Position.DECLINES), ("CHN", "pathways", Position.DECLINES)}


def test_of_two_summits_in_one_city_the_sentence_names_which():
    text = "The REAIM summit in Seoul is the second of its kind."
    assert {s.key for s in analyse(text, SUMMIT_INDEX).summits} >= {"reaim-2024"}
    assert "seoul-2024" not in {s.key for s in analyse(text, SUMMIT_INDEX).summits}
    assert analyse("Officials gathered at a summit in Seoul.", SUMMIT_INDEX).summits == []


def test_summits_in_a_list_of_cities_are_one_edition_each():
    day = dt.date(2026, 2, 6)
    text = "Spain held talks on AI in the military domain. Past summits in A Coruña and Seoul produced blueprints."
    assert {s.key for s in analyse(text, SUMMIT_INDEX, published=day).summits} == {"reaim-2026", "reaim-2024"}
    # Of the two editions held in Seoul, nothing in the text says which; one city alone is no list.
    plain = analyse("Past summits in A Coruña and Seoul.", SUMMIT_INDEX, published=day)
    assert {s.key for s in plain.summits} == {"reaim-2026"}
    assert analyse("The summits in Seoul were held in May.", SUMMIT_INDEX).summits == []


SPANISH = (
    "Más de 30 países firmaron el manifiesto Camino para la acción, una declaración para que la inteligencia "
    "artificial contribuya a la paz. Por el momento, los países que firmaron son: Alemania, República de Corea, "
    "Suiza y Ucrania. Países como México y Cuba no firmaron el documento."
)
LANGUAGE_INDEX = AliasIndex(
    [
        E("Camino para la acción", "framework", "pathways", "Pathways to Action", language="es"),
        E("Alemania", "actor", "DEU", "Germany", language="es"),
        E("Suiza", "actor", "CHE", "Switzerland", language="es"),
        E("Ucrania", "actor", "UKR", "Ukraine", language="es"),
        E("México", "actor", "MEX", "Mexico"),
        E("Cuba", "actor", "CUB", "Cuba"),
        E("Ukraine", "actor", "UKR", "Ukraine"),
    ]
)


def test_a_text_in_spanish_is_read_with_its_names_cues_and_lists():
    from initiatives.analysis.language import language_of

    assert language_of(SPANISH) == "es"
    found = {(s.actor, s.framework, s.position) for s in analyse(SPANISH, LANGUAGE_INDEX).stances}
    assert {("DEU", "pathways", Position.SIGNS), ("CHE", "pathways", Position.SIGNS)} <= found
    assert ("UKR", "pathways", Position.SIGNS) in found
    assert {("MEX", "pathways", Position.DECLINES), ("CUB", "pathways", Position.DECLINES)} <= found


def test_names_in_spanish_are_not_read_in_an_english_text():
    text = "Officials from Ukraine met the Alemania football team, then flew to Suiza."
    assert {h.key for h in analyse(text, LANGUAGE_INDEX).actors} == {"UKR"}


TOPIC_INDEX = AliasIndex(
    [
        *(
            E(name, "actor", code, name)
            for name, code in {
                "Nigeria": "NGA", "Brazil": "BRA", "France": "FRA", "India": "IND", "Russia": "RUS",
                "China": "CHN", "Denmark": "DNK", "Japan": "JPN",
            }.items()
        ),
        E("Bletchley Declaration", "framework", "bletchley", "Bletchley Declaration"),
        E(
            "Political Declaration on Responsible Military Use of Artificial Intelligence",
            "framework",
            "political",
            "Political Declaration",
        ),
    ],
    frameworks={"political": ("declaration", dt.date(2023, 11, 1))},
)  # fmt: skip


def test_a_list_of_parties_takes_the_texts_one_framework_from_further_back():
    text = (
        "Nigeria has endorsed the Bletchley Declaration. “We must partner allies,” the minister said. "
        "“It is essential,” he added. Others that endorsed include Brazil, France and India."
    )
    found = {(s.actor, s.framework) for s in analyse(text, TOPIC_INDEX).stances}
    assert {("BRA", "bletchley"), ("FRA", "bletchley"), ("IND", "bletchley")} <= found


def test_who_the_list_of_signatories_leaves_out_did_not_sign():
    text = (
        "31 countries joined the Political Declaration on Responsible Military Use of Artificial Intelligence. "
        "Unfortunately, the list does not include Russia or China."
    )
    found = {(s.actor, s.framework, s.position) for s in analyse(text, TOPIC_INDEX).stances}
    assert found == {("RUS", "political", Position.DECLINES), ("CHN", "political", Position.DECLINES)}


def test_a_quoted_description_after_a_possessor_is_read():
    text = (
        "Denmark and Japan signed onto President Joe Biden’s “political declaration” on responsible military "
        "use of artificial intelligence."
    )
    assert {h.key for h in analyse(text, TOPIC_INDEX).frameworks} == {"political"}


def test_a_meeting_whose_own_name_goes_on_is_not_the_edition_held_there_that_year():
    index = AliasIndex(
        [E("China", "actor", "CHN", "China")],
        places=[
            (
                "future-2024",
                "New York",
                dt.date(2024, 9, 22),
                dt.date(2024, 9, 23),
                None,
                "Summit of the Future",
            )
        ],
    )
    other = "In 2024 China attended the High-level Meeting on International Cooperation on AI in New York."
    assert analyse(other, index).summits == []
    same = "In 2024 China attended the Summit of the Future in New York."
    assert [s.key for s in analyse(same, index).summits] == ["future-2024"]


def test_a_recorded_vote_saved_names_its_resolution_in_the_next_index(db):
    from initiatives.choices import FrameworkKind
    from initiatives.ingest import alias_index
    from initiatives.models import Vote
    from tests.factories import make_article, make_framework

    framework = make_framework(slug="laws-2031", kind=FrameworkKind.RESOLUTION)
    before = alias_index.index_version()
    Vote.objects.create(
        framework=framework, source=make_article(), official_for=150, official_against=4, official_abstain=9
    )
    assert alias_index.index_version() != before  # every worker rebuilds its index
    text = "The draft resolution was adopted by 150 votes to 4, with 9 abstentions."
    assert [h.key for h in analyse(text, alias_index.build()).frameworks] == ["laws-2031"]


def test_a_proposal_after_a_determiner_is_an_object_not_an_act():
    text = "France and Denmark agreed to consider the Czech proposal on the Bletchley Declaration."
    found = {(s.actor, s.position) for s in analyse(text, TOPIC_INDEX).stances}
    assert (("FRA", Position.PROPOSES) not in found) and (("DNK", Position.PROPOSES) not in found)
    assert ("FRA", Position.PROPOSES) in {
        (s.actor, s.position)
        for s in analyse("France's proposal for the Bletchley Declaration", TOPIC_INDEX).stances
    }


def test_a_cue_with_an_object_of_its_own_or_a_turn_of_clause_is_not_about_the_framework_after():
    text = "China did not join them, but was among the countries that signed the Bletchley Declaration."
    found = {(s.actor, s.position) for s in analyse(text, TOPIC_INDEX).stances}
    assert ("CHN", Position.DECLINES) not in found


def test_a_dateline_with_a_date_and_an_agency_names_no_actor():
    index = AliasIndex([E("New Delhi", "actor", "IND", "India", "capital")])
    assert analyse("New Delhi, Feb 24 (IANS) The number of signatories rose to 91.", index).actors == []


def test_parties_joined_between_the_cue_and_the_framework_take_it_too():
    index = AliasIndex(
        [
            *(
                E(n, "actor", c, n)
                for n, c in {"USA": "USA", "China": "CHN", "Kenya": "KEN", "Zambia": "ZMB"}.items()
            ),
            E("European Union", "actor", "EU", "European Union", organisation=True),
            E("UN", "actor", "UN", "United Nations", "abbreviation", organisation=True),
            E("Bletchley Declaration", "framework", "bletchley", "Bletchley Declaration"),
            E("A/78/L.49", "framework", "res-78-265", "Resolution 78/265", "abbreviation"),
        ]
    )
    text = "The USA and China signed together with the European Union the Bletchley Declaration."
    assert {s.actor for s in analyse(text, index).stances} == {"USA", "CHN", "EU"}
    # The one named before ", alongside …", and an organisation before the framework's own name.
    text = "Kenya, alongside Zambia, also co-sponsored UN Resolution A/78/L.49."
    assert {s.actor for s in analyse(text, index).stances} == {"KEN", "ZMB"}


SERIES_INDEX = AliasIndex(
    [
        *(
            E(name, "actor", code, name)
            for name, code in {"France": "FRA", "China": "CHN", "US": "USA"}.items()
        ),
        E("India", "actor", "IND", "India"),
        E("AI Impact Summit", "summit", "delhi-2026", "AI Impact Summit"),
        E("New Delhi Declaration", "framework", "delhi-declaration", "New Delhi Declaration"),
    ],
    places=[
        (
            "seoul-2024",
            "Seoul",
            dt.date(2024, 5, 21),
            dt.date(2024, 5, 22),
            "KOR",
            "AI Seoul Summit",
            "ai_summits",
        ),
        ("reaim-2024", "Seoul", dt.date(2024, 9, 9), dt.date(2024, 9, 10), "KOR", "REAIM 2024", "other"),
        (
            "paris-2025",
            "Paris",
            dt.date(2025, 2, 10),
            dt.date(2025, 2, 11),
            "FRA",
            "AI Action Summit",
            "ai_summits",
        ),
        (
            "delhi-2026",
            "New Delhi",
            dt.date(2026, 2, 19),
            dt.date(2026, 2, 20),
            "IND",
            "AI Impact Summit",
            "ai_summits",
        ),
    ],
)


def test_earlier_editions_in_a_list_of_places_are_those_of_the_series_named():
    day = dt.date(2026, 2, 25)
    text = "The AI Impact Summit closed. The previous editions were held in Seoul and Paris."
    assert {s.key for s in analyse(text, SERIES_INDEX, published=day).summits} == {
        "delhi-2026",
        "seoul-2024",
        "paris-2025",
    }
    # States for cities: the editions they organised.
    text = "The AI Impact Summit closed. Analysts cite vague prior summits in France and the US."
    assert {s.key for s in analyse(text, SERIES_INDEX, published=day).summits} == {"delhi-2026", "paris-2025"}


def test_a_summit_in_a_city_in_a_month_named_is_the_one_held_there_then():
    text = "At the next summit in Seoul last May, companies made voluntary commitments."
    assert [s.key for s in analyse(text, SERIES_INDEX, published=dt.date(2025, 2, 1)).summits] == [
        "seoul-2024"
    ]
    text = "At the summit in Seoul last March, companies made voluntary commitments."
    assert analyse(text, SERIES_INDEX, published=dt.date(2025, 2, 1)).summits == []


def series_stances(text):
    return {(s.actor, s.framework, s.position) for s in analyse(text, SERIES_INDEX).stances}


def test_the_agents_of_a_noun_of_the_act_take_its_framework():
    text = (
        "New Delhi: The summit concluded with the adoption of the New Delhi Declaration by 88 countries, "
        "including the US, China and France."
    )
    assert series_stances(text) == {
        ("USA", "delhi-declaration", Position.SIGNS),
        ("CHN", "delhi-declaration", Position.SIGNS),
        ("FRA", "delhi-declaration", Position.SIGNS),
    }
    # A dateline with a colon names no actor.
    assert "IND" not in {h.key for h in analyse(text, SERIES_INDEX).mentions if h.target_type == "actor"}
    # The framework after "of" must be the one the agents act on: no agents, no position.
    assert series_stances("The adoption of the New Delhi Declaration was delayed.") == set()


def test_a_position_whose_takers_are_said_to_be_unknown_is_not_read():
    text = "It was not immediately clear how many nations, including the US and China, are endorsing the New Delhi Declaration."
    assert series_stances(text) == set()
    assert series_stances("The US and China are endorsing the New Delhi Declaration.") == {
        ("USA", "delhi-declaration", Position.SUPPORTS),
        ("CHN", "delhi-declaration", Position.SUPPORTS),
    }


def test_the_spanish_abbreviation_of_the_united_states_is_one_name_and_ends_no_sentence():
    index = AliasIndex(
        [
            E("Camino para la acción", "framework", "pathways", "Pathways to Action", language="es"),
            *(
                E(name, "actor", "USA", "United States", language="es")
                for name in ("EE. UU.", "EE.UU.", "EEUU")
            ),
            E("Ucrania", "actor", "UKR", "Ukraine", language="es"),
        ]
    )
    for name in ("EE. UU.", "EE.UU.", "EEUU"):
        text = (
            f"Por el momento, los países que firmaron el manifiesto Camino para la acción son Ucrania y {name}"
            f"{'' if name.endswith('.') else '.'} Los demás países no firmaron el documento."
        )
        found = {(s.actor, s.framework, s.position) for s in analyse(text, index).stances}
        assert ("USA", "pathways", Position.SIGNS) in found, name


def test_a_press_name_ending_on_its_topic_is_not_read_where_another_frameworks_topic_goes_on():
    index = AliasIndex(
        [
            E("first resolution on artificial intelligence", "framework", "res-265", "78/265", "paraphrase"),
            E("Risks of AI in nuclear weapons command", "framework", "res-nc3", "80/23"),
            E("AI in the military domain", "framework", "res-239", "79/239"),
        ]
    )
    found = lambda text: {h.key for h in analyse(text, index).mentions if h.target_type == "framework"}  # noqa: E731
    assert "res-265" not in found("The Assembly adopted the first resolution on AI risks in nuclear weapons.")
    assert found("The Assembly adopted the first resolution on AI last year.") == {"res-265"}
    # Nor is "first" evidence of which text a description is about.
    assert "res-265" not in found("A committee adopted the first-ever resolution on the military use of AI.")


def test_a_bare_cue_at_a_summit_named_as_the_setting_is_about_its_one_outcome():
    text = (
        "Over 20 countries signed the Seoul Declaration. Notably, at last year's AI Action Summit, both the US "
        "and China declined to sign."
    )
    found = {(s.actor, s.framework, s.position) for s in analyse(text, INDEX).stances}
    assert ("USA", "paris-statement", Position.DECLINES) in found
    assert ("USA", "seoul-declaration", Position.DECLINES) not in found
    # A cue with an object of its own is about that object, not the summit's outcome.
    text = "At the AI Action Summit, the US stressed the need to establish global rules."
    assert analyse(text, INDEX).stances == []


def test_a_dateline_with_an_ordinal_date_names_no_actor():
    text = "NEW DELHI, 21st February, 2026 (WAM) -- India hosted the summit; the US signed the New Delhi Declaration."
    index = AliasIndex(
        [
            E("India", "actor", "IND", "India"),
            E("New Delhi", "actor", "IND", "India", "capital"),
            E("US", "actor", "USA", "United States", "abbreviation"),
        ]
    )
    actors = [text[h.start : h.end] for h in analyse(text, index).mentions if h.target_type == "actor"]
    assert actors == ["India", "US"]  # not the dateline's "NEW DELHI"


ROMANCE_INDEX = AliasIndex(
    [
        E("Reino Unido", "actor", "GBR", "United Kingdom", language="pt"),
        E("Sénégal", "actor", "SEN", "Senegal", language="fr"),
        E("AI Impact Summit", "summit", "delhi-2026", "AI Impact Summit"),
        E("AI Action Summit", "summit", "paris-2025", "AI Action Summit"),
        E("Statement on Inclusive and Sustainable AI", "framework", "paris-statement", "Paris Statement"),
        E("New Delhi Declaration", "framework", "delhi-declaration", "New Delhi Declaration"),
    ],
    outcomes={"paris-2025": ["paris-statement"], "delhi-2026": ["delhi-declaration"]},
    places=[p for p in SERIES_INDEX.places if p[0] in ("paris-2025", "seoul-2024")],
    frameworks={"paris-statement": ("declaration", dt.date(2025, 2, 11))},
)


def romance_keys(text, kind, published=None):
    return {
        h.key for h in analyse(text, ROMANCE_INDEX, published=published).mentions if h.target_type == kind
    }


def test_summits_and_their_outcomes_named_in_spanish_portuguese_and_french():
    # The summit word in the language, and the city whatever its accents.
    pt = "O Reino Unido não assinou a declaração da Cimeira de Paris sobre a inteligência artificial e a ética."
    assert romance_keys(pt, "summit", dt.date(2025, 2, 12)) == {"paris-2025"}
    assert romance_keys(pt, "framework", dt.date(2025, 2, 12)) == {"paris-statement"}
    es = "Los países que firmaron la Declaración de París sobre la inteligencia artificial son muchos y diversos."
    assert romance_keys(es, "framework", dt.date(2025, 3, 1)) == {"paris-statement"}
    # "du sommet": the one summit named before, and its one outcome.
    fr = (
        "Le Sénégal a participé au AI Impact Summit avec une délégation. Au-delà de l'affichage diplomatique, le "
        "Sénégal a endossé la déclaration finale du sommet, qui appelle à une gouvernance mondiale concertée."
    )
    assert romance_keys(fr, "framework") == {"delhi-declaration"}


def test_regions_and_phrases_in_spanish_that_name_no_state():
    index = AliasIndex(
        [
            E("America", "actor", "USA", "United States"),
            E("Argentina", "actor", "ARG", "Argentina"),
            E("Chile", "actor", "CHL", "Chile"),
            E("Declaración de Santiago", "framework", "santiago", "Santiago Declaration", language="es"),
        ]
    )
    text = (
        "La Declaración de Santiago para una IA ética en América Latina y América del Sur fue firmada en Santiago "
        "de Chile. El acuerdo convocó a ministros y encargados de las políticas de IA de Argentina y Chile."
    )
    result = analyse(text, index)
    assert [text[h.start : h.end] for h in result.mentions if h.target_type == "actor"] == [
        "Argentina",
        "Chile",
    ]
    assert {(s.actor, s.framework) for s in result.stances} == {("ARG", "santiago"), ("CHL", "santiago")}


def test_a_summit_named_with_a_year_and_its_host_is_the_edition_the_host_organised_that_year():
    index = AliasIndex(
        [E("Spain", "actor", "ESP", "Spain"), E("Korea", "actor", "KOR", "South Korea")],
        places=SUMMIT_INDEX.places,
    )
    text = "In February 2026 the Summit on Responsible AI took place in Spain."
    assert [s.key for s in analyse(text, index).summits] == ["reaim-2026"]
    # Two editions its host organised that year: nothing says which.
    assert analyse("In 2024 the Summit took place in Korea.", index).summits == []


def test_a_declaration_described_in_portuguese_at_a_summit_and_its_signatories_after_a_copula():
    index = AliasIndex(
        [
            E("Canadá", "actor", "CAN", "Canada", language="pt"),
            E("França", "actor", "FRA", "France", language="pt"),
            E("REAIM Summit", "summit", "reaim-2026", "REAIM 2026"),
            E("Pathways to Action", "framework", "pathways", "Pathways to Action"),
        ],
        outcomes={"reaim-2026": ["pathways"]},
        frameworks={"pathways": ("declaration", dt.date(2026, 2, 5))},
    )
    text = (
        "Em fevereiro ocorreu o REAIM Summit, onde 35 países assinaram uma declaração estabelecendo princípios "
        "para o uso responsável da IA. Entre os signatários estão países como o Canadá e a França."
    )
    found = {(s.actor, s.framework, s.position) for s in analyse(text, index).stances}
    assert found == {("CAN", "pathways", Position.SIGNS), ("FRA", "pathways", Position.SIGNS)}
