import datetime as dt
import sys
from pathlib import Path

import pytest

from initiatives.analysis import AliasEntry, AliasIndex, analyse

E = AliasEntry
DATA = Path(__file__).parent / "data" / "analysis"
INDEX = AliasIndex(
    [
        E("China", "actor", "CHN", "China"),
        E("Beijing", "actor", "CHN", "China", "capital"),
        E("Xi Jinping", "actor", "CHN", "China", "leader", dt.date(2013, 3, 14)),
        E("Chinese", "actor", "CHN", "China", "demonym"),
        E("United States", "actor", "USA", "United States"),
        E("US", "actor", "USA", "United States", "abbreviation"),
        E("Biden", "actor", "USA", "United States", "leader", dt.date(2021, 1, 20), dt.date(2025, 1, 20)),
        E("Britain", "actor", "GBR", "United Kingdom"),
        E("Washington", "actor", "USA", "United States", "capital"),
        E("World AI Cooperation Organization", "framework", "waico", "WAICO"),
        E("Bletchley Declaration", "framework", "bletchley-declaration", "The Bletchley Declaration"),
        E(
            "APEC leaders meeting in Gyeongju",
            "summit",
            "apec-aelm-2025",
            "32nd APEC Economic Leaders' Meeting",
        ),
    ]
)
STORY = (
    "GYEONGJU, South Korea (Reuters) - Chinese President Xi Jinping promoted a World Artificial Intelligence "
    "Cooperation Organisation at the APEC leaders' meeting in Gyeongju. The U.S. rejected regulating AI "
    "through international bodies."
)


def stances(result):
    return {(s.actor, s.framework, s.position) for s in result.stances}


def test_it_reads_the_guiding_story():
    result = analyse(STORY, INDEX, published=dt.date(2025, 11, 1))
    assert [a.key for a in result.actors] == ["CHN", "USA"]
    assert [f.key for f in result.frameworks] == ["waico"]
    assert [s.key for s in result.summits] == ["apec-aelm-2025"]
    assert stances(result) == {("CHN", "waico", "proposes"), ("USA", "waico", "opposes")}
    mention = result.mentions[0]
    assert STORY[mention.start : mention.end] == mention.matched_text


def test_it_takes_no_actor_from_a_dateline():
    result = analyse("WASHINGTON (Reuters) - Officials met to talk about chips.", INDEX)
    assert result.actors == []


def test_it_reads_a_leader_only_within_their_term():
    text = "Biden backed the Bletchley Declaration."
    assert stances(analyse(text, INDEX, published=dt.date(2023, 11, 2))) == {
        ("USA", "bletchley-declaration", "supports")
    }
    assert analyse(text, INDEX, published=dt.date(2025, 6, 1)).actors == []


def test_it_reads_a_demonym_only_in_an_actor_position():
    assert [a.key for a in analyse("Chinese officials spoke.", INDEX).actors] == ["CHN"]
    assert analyse("Chinese chips sold well.", INDEX).actors == []


def test_it_reads_did_not_sign_as_declines():
    result = analyse("The United States and Britain did not sign the Bletchley Declaration.", INDEX)
    assert stances(result) == {
        ("USA", "bletchley-declaration", "declines"),
        ("GBR", "bletchley-declaration", "declines"),
    }


def test_it_reads_a_capital_in_place_as_no_actor():
    assert analyse("Talks were held in Beijing.", INDEX).actors == []


# --- Organisations inside names, paraphrases and negatives -----------------------------------------------

INDEX2 = AliasIndex(
    [
        E("China", "actor", "CHN", "China"),
        E("India", "actor", "IND", "India"),
        E("France", "actor", "FRA", "France"),
        E("United States", "actor", "USA", "United States"),
        E("U.S.", "actor", "USA", "United States", "abbreviation"),
        E("Britain", "actor", "GBR", "United Kingdom"),
        E("Japan", "actor", "JPN", "Japan"),
        E("Seoul", "actor", "KOR", "South Korea", "capital"),
        E("London", "actor", "GBR", "United Kingdom", "capital"),
        E("European Union", "actor", "EU", "European Union", organisation=True),
        E("EU", "actor", "EU", "European Union", "abbreviation", organisation=True),
        E("APEC", "actor", "APEC", "APEC", "abbreviation", organisation=True),
        E("OECD", "actor", "OECD", "OECD", "abbreviation", organisation=True),
        E("World Artificial Intelligence Cooperation Organization", "framework", "waico", "WAICO"),
        E("World AI Cooperation Organization", "framework", "waico", "WAICO", "paraphrase"),
        E("EU AI Act", "framework", "eu-ai-act", "EU AI Act"),
        E("OECD AI Principles", "framework", "oecd-ai-principles", "OECD AI Principles"),
        E("Seoul Declaration", "framework", "seoul-declaration", "Seoul Declaration"),
        E("Bletchley Declaration", "framework", "bletchley-declaration", "Bletchley Declaration"),
        E(
            "Paris AI Action Summit declaration",
            "framework",
            "paris-statement",
            "Paris statement",
            "paraphrase",
        ),
        E("AI Action Summit", "summit", "ai-action-summit-2025", "AI Action Summit"),
        E("Paris AI summit", "summit", "ai-action-summit-2025", "AI Action Summit"),
        E("APEC leaders' meeting in Gyeongju", "summit", "apec-aelm-2025", "APEC 2025"),
        E("APEC … Shenzhen", "summit", "apec-aelm-2026", "APEC 2026"),
    ],
    outcomes={"ai-action-summit-2025": ["paris-statement"]},
)


