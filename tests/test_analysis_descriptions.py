"""Frameworks described rather than named, recorded votes, refusals by "not among them", long lists of
signatories and the UN's own names of states (issue 15), on made-up sentences against a made-up index."""

import datetime as dt

import pytest

from initiatives.analysis import AliasEntry, AliasIndex, analyse
from initiatives.choices import Position

E = AliasEntry
COUNTRIES = {
    "China": "CHN",
    "France": "FRA",
    "India": "IND",
    "Kenya": "KEN",
    "Norway": "NOR",
    "Moldova": "MDA",
    "San Marino": "SMR",
    "Peru": "PER",
    "United States": "USA",
    "America": "USA",
    "United Kingdom": "GBR",
    "Russian Federation": "RUS",
    "Belarus": "BLR",
    "Saint Lucia": "LCA",
    "St. Lucia": "LCA",
}
FRAMEWORKS = [
    (
        "paris-statement",
        "Statement on Inclusive and Sustainable Artificial Intelligence for People and the Planet",
    ),
    ("paris-statement", "Paris Statement on Inclusive and Sustainable AI"),
    ("seoul-declaration", "Seoul Declaration for Safe, Innovative and Inclusive AI"),
    (
        "capacity-resolution",
        "Enhancing international cooperation on capacity-building of artificial intelligence",
    ),
    ("capacity-resolution", "China-led UN General Assembly resolution on AI capacity-building"),
    ("trustworthy-resolution", "UN General Assembly resolution on safe, secure and trustworthy AI"),
    (
        "nc3-resolution",
        "Possible risks of the integration of artificial intelligence into command, control and "
        "communications systems of nuclear weapons (General Assembly resolution 80/23)",
    ),
    ("military-resolution", "Artificial intelligence in the military domain (document A/C.1/79/L.43)"),
    ("military-resolution", "A/C.1/79/L.43"),
    ("coe-convention", "Council of Europe Framework Convention on Artificial Intelligence"),
    ("hap", "G7 Hiroshima AI Process"),
    ("hap-friends", "Hiroshima AI Process Friends Group"),
]
# Other frameworks, as many as the tracker has, so that a word's weight is as rare as it is there.
OTHERS = [(f"other-{i}", f"Other Framework Number {i} on Governance") for i in range(30)]
INDEX = AliasIndex(
    [
        *(E(name, "framework", slug, name) for slug, name in OTHERS),
        *(E(name, "actor", code, name) for name, code in COUNTRIES.items()),
        *(E(name, "framework", slug, name) for slug, name in FRAMEWORKS),
        E("AI Action Summit", "summit", "ai-action-summit-2025", "AI Action Summit"),
    ],
    outcomes={"ai-action-summit-2025": ["paris-statement"]},
    places=[
        (
            "ai-action-summit-2025",
            "Paris",
            dt.date(2025, 2, 10),
            dt.date(2025, 2, 11),
            None,
            "AI Action Summit",
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
    ],
)


def analysis(text, published=None):
    return analyse(text, INDEX, published=published)


def stances(text, published=None):
    return {(s.actor, s.framework, s.position) for s in analysis(text, published).stances}


def frameworks(text, published=None):
    return {hit.key for hit in analysis(text, published).frameworks}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kenya signed a declaration calling for inclusive and sustainable AI for the planet.",
            "paris-statement",
        ),
        (
            "The General Assembly adopted a resolution on AI capacity building, led by China.",
            "capacity-resolution",
        ),
        (
            "The US promoted a UN resolution advocating for safe, secure and trustworthy AI systems.",
            "trustworthy-resolution",
        ),
        (
            "The committee adopted a resolution that looks at the risks of integrating AI into nuclear command, "
            "control and communications.",
            "nc3-resolution",
        ),
        ("Norway has signed the Council of Europe's AI treaty.", "coe-convention"),
    ],
)
def test_a_framework_described_by_its_words_is_found(text, expected):
    assert frameworks(text) == {expected}


def test_a_group_described_beside_the_framework_it_supports_is_that_group():
    text = "Japan used the meeting to launch a group of countries supporting the G7's Hiroshima AI Process."
    assert frameworks(text) == {"hap", "hap-friends"}


@pytest.mark.parametrize(
    "text",
    [
        # Words of the sentence, none of the noun phrase's: another document.
        "Leaders of France and India signed a declaration of intent on nuclear reactors at the AI Action Summit.",
        # Words that several frameworks share equally ("UN", "resolution"): no way to tell which.
        "The UN adopted its first resolution on AI.",
        # A verb after the noun ends its phrase: "the declaration" refers back, it describes nothing.
        "The declaration outlines inclusive and sustainable principles.",
    ],
)
def test_thin_or_shared_evidence_describes_nothing(text):
    assert frameworks(text) == set()


