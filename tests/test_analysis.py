import datetime as dt

from initiatives.analysis import AliasEntry, AliasIndex, analyse

E = AliasEntry
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
        E("APEC leaders meeting in Gyeongju", "summit", "apec-aelm-2025", "32nd APEC Economic Leaders' Meeting"),
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
    assert STORY[mention.start:mention.end] == mention.matched_text


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