def keys(result, kind):
    return {hit.key for hit in getattr(result, kind)}


def test_an_organisation_inside_a_framework_or_summit_name_is_a_mention():
    result = analyse("Brussels is implementing the EU AI Act. The OECD AI Principles were updated.", INDEX2)
    assert keys(result, "actors") == {"EU", "OECD"}
    assert keys(result, "frameworks") == {"eu-ai-act", "oecd-ai-principles"}
    result = analyse("Leaders gathered at the APEC leaders' meeting in Gyeongju.", INDEX2)
    assert keys(result, "actors") == {"APEC"} and keys(result, "summits") == {"apec-aelm-2025"}


def test_a_place_inside_a_framework_name_is_no_actor():
    result = analyse(
        "Delegates recalled the Seoul Declaration and the Paris AI Action Summit declaration.", INDEX2
    )
    assert keys(result, "actors") == set()
    assert keys(result, "frameworks") == {"seoul-declaration", "paris-statement"}
    assert keys(result, "summits") == {"ai-action-summit-2025"}  # a summit named inside a framework's name


def test_an_organisation_inside_a_name_takes_no_stance_on_it():
    result = analyse("Japan criticised the EU AI Act.", INDEX2)
    assert stances(result) == {("JPN", "eu-ai-act", "opposes")}


@pytest.mark.parametrize(
    "text",
    [
        "China proposed a World AI Cooperation Organization.",
        "China proposed a global AI cooperation organisation.",
        "China proposed a world organisation for AI cooperation.",
        "China proposed a Global AI Cooperation Organization.",
        "China proposed an international body for AI co-operation.",
    ],
)
def test_it_reads_word_order_variants_and_paraphrases_of_long_names(text):
    result = analyse(text, INDEX2)
    assert keys(result, "frameworks") == {"waico"}
    assert stances(result) == {("CHN", "waico", "proposes")}


@pytest.mark.parametrize(
    "text",
    [
        "The World Trade Organization called for AI cooperation among members.",
        "France and India renewed their commitment to the Paris climate agreement.",
        "China and the United States agreed a trade deal on AI chips.",
        "Officials discussed cooperation on AI at a world forum of the organisation.",
    ],
)
def test_paraphrase_matching_does_not_fire_on_negatives(text):
    result = analyse(text, INDEX2)
    assert keys(result, "frameworks") == set()
    assert result.stances == []


def test_a_window_alias_matches_its_words_near_each_other():
    result = analyse("China will host APEC next year in Shenzhen.", INDEX2)
    assert keys(result, "summits") == {"apec-aelm-2026"}
    assert keys(analyse("APEC met. Shenzhen grew.", INDEX2), "summits") == set()  # not across sentences


def test_the_matcher_costs_the_same_for_many_aliases():
    many = [E(f"name{i} word{i % 97} thing{i % 13}", "framework", f"f{i}", f"F{i}") for i in range(5000)]
    index = AliasIndex([*INDEX2.entries, *many])
    result = analyse("China proposed a world organisation for AI cooperation.", index)
    assert keys(result, "frameworks") == {"waico"}
    # every signature is filed under one anchor word: a token looks up one bucket, not every alias
    assert max(len(bucket) for bucket in index.signatures.by_anchor.values()) < 50


# --- Metonyms, leaders, datelines, boilerplate --------------------------------------------------------------


def test_a_capital_as_government_is_an_actor_but_not_as_a_place():
    assert keys(analyse("Beijing rejected the Bletchley Declaration.", INDEX), "actors") == {"CHN"}
    assert keys(analyse("Ministers met in Beijing and Washington.", INDEX), "actors") == set()
    assert keys(analyse("The start-up will open offices in Paris and London.", INDEX2), "actors") == set()
    assert keys(analyse("The Seoul Metropolitan Government signed a deal.", INDEX2), "actors") == set()