def test_a_declaration_at_a_summit_named_by_its_undated_city_is_its_outcome():
    text = (
        "Fifty-eight countries signed a declaration on open and ethical AI at an AI summit in Paris on Tuesday, "
        "but the United States was not among them, nor was the United Kingdom."
    )
    result = analysis(text)
    assert {hit.key for hit in result.summits} == {"ai-action-summit-2025"}
    assert stances(text) == {
        ("USA", "paris-statement", Position.DECLINES),
        ("GBR", "paris-statement", Position.DECLINES),
    }
    # Seoul has held two summits: undated, "a summit in Seoul" is neither.
    assert analysis("Kenya spoke at a summit in Seoul.").summits == []


def test_a_passive_cue_takes_as_agents_only_the_actors_right_after_it():
    text = (
        "The declaration of the AI Action Summit was signed by 61 countries, but notably the United States "
        "and the United Kingdom were not among them."
    )
    assert stances(text) == {
        ("USA", "paris-statement", Position.DECLINES),
        ("GBR", "paris-statement", Position.DECLINES),
    }


def test_a_recorded_vote_names_the_states_in_brackets():
    text = (
        "By a recorded vote of 165 in favour to 2 against (Russian Federation, Belarus), with 2 abstentions "
        "(India, Kenya), the General Assembly approved the text (document A/C.1/79/L.43)."
    )
    assert stances(text) == {
        ("RUS", "military-resolution", Position.OPPOSES),
        ("BLR", "military-resolution", Position.OPPOSES),
        ("IND", "military-resolution", Position.NEUTRAL),
        ("KEN", "military-resolution", Position.NEUTRAL),
    }


def test_a_list_holds_names_the_alias_table_has_only_in_part():
    text = (
        "Norway, the Republic of Moldova, San Marino and Peru also signed the Council of Europe Framework "
        "Convention on Artificial Intelligence."
    )
    assert {actor for actor, _, _ in stances(text)} == {"NOR", "MDA", "SMR", "PER"}


def test_a_titles_dot_ends_no_name_and_a_region_is_no_state():
    text = "Ministers from Latin America, including Peru and St. Lucia, signed the Paris Statement on Inclusive and Sustainable AI."
    result = analysis(text)
    assert {hit.key for hit in result.actors} == {"PER", "LCA"}


def test_the_alias_index_knows_the_uns_own_names_of_states(db):
    from initiatives.ingest import alias_index
    from initiatives.starter_data import load_starter_data

    load_starter_data()
    index = alias_index.build()
    text = (
        "By a recorded vote of 165 in favour to 2 against (Democratic People's Republic of Korea, Russian "
        "Federation), with abstentions from the Islamic Republic of Iran and St. Vincent and the Grenadines."
    )
    found = {hit.key for hit in analyse(text, index, published=dt.date(2024, 11, 6)).actors}
    assert {"PRK", "RUS", "IRN", "VCT"} <= found
    assert "KOR" not in found


def test_a_reference_found_is_the_antecedent_of_the_next():
    text = (
        "The final declaration of the AI Action Summit was adopted on Tuesday. Kenya said it would sign the "
        "declaration. The declaration outlines principles. Among the signatories are France and India."
    )
    assert stances(text) == {
        ("KEN", "paris-statement", Position.SIGNS),
        ("FRA", "paris-statement", Position.SIGNS),
        ("IND", "paris-statement", Position.SIGNS),
    }


def test_a_relative_clause_that_endorsed_the_text_is_a_verb_not_an_adjective():
    text = "France and India are among the 88 countries that endorsed the Paris Statement on Inclusive and Sustainable AI."
    assert stances(text) == {
        ("FRA", "paris-statement", Position.SUPPORTS),
        ("IND", "paris-statement", Position.SUPPORTS),
    }
    # "the endorsed text" states nobody's position
    assert (
        stances(
            "France praised the summit; the endorsed text was the Paris Statement on Inclusive and Sustainable AI."
        )
        == set()
    )


def test_the_framework_refers_back_to_the_last_one_named():
    text = (
        "The Paris Statement on Inclusive and Sustainable AI was adopted in February. Three more nations, "
        "Kenya, Peru and Norway, formally endorsed the framework in March."
    )
    assert stances(text) == {(code, "paris-statement", Position.SUPPORTS) for code in ("KEN", "PER", "NOR")}


