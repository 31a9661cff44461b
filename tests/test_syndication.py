"""Atom feeds of position changes, read back with feedparser as a feed reader would."""

import datetime as dt

import feedparser
import pytest

from initiatives.choices import Position, StanceStatus
from initiatives.models import Stance
from initiatives.syndication import position_changes

from .factories import make_actor, make_framework, make_stance

pytestmark = pytest.mark.django_db


@pytest.fixture
def history():
    fra = make_actor(code="FRA", name="France")
    tur = make_actor(code="TUR", name="Türkiye")
    treaty = make_framework(slug="cets-225", name="Framework Convention")
    other = make_framework(slug="hiroshima", name="Hiroshima Process")
    first = make_stance(actor=fra, framework=treaty, position=Position.SUPPORTS, date=dt.date(2024, 3, 1))
    repeat = make_stance(actor=fra, framework=treaty, position=Position.SUPPORTS, date=dt.date(2024, 5, 1))
    signs = make_stance(actor=fra, framework=treaty, position=Position.SIGNS, date=dt.date(2024, 9, 5))
    make_stance(
        actor=fra,
        framework=treaty,
        position=Position.WITHDRAWS,
        date=dt.date(2025, 1, 1),
        status=StanceStatus.PENDING,
    )
    turkish = make_stance(actor=tur, framework=other, position=Position.SUPPORTS, date=dt.date(2024, 4, 1))
    return {"first": first, "repeat": repeat, "signs": signs, "turkish": turkish}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_a_change_is_a_new_position_not_a_repeated_one(history):
    changes = list(position_changes())
    assert [s.pk for s in changes] == [history["signs"].pk, history["turkish"].pk, history["first"].pk]
    assert changes[0].previous_position == Position.SUPPORTS
    assert Stance.objects.filter(pk=history["repeat"].pk).exists()


def test_the_changes_feed_lists_every_published_change_newest_first(client, history):
    feed = parse(client, "/feeds/changes.atom")
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    assert titles == [
        "France signs Framework Convention (2024-09-05); previously supports",
        "Türkiye supports Hiroshima Process (2024-04-01)",
        "France supports Framework Convention (2024-03-01)",
    ]
    assert all("withdraws" not in t for t in titles), "a pending stance is not news"
    entry = feed.entries[0]
    assert entry.link.endswith(f"/frameworks/cets-225/#stance-{history['signs'].pk}")
    assert entry.published_parsed[:3] == (2024, 9, 5)
    assert history["signs"].source.url in entry.summary
    assert len({e.id for e in feed.entries}) == 3


def test_a_framework_feed_has_only_its_changes(client, history):
    feed = parse(client, "/feeds/frameworks/cets-225.atom")
    assert feed.feed.title == "AI Governance Tracker: positions on Framework Convention"
    assert len(feed.entries) == 2
    assert {e.link.split("#")[0].rsplit("/", 2)[-2] for e in feed.entries} == {"cets-225"}
    assert client.get("/feeds/frameworks/no-such-thing.atom").status_code == 404


def test_an_actor_feed_has_only_its_changes_and_links_to_the_actor(client, history):
    feed = parse(client, "/feeds/actors/tur.atom")
    assert feed.feed.title == "AI Governance Tracker: positions of Türkiye"
    assert [e.title for e in feed.entries] == ["Türkiye supports Hiroshima Process (2024-04-01)"]
    assert "/actors/TUR/" in feed.entries[0].link
    assert client.get("/feeds/actors/ZZZ.atom").status_code == 404


def test_a_code_with_a_nul_character_is_not_found(client):
    assert client.get("/feeds/actors/A%00B.atom").status_code == 404


def test_a_new_change_appears_at_once_although_the_list_is_cached(client, history):
    assert len(parse(client, "/feeds/changes.atom").entries) == 3
    fra, treaty = history["signs"].actor, history["signs"].framework
    make_stance(actor=fra, framework=treaty, position=Position.RATIFIES, date=dt.date(2025, 6, 1))
    feed = parse(client, "/feeds/changes.atom")
    assert feed.entries[0].title == "France ratifies Framework Convention (2025-06-01); previously signs"
    signs = history["signs"]
    signs.source.title = "Corrected title"
    signs.source.save()
    feed = parse(client, "/feeds/changes.atom")
    assert "Corrected title" in feed.entries[1].summary, "entries are read fresh, only the list is cached"