def test_a_leader_counts_only_within_their_term():
    assert keys(analyse("Biden spoke.", INDEX, published=dt.date(2022, 1, 1)), "actors") == {"USA"}
    assert keys(analyse("Biden spoke.", INDEX, published=dt.date(2025, 3, 1)), "actors") == set()
    assert keys(analyse("Biden spoke.", INDEX, published=dt.date(2021, 1, 19)), "actors") == set()
    assert keys(analyse("Biden spoke.", INDEX), "actors") == set()  # undated: only open-ended terms


def test_an_abbreviation_counts_only_in_capitals():
    assert keys(analyse("Let us sign it; the U.S. said no.", INDEX2), "actors") == {"USA"}
    assert keys(analyse("U.S. rivals raised prices.", INDEX2), "actors") == set()


@pytest.mark.parametrize(
    "dateline",
    [
        "WASHINGTON (Reuters) - ",
        "BEIJING, Nov 1 (Reuters) - ",
        "Beijing (Xinhua) -- ",
        "NEW DELHI: ",
        "WASHINGTON, March 21 (AP) — ",
    ],
)
def test_no_actor_comes_from_a_dateline(dateline):
    result = analyse(dateline + "Officials met to talk about chips.", INDEX)
    assert result.actors == []


def test_link_lists_and_related_stories_are_skipped():
    text = (
        "China proposed a World AI Cooperation Organization on Saturday, officials said.\n"
        "Related stories\n"
        "India backs EU AI Act\n"
        "World\nChina\nUnited States\nEurope\n"
        "You may also like: France signs Bletchley Declaration\n"
    )
    result = analyse(text, INDEX2)
    assert keys(result, "actors") == {"CHN"}
    assert keys(result, "frameworks") == {"waico"}


def test_a_page_with_menus_and_related_stories_reaches_the_analysis_as_its_body():
    from initiatives.analysis import extract_article

    body = "".join(
        f"<p>{s}</p>"
        for s in [
            "BEIJING (Reuters) - China on Saturday proposed a World AI Cooperation Organization, officials said.",
            "The United States rejected the idea of regulating AI through a global body, a spokesperson said.",
        ]
    )
    page = (
        "<html lang='en'><body><nav><a href='/'>World</a> | <a href='/c'>China</a> | <a href='/i'>India</a></nav>"
        f"<article><h1>China pitches AI body</h1>{body}<h2>Related stories</h2><ul>"
        "<li><a href='/a'>India backs EU AI Act</a></li><li><a href='/b'>Japan and France sign treaty</a></li></ul>"
        "<p>Read more: <a href='/c'>Britain signs Bletchley Declaration</a></p></article>"
        "<footer>We use cookies. © 2025 News</footer></body></html>"
    )
    text = extract_article(page).text
    result = analyse(text, INDEX2)
    assert keys(result, "actors") == {"CHN", "USA"}
    assert stances(result) == {("CHN", "waico", "proposes"), ("USA", "waico", "opposes")}


# --- Stances -----------------------------------------------------------------------------------------------


def test_a_signatory_list_gives_one_stance_per_actor():
    text = "The Bletchley Declaration was signed by China, India, France, the European Union and the United States."
    assert stances(analyse(text, INDEX2)) == {
        (code, "bletchley-declaration", "signs") for code in ("CHN", "IND", "FRA", "EU", "USA")
    }
    text = "The Bletchley Declaration drew wide support. Signatories included China, India and Japan."
    assert {s[0] for s in stances(analyse(text, INDEX2))} == {"CHN", "IND", "JPN"}


def test_negation_and_refusal_are_declines():
    for text in (
        "Britain did not sign the Bletchley Declaration.",
        "Britain refused to sign the Bletchley Declaration.",
        "Britain declined on Tuesday to sign the Bletchley Declaration.",
        "Britain has yet to sign the Bletchley Declaration.",
    ):
        assert stances(analyse(text, INDEX2)) == {("GBR", "bletchley-declaration", "declines")}, text
    text = "China and Britain were absent from the list of signatories of the Bletchley Declaration."
    assert stances(analyse(text, INDEX2)) == {
        ("CHN", "bletchley-declaration", "declines"),
        ("GBR", "bletchley-declaration", "declines"),
    }


def test_evidence_from_the_sentence_before_is_less_confident():
    text = "The Bletchley Declaration was published on Wednesday. France and India backed it."
    result = analyse(text, INDEX2)
    assert stances(result) == {
        ("FRA", "bletchley-declaration", "supports"),
        ("IND", "bletchley-declaration", "supports"),
    }
    suggestion = result.stances[0]
    assert suggestion.evidence == text and suggestion.cue == "backed" and suggestion.confidence < 0.8
    same = analyse("France backed the Bletchley Declaration.", INDEX2).stances[0]
    assert (
        same.confidence > suggestion.confidence
        and same.evidence == "France backed the Bletchley Declaration."
    )