def test_a_position_two_sentences_on_borrows_the_framework_across_one_that_names_none():
    text = (
        'Kenya signed the Paris Statement on Inclusive and Sustainable AI. "The summit and statement matter," '
        "its ministry said. The United States and the United Kingdom were absent from the list of signatories."
    )
    assert stances(text) >= {
        ("USA", "paris-statement", Position.DECLINES),
        ("GBR", "paris-statement", Position.DECLINES),
    }


def test_a_reference_does_not_reach_back_over_a_sentences_end():
    # "… The Guardian. The declaration": "Guardian" is no modifier of this declaration.
    text = (
        "Kenya signed the Paris Statement on Inclusive and Sustainable AI, according to The Guardian. The "
        "declaration outlines principles."
    )
    found = [text[h.start : h.end] for h in analysis(text).mentions if h.target_type == "framework"]
    assert found[-1] == "The declaration"


def test_a_sentence_that_continues_names_who_took_the_position_before():
    text = (
        "The Paris Statement on Inclusive and Sustainable AI has nations from all continents agreeing to its "
        "terms. This includes African nations, such as Kenya; and others, including Peru and Norway."
    )
    assert stances(text) >= {(code, "paris-statement", Position.SUPPORTS) for code in ("KEN", "PER", "NOR")}


def test_a_reference_in_the_lede_may_point_to_the_framework_named_next():
    text = (
        "Sixty nations back AI text\n"
        "The 64 signatories of the document included countries such as Kenya and Peru, as well as unions "
        "including the United Kingdom.\n"
        "Kenya agreed to the Paris Statement on Inclusive and Sustainable AI, its ministry said."
    )
    assert {(a, f) for a, f, _ in stances(text)} == {
        ("KEN", "paris-statement"),
        ("PER", "paris-statement"),
        ("GBR", "paris-statement"),
    }


HOSTED = AliasIndex(
    [
        E("France", "actor", "FRA", "France"),
        E("India", "actor", "IND", "India"),
        E("Kenya", "actor", "KEN", "Kenya"),
        E("AI Action Summit", "summit", "ai-action-summit-2025", "AI Action Summit"),
    ],
    hosts=[
        ("ai-action-summit-2025", frozenset({"FRA", "IND"}), dt.date(2025, 2, 10)),
        ("india-ai-impact-summit-2026", frozenset({"IND"}), dt.date(2026, 2, 16)),
    ],
    places=[
        (
            "ai-action-summit-2025",
            "Paris",
            dt.date(2025, 2, 10),
            dt.date(2025, 2, 11),
            "FRA",
            "AI Action Summit",
        ),
        (
            "india-ai-impact-summit-2026",
            "New Delhi",
            dt.date(2026, 2, 16),
            dt.date(2026, 2, 20),
            "IND",
            "India AI Impact Summit",
        ),
    ],
)


def summits_in(text, published=None):
    return {hit.key for hit in analyse(text, HOSTED, published=published).summits}


def test_an_undated_article_is_read_as_of_the_summit_it_names():
    text = "India co-chaired the AI Action Summit, and India will host the next summit."
    assert summits_in(text) == {"ai-action-summit-2025", "india-ai-impact-summit-2026"}
    # With no summit named, an undated "next summit" of a host with two is neither.
    assert summits_in("India will host the next summit.") == set()


def test_an_undated_summit_in_a_country_that_organised_one_is_that_one():
    assert summits_in("Kenya will attend a summit in France next year.") == {"ai-action-summit-2025"}


LAWS = AliasIndex(
    [
        *(E(name, "framework", slug, name) for slug, name in OTHERS),
        E("Kenya", "actor", "KEN", "Kenya"),
        E("UN General Assembly", "actor", "UN", "United Nations", organisation=True),
        *(
            E(f"Lethal autonomous weapons systems (General Assembly resolution {n})", "framework", slug, slug)
            for slug, n in (("res-78-241", "78/241"), ("res-79-62", "79/62"), ("res-80-57", "80/57"))
        ),
    ],
    frameworks={
        "res-78-241": ("resolution", dt.date(2023, 12, 22)),
        "res-79-62": ("resolution", dt.date(2024, 12, 2)),
        "res-80-57": ("resolution", dt.date(2025, 12, 1)),
    },
)


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (dt.date(2024, 12, 20), {"res-79-62"}),
        (dt.date(2024, 3, 1), {"res-78-241"}),
        (None, set()),  # undated: the three fit alike
        (dt.date(2023, 1, 1), set()),  # none adopted yet
    ],
)
def test_a_description_several_fit_is_the_one_adopted_last_before_the_article(published, expected):
    text = "Kenya backed a resolution on lethal autonomous weapons systems."
    assert {h.key for h in analyse(text, LAWS, published=published).frameworks} == expected