def test_a_reference_back_carries_the_framework():
    text = "China proposed a World AI Cooperation Organization. India said it would not join the body."
    assert stances(analyse(text, INDEX2)) == {("CHN", "waico", "proposes"), ("IND", "waico", "declines")}


def test_a_summit_outcome_is_read_from_the_summit():
    text = "The United States refused to sign the statement at the Paris AI summit."
    result = analyse(text, INDEX2)
    assert keys(result, "frameworks") == {"paris-statement"}
    assert stances(result) == {("USA", "paris-statement", "declines")}


def test_an_actor_merely_near_a_framework_or_attending_a_summit_takes_no_stance():
    assert stances(analyse("China, which hosted talks, was mentioned beside the EU AI Act.", INDEX2)) == set()
    assert (
        stances(analyse("India joined the AI Action Summit as the Seoul Declaration was recalled.", INDEX2))
        == set()
    )
    assert stances(analyse("The U.S. rejected the proposed World AI Cooperation Organization.", INDEX2)) == {
        ("USA", "waico", "opposes")
    }


# --- The index follows the database -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_saved_alias_is_matched_on_the_next_analysis_without_clearing_the_cache():
    from initiatives import caching
    from initiatives.ingest import alias_index
    from initiatives.models import Actor, Alias

    alias_index.clear_cache()
    try:
        kenya = Actor.objects.create(code="KEN", name="Kenya")
        assert keys(analyse("Nairobi welcomed the plan.", alias_index.load()), "actors") == set()
        first = alias_index.load()
        assert alias_index.load() is first  # unchanged data: the cached index
        Alias.objects.create(text="Nairobi", kind="capital", actor=kenya)
        assert keys(analyse("Nairobi welcomed the plan.", alias_index.load()), "actors") == {"KEN"}
        # Another process's change arrives as a new version in the shared cache.
        again = alias_index.load()
        caching.bump(caching.ALIAS_INDEX)
        assert alias_index.load() is not again
    finally:
        alias_index.clear_cache()


# --- More guards ------------------------------------------------------------------------------------------

INDEX3 = AliasIndex(
    [
        *INDEX2.entries,
        E("Lee Jae-myung", "actor", "KOR", "South Korea", "leader", dt.date(2025, 6, 4)),
        E("Tokyo", "actor", "JPN", "Japan", "capital"),
        E("United Nations", "actor", "UN", "United Nations", organisation=True),
        E("UN", "actor", "UN", "United Nations", "abbreviation", organisation=True),
        E("UN General Assembly resolution on safe AI", "framework", "unga-res", "UNGA resolution"),
        E("resolution on safe and trustworthy AI", "framework", "unga-res", "UNGA resolution", "paraphrase"),
        E("Bletchley", "summit", "ai-safety-summit-2023", "AI Safety Summit"),
    ],
    outcomes={
        "ai-safety-summit-2023": ["bletchley-declaration"],
        "ai-action-summit-2025": ["paris-statement"],
    },
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seoul cherry blossom season draws visitors.", set()),
        ("Its Seoul-listed shares rose.", set()),
        ("The Seoul Tourism Summit will meet.", set()),
        ("Seoul said it would sign.", {"KOR"}),
        ("Seoul's answer was clear.", {"KOR"}),
        ("Tokyo and Seoul welcomed the plan.", {"JPN", "KOR"}),
    ],
)
def test_a_capital_stands_for_its_government_only_as_subject_or_possessor(text, expected):
    assert keys(analyse(text, INDEX3), "actors") == expected


def test_a_leader_named_in_full_is_later_named_by_part_of_the_name():
    text = "President Lee Jae-myung spoke on Tuesday. Lee said he backed the Seoul Declaration."
    result = analyse(text, INDEX3, published=dt.date(2025, 6, 10))
    assert stances(result) == {("KOR", "seoul-declaration", "supports")}
    assert keys(analyse("Lee said he backed the Seoul Declaration.", INDEX3), "actors") == set()


def test_an_organisation_is_no_party_to_its_own_instrument():
    text = "The U.N. General Assembly adopted the resolution on safe and trustworthy AI, proposed by the United States."
    assert stances(analyse(text, INDEX3)) == {("USA", "unga-res", "proposes")}
    # … while the EU is a party to its own law
    assert stances(analyse("The European Union adopted the EU AI Act.", INDEX3)) == {
        ("EU", "eu-ai-act", "signs")
    }


def test_a_place_or_the_members_of_an_organisation_take_no_stance():
    text = "Talks at the United Nations ended as France backed the Bletchley Declaration."
    assert stances(analyse(text, INDEX3)) == {("FRA", "bletchley-declaration", "supports")}


def test_signing_at_a_summit_is_signing_its_declaration():
    text = "China, which signed at Bletchley, has since focused on other plans."
    assert stances(analyse(text, INDEX3)) == {("CHN", "bletchley-declaration", "signs")}


def test_an_undecided_actor_takes_no_position_by_the_cue_alone():
    text = "Japan has not decided whether to join the Bletchley Declaration."
    assert stances(analyse(text, INDEX3)) == set()


def test_a_cue_about_something_else_gives_no_stance():
    text = "The Bletchley Declaration was discussed. Britain urged France to withdraw the tariff."
    assert stances(analyse(text, INDEX3)) == set()
    text = "Japan used the meeting to launch a group of countries, and France later backed the Seoul Declaration."
    assert stances(analyse(text, INDEX3)) == {("FRA", "seoul-declaration", "supports")}


# --- The alias data ----------------------------------------------------------------------------------------


def test_the_alias_file_holds_names_with_sources_for_terms():
    import json
    from collections import Counter
    from pathlib import Path

    data = json.loads(
        (Path(__file__).parent.parent / "initiatives" / "data" / "actor_aliases.json").read_text()
    )
    aliases = data["aliases"]
    for alias in aliases:
        if alias["kind"] == "leader":
            assert alias["valid_from"] and alias["source_url"].startswith("https://"), alias
    # The alias table keeps one row per (target, name, language, start date): a name repeated from the
    # same date would be dropped on load; a leader's name may come back for another term; "Bélgica" is a
    # Spanish and a Portuguese name, each read in texts in its language.
    repeated = [
        key
        for key, n in Counter(
            (a["actor"], a["text"], a["language"], a.get("valid_from")) for a in aliases
        ).items()
        if n > 1
    ]
    assert repeated == []
    for section, target in (("framework_aliases", "framework"), ("summit_aliases", "summit")):
        repeated = [
            k
            for k, n in Counter((a[target], a["text"], a.get("valid_from")) for a in data[section]).items()
            if n > 1
        ]
        assert repeated == [], section
    # Terms of one name never overlap: a date reads the name as one term's actor at most.
    terms: dict = {}
    for alias in aliases:
        if alias.get("valid_from"):
            terms.setdefault((alias["actor"], alias["text"]), []).append(
                (alias["valid_from"], alias.get("valid_to") or "9999-12-31")
            )
    for key, spans in terms.items():
        spans.sort()
        assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:], strict=False)), key


@pytest.mark.django_db
def test_the_loaded_aliases_read_the_current_leaders(fresh_alias_index):
    from initiatives.ingest import alias_index
    from initiatives.starter_data import load_starter_data

    load_starter_data()
    index = alias_index.load()
    assert keys(analyse("Trump rejected the plan.", index, published=dt.date(2025, 7, 7)), "actors") == {
        "USA"
    }
    assert keys(analyse("Trump rejected the plan.", index, published=dt.date(2023, 7, 7)), "actors") == set()
    assert keys(analyse("President Trump spoke.", index, published=dt.date(2018, 7, 7)), "actors") == {"USA"}
    alias_index.clear_cache()


@pytest.mark.django_db
def test_an_organisation_whose_code_is_no_abbreviation_is_found_by_name_alone(fresh_alias_index):
    from initiatives.ingest import alias_index
    from initiatives.models import Actor

    Actor.objects.create(code="AU", name="African Union", kind="organisation", code_is_abbreviation=False)
    Actor.objects.create(code="OECD", name="OECD", kind="organisation")
    index = alias_index.load()
    assert keys(analyse("AU and OECD officials met.", index), "actors") == {"OECD"}
    assert keys(analyse("The African Union and the OECD met.", index), "actors") == {"AU", "OECD"}
    alias_index.clear_cache()


@pytest.mark.django_db
def test_the_starter_data_marks_codes_and_seats_the_analysis_must_not_read(fresh_alias_index):
    from initiatives.ingest import alias_index
    from initiatives.models import Actor
    from initiatives.starter_data import load_starter_data

    load_starter_data()
    assert set(Actor.objects.filter(code_is_abbreviation=False).values_list("code", flat=True)) == {
        "AU",
        "COE",
        "IFAD",
    }
    index = alias_index.load()
    # The UN meets at its seat: the United States is recorded as the host of the Summit of the Future, but
    # "the United States will host" never means it. South Korea hosts its summit in turn.
    assert (
        keys(
            analyse("The United States will host the summit.", index, published=dt.date(2024, 7, 1)),
            "summits",
        )
        == set()
    )
    assert keys(
        analyse("South Korea will host the next summit.", index, published=dt.date(2023, 11, 1)), "summits"
    ) == {"ai-seoul-summit-2024"}
    alias_index.clear_cache()