def test_the_un_is_the_forum_of_its_resolutions_not_a_party():
    text = "The UN General Assembly agreed to adopt a resolution on lethal autonomous weapons systems."
    assert analyse(text, LAWS, published=dt.date(2024, 12, 20)).stances == []


SYMBOLS = AliasIndex(
    [
        *(E(name, "framework", slug, name) for slug, name in OTHERS),
        E("Kenya", "actor", "KEN", "Kenya"),
        E("India", "actor", "IND", "India"),
        E("Lethal autonomous weapons systems (resolution 78/241)", "framework", "laws-78", "LAWS 78/241"),
        E("A/C.1/78/L.56", "framework", "laws-78", "LAWS 78/241", "abbreviation"),
        E(
            "Risks of AI in nuclear command and control (resolution 80/23)",
            "framework",
            "nc3-80",
            "NC3 80/23",
        ),
        E("A/C.1/80/L.56", "framework", "nc3-80", "NC3 80/23", "abbreviation"),
        E("A/78/L.49", "framework", "trustworthy", "Safe, secure and trustworthy AI", "abbreviation"),
    ],
    frameworks={
        "laws-78": ("resolution", dt.date(2023, 12, 22)),
        "nc3-80": ("resolution", dt.date(2025, 12, 1)),
    },
)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Kenya voted for resolution L.49.", None, {"trustworthy"}),  # one alias ends so
        ("Kenya voted for resolution L.56.", dt.date(2024, 1, 10), {"laws-78"}),  # the one adopted by then
        ("Kenya voted for resolution L.56.", dt.date(2026, 1, 10), {"nc3-80"}),
        # Undated: the sentence's words tell the two apart; without them, neither.
        ("Kenya voted for resolution L.56 on autonomy in weaponry.", None, {"laws-78"}),
        ("Kenya voted for resolution L.56.", None, set()),
        ("Kenya read page L.56 of the report.", None, set()),  # not a UN text
    ],
)
def test_a_draft_named_by_its_symbols_last_part(text, published, expected):
    assert {h.key for h in analyse(text, SYMBOLS, published=published).frameworks} == expected


def test_the_states_of_a_vote_on_a_draft_named_by_its_tail():
    text = (
        "The vote saw 164 nations supporting resolution L.56 on autonomous weapons. Conversely, two countries—India "
        "and Kenya—voted against the resolution."
    )
    found = {(s.actor, s.framework, s.position) for s in analyse(text, SYMBOLS).stances}
    assert found == {("IND", "laws-78", Position.OPPOSES), ("KEN", "laws-78", Position.OPPOSES)}


@pytest.mark.parametrize(
    ("text", "position"),
    [
        (
            "France rejected calls from dozens of companies to pause the Paris Statement on Inclusive and "
            "Sustainable AI.",
            Position.SUPPORTS,
        ),
        (
            "France dismissed demands to scrap the Paris Statement on Inclusive and Sustainable AI.",
            Position.SUPPORTS,
        ),
        (
            "France rejected calls to join the Paris Statement on Inclusive and Sustainable AI.",
            Position.OPPOSES,
        ),
    ],
)
def test_rebuffing_a_call_turns_its_direction_again(text, position):
    assert stances(text) == {("FRA", "paris-statement", position)}


def test_the_holders_of_a_noun_cue_then_the_actors_they_include():
    text = (
        "The US promoted the Paris Statement on Inclusive and Sustainable AI, gaining the support of over 110 "
        "countries, including China."
    )
    assert ("CHN", "paris-statement", Position.SUPPORTS) in stances(text)


def test_an_organisation_listed_with_states_adopting_a_text_is_a_party():
    text = "At the summit 28 countries and the European Union adopted the Seoul Declaration for Safe, Innovative and Inclusive AI."
    index = AliasIndex(
        [
            E("European Union", "actor", "EU", "European Union", organisation=True),
            E(
                "Seoul Declaration for Safe, Innovative and Inclusive AI",
                "framework",
                "seoul",
                "Seoul Declaration",
            ),
        ]
    )
    assert {(s.actor, s.framework) for s in analyse(text, index).stances} == {("EU", "seoul")}
    alone = "The European Union adopted the Seoul Declaration for Safe, Innovative and Inclusive AI."
    assert analyse(alone, index).stances == []  # alone, the forum


def test_states_that_pushed_the_text_proposed_it():
    text = "Kenya and Peru pushed the Paris Statement on Inclusive and Sustainable AI through the assembly."
    assert stances(text) == {
        ("KEN", "paris-statement", Position.PROPOSES),
        ("PER", "paris-statement", Position.PROPOSES),
    }