def test_group_nouns_passives_and_indefinite_objects():
    text = "Among the backers of the Bletchley Declaration were France, India and Japan."
    assert stances(analyse(text, INDEX3)) == {
        (code, "bletchley-declaration", "supports") for code in ("FRA", "IND", "JPN")
    }
    # an agentless passive names nobody as taking the position
    text = "India abstained on the Bletchley Declaration, which was adopted by consensus."
    assert stances(analyse(text, INDEX3)) == {("IND", "bletchley-declaration", "neutral")}
    # "any declaration" is none in particular
    text = "The Seoul Declaration was adopted. France said it would not sign any declaration that limited research."
    assert stances(analyse(text, INDEX3)) == set()


def test_an_actor_named_with_a_possessive_before_the_framework_does_not_end_the_clause():
    text = "The European Union and Japan welcomed China's proposal for a World AI Cooperation Organization."
    assert stances(analyse(text, INDEX3)) == {
        ("EU", "waico", "supports"),
        ("JPN", "waico", "supports"),
        ("CHN", "waico", "proposes"),
    }


def test_a_cue_reaches_every_framework_listed_together():
    text = "Britain and Japan reaffirmed their commitment to the Bletchley Declaration and the Seoul Declaration."
    assert stances(analyse(text, INDEX3)) == {
        (actor, framework, "supports")
        for actor in ("GBR", "JPN")
        for framework in ("bletchley-declaration", "seoul-declaration")
    }
    # a company is no actor, and the cue is not moved onto the actor after it
    assert stances(analyse("Apple and Google backed the EU AI Act.", INDEX3)) == set()


def test_a_news_page_with_captions_inline_links_and_topic_lines():
    from initiatives.analysis import extract_article

    index = AliasIndex(
        [
            *INDEX3.entries,
            E("Israel", "actor", "ISR", "Israel"),
            E("Russia", "actor", "RUS", "Russia"),
            E("Framework Convention on Artificial Intelligence", "framework", "cets", "CETS 225"),
            E("Council of Europe", "actor", "COE", "Council of Europe", organisation=True),
        ]
    )
    page = (
        "<html lang='en'><head><title>Britain signs AI treaty</title></head><body>"
        "<header><ul><li><a href='/uk'>UK</a></li><li><a href='/cn'>China</a></li></ul></header><article>"
        "<h1>Britain signs AI treaty</h1><p>By Jane Doe, Political correspondent</p>"
        "<p>VILNIUS, Sept 5 (Reuters) - Britain on Thursday signed the Council of Europe's Framework Convention "
        "on Artificial Intelligence, alongside the United States and the European Union.</p>"
        "<p>Also read: <a href='/x'>India rejects the Seoul Declaration</a></p>"
        "<p>The convention requires signatories to respect human rights. Israel also signed.</p>"
        "<div><h3>More on this story</h3><p><a href='/a'>Russia rejects EU AI Act</a></p>"
        "<p><a href='/b'>Japan joins the Bletchley Declaration</a></p></div>"
        "<p>Topics: AI, Europe, China</p></article><footer>We use cookies.</footer></body></html>"
    )
    result = analyse(extract_article(page).text, index, published=dt.date(2024, 9, 5))
    assert keys(result, "actors") == {"GBR", "COE", "USA", "EU", "ISR"}
    assert keys(result, "frameworks") == {"cets"}
    assert stances(result) == {(code, "cets", "signs") for code in ("GBR", "USA", "EU", "ISR")}


def test_a_liveblog_keeps_its_key_events_list():
    from initiatives.analysis import extract_article

    page = (
        "<html><body><article><h1>Live: AI summit</h1><p>Follow our coverage of the summit, where leaders meet today.</p>"
        "<h2>Key events</h2><ul><li>China backs the Seoul Declaration</li><li>Britain declines to sign the Seoul "
        "Declaration</li><li>India to host next summit</li></ul><p>12:05 GMT</p>"
        "<p>Leaders are arriving for the closing session, officials said.</p>"
        "<div class='related'><ul><li><a href='/a'>Japan hails the Bletchley Declaration</a></li>"
        "<li><a href='/b'>Opinion: why France stayed out</a></li></ul></div></article></body></html>"
    )
    result = analyse(extract_article(page).text, INDEX3)
    assert stances(result) == {
        ("CHN", "seoul-declaration", "supports"),
        ("GBR", "seoul-declaration", "declines"),
    }
    assert keys(result, "actors") == {"CHN", "GBR", "IND"}


@pytest.mark.parametrize(
    "text",
    [
        "If Britain were to join the Seoul Declaration, Japan would follow.",
        "Will India sign the Seoul Declaration?",
        "Officials asked whether France would back the Seoul Declaration.",
    ],
)
def test_questions_and_conditions_state_no_position(text):
    assert stances(analyse(text, INDEX3)) == set()


HOSTED = AliasIndex(
    [
        *INDEX3.entries,
        E("South Korea", "actor", "KOR", "South Korea"),
        E("AI Seoul Summit", "summit", "ai-seoul-summit-2024", "AI Seoul Summit"),
    ],
    hosts=[
        ("ai-seoul-summit-2024", frozenset({"KOR", "GBR"}), dt.date(2024, 5, 21)),
        ("ai-action-summit-2025", frozenset({"FRA", "IND"}), dt.date(2025, 2, 10)),
        ("india-ai-impact-summit-2026", frozenset({"IND"}), dt.date(2026, 2, 16)),
        ("g7-hiroshima-summit-2023", frozenset({"JPN"}), dt.date(2023, 5, 19)),
    ],
)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "South Korea will co-host a smaller virtual summit in six months.",
            dt.date(2023, 11, 1),
            {"ai-seoul-summit-2024"},
        ),
        (
            "Modi said India would host the next summit.",
            dt.date(2025, 2, 11),
            {"india-ai-impact-summit-2026"},
        ),
        ("The AI summit the two leaders co-chaired ended; France and India", dt.date(2025, 2, 12), set()),
        (
            "Macron left after the summit he co-chaired with India.",
            dt.date(2025, 2, 12),
            {"ai-action-summit-2025"},
        ),
        (
            "Kishida spoke at the OECD Ministerial Council Meeting, which Japan hosted.",
            dt.date(2024, 5, 3),
            set(),
        ),
        ("Japan will host a summit in 2031.", dt.date(2030, 1, 1), set()),  # no summit of Japan's that year
        ("India will host the next summit.", None, set()),  # undated: no way to tell which
    ],
)
def test_a_summit_named_by_its_host(text, published, expected):
    index = AliasIndex(
        [
            *HOSTED.entries,
            E("Macron", "actor", "FRA", "France", "leader", dt.date(2017, 5, 14)),
            E("Modi", "actor", "IND", "India", "leader", dt.date(2014, 5, 26)),
        ],
        hosts=HOSTED.hosts,
    )
    assert keys(analyse(text, index, published=published), "summits") == expected


def test_actor_names_are_read_only_capitalised():
    index = AliasIndex(
        [
            *INDEX3.entries,
            E("Turkey", "actor", "TUR", "Türkiye"),
            E("von der Leyen", "actor", "EU", "European Union", "leader", dt.date(2019, 12, 1)),
        ]
    )
    assert keys(analyse("They ate turkey made in china.", index), "actors") == set()
    assert keys(analyse("Turkey and China met; von der Leyen spoke.", index), "actors") == {
        "TUR",
        "CHN",
        "EU",
    }


def steps_taken(work) -> int:
    """Function calls and lines run by work(), every turn of a loop included: a count of the work done,
    which a busy machine does not change, where a timing would."""
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        count += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        work()
    finally:
        sys.settrace(previous)
    return count


def work_grows_linearly(piece: str, index, copies: int, *, published=None, slack=1.1) -> bool:
    """Whether reading the piece 8 times over costs at most 8 times (with some slack) reading it once over."""
    analyse(piece * copies * 8, index, published=published)  # warm the caches of folded words
    small = steps_taken(lambda: analyse(piece * copies, index, published=published))
    large = steps_taken(lambda: analyse(piece * copies * 8, index, published=published))
    return large <= small * 8 * slack


def test_a_long_page_is_read_in_linear_work():
    paragraph = (
        "China proposed a World AI Cooperation Organization. The United States rejected the body. "
        "France and India backed the Seoul Declaration, and Japan criticised the EU AI Act.\n"
    )
    for copies in (50, 400):
        result = analyse(paragraph * copies, INDEX3)
        assert len(result.mentions) == 10 * copies  # the body (a reference back) and EU inside the Act count
    assert work_grows_linearly(paragraph, INDEX3, 20)  # per copy, eight times the text costs about the same


def test_a_window_alias_repeated_over_a_long_text_costs_linear_work():
    # Issue 12: "APEC Shenzhen " 10,000 times took 3.6 s, and twice the text four times as long: each window
    # match was checked against every name chosen before it.
    result = analyse("APEC Shenzhen " * 100, INDEX2)
    assert keys(result, "summits") == {"apec-aelm-2026"} and len(result.mentions) == 200
    assert work_grows_linearly("APEC Shenzhen ", INDEX2, 50)


def test_references_back_and_summits_named_by_their_host_cost_linear_work():
    # Each "the declaration" looked back over every framework named before it, and each summit named by its
    # host over every mention in the text.
    piece = "The EU AI Act passed. The declaration was praised. "
    assert keys(analyse(piece * 10, INDEX2), "frameworks") == {"eu-ai-act"}
    assert work_grows_linearly(piece, INDEX2, 20)
    piece, day = "South Korea hosted the summit. ", dt.date(2024, 5, 25)
    assert keys(analyse(piece * 10, HOSTED, published=day), "summits") == {"ai-seoul-summit-2024"}
    assert work_grows_linearly(piece, HOSTED, 20, published=day)


def test_a_long_sentence_with_many_cues_costs_linear_work():
    # A page without full stops is one sentence: each cue looked through all of its mentions and lists.
    piece = "China backed and welcomed the Bletchley Declaration, and Japan backed the EU AI Act and "
    assert stances(analyse(piece * 10, INDEX3)) == {
        ("CHN", "bletchley-declaration", "supports"),
        ("JPN", "eu-ai-act", "supports"),
    }
    assert work_grows_linearly(piece, INDEX3, 20)


def test_a_text_that_never_ends_a_sentence_is_split_reading_each_character_a_bounded_number_of_times(
    monkeypatch,
):
    # Each "Mr." or "U.S." that does not end the sentence was checked against the whole sentence before it:
    # "Mr. Smith and U.S. officials " repeated over 230 KB took 45 s. The work is in the regex engine, so it
    # is counted as the characters the abbreviation pattern is given to read.
    from initiatives.analysis import sentences

    class Counted:
        def __init__(self, pattern):
            self.pattern, self.characters = pattern, 0

        def search(self, text, pos=0, endpos=None):
            endpos = len(text) if endpos is None else endpos
            self.characters += endpos - pos
            return self.pattern.search(text, pos, endpos)

    counted = Counted(sentences._ABBREVIATION)
    monkeypatch.setattr(sentences, "_ABBREVIATION", counted)
    piece = "Mr. Smith and U.S. officials "
    assert sentences.split_sentences(piece * 1000) == ((0, len(piece * 1000)),)
    assert counted.characters <= 10 * len(piece * 1000)


# --- The analysis is pure --------------------------------------------------------------------------------


def test_no_analysis_module_imports_the_database_the_cache_or_the_models():
    import ast
    from pathlib import Path

    import initiatives.analysis

    found = []
    for path in sorted(Path(initiatives.analysis.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level != 1:  # level 1: a sibling in analysis/
                names = [("initiatives." if node.level else "") + (node.module or "")]
            else:
                continue
            # The vocabulary (choices.py) is the one part of the project the analysis reads.
            found += [
                (path.name, name)
                for name in names
                if name.startswith("django")
                or (name.startswith("initiatives") and name != "initiatives.choices")
            ]
    assert found == []


def test_the_analysis_runs_without_django_set_up():
    import os
    import subprocess

    script = (
        "import sys\n"
        "from initiatives.analysis import AliasEntry, AliasIndex, analyse\n"
        "index = AliasIndex([AliasEntry('China', 'actor', 'CHN', 'China')])\n"
        "assert [a.key for a in analyse('China spoke.', index).actors] == ['CHN']\n"
        "from django.conf import settings\n"
        "assert not settings.configured\n"
        "print(sorted(m for m in sys.modules if m.startswith('initiatives.') and '.analysis' not in m))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "['initiatives.choices']"


def test_the_cues_lower_case_keeps_every_offset_and_reads_letters_as_re_i_does():
    import re

    from initiatives.analysis.cues import lower_case

    every = "".join(map(chr, range(sys.maxunicode + 1)))
    lowered = lower_case(every)
    assert len(lowered) == len(every)
    for category in (r"\w", r"\s"):
        assert [m.start() for m in re.finditer(category, every)] == [
            m.start() for m in re.finditer(category, lowered)
        ]
    letters = [m.start() for m in re.finditer("[a-z]", every, re.I)]
    assert letters == [m.start() for m in re.finditer("[a-z]", lowered)]
    assert all(re.fullmatch(lowered[i], every[i], re.I) for i in letters)


def test_a_sentence_is_read_by_the_cue_patterns_whose_stems_it_holds_with_the_same_cues():
    from initiatives.analysis import cues
    from initiatives.analysis.sentences import split_sentences
    from initiatives.analysis.spans import Spans

    assert cues.READ_BY_STEMS  # every cue pattern has stems
    texts = [STORY, *(path.read_text() for path in sorted(DATA.glob("*/*.txt")))]
    for text in texts:
        reader, unfiltered = cues.CueReader(text), cues.CueReader(text, by_stems=False)
        for start, end in split_sentences(text):
            assert reader.read(start, end, Spans([])) == unfiltered.read(start, end, Spans([]))
