"""Alignment as the pages and the chart endpoint show it: who a framework is open to, n in every cell,
the closest and furthest on actor pages (never ranked on fewer than 5 in common), UN votes by
Voeten's index, the clustered order, bad parameters, and the cache following the data."""

import datetime as dt

import pytest
from django.core.cache import cache

from initiatives import charts
from initiatives.analysis.agreement import ALL, MIN_N
from initiatives.as_of import AsOf
from initiatives.charts.alignment import ballot_vectors, frameworks_open_to, peers
from initiatives.charts.positions import current_vectors
from initiatives.choices import FrameworkScope, VoteBody
from initiatives.models import Actor, Vote
from initiatives.starter_data import load_starter_data
from tests.factories import make_actor, make_article, make_framework, make_organisation, make_stance

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 6, 1)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _two_camps(n_frameworks=6):
    """Four actors on n global frameworks, interleaved by code: A1 and A2 sign everything, B1 and B2
    oppose everything, so each camp agrees within itself on every framework and never across."""
    actors = {code: make_actor(code=code, name=f"Actor {code}") for code in ("A1", "B1", "A2", "B2")}
    frameworks = [make_framework(date_adopted=dt.date(2024, 1, 1)) for _ in range(n_frameworks)]
    for framework in frameworks:
        for code, actor in actors.items():
            make_stance(actor=actor, framework=framework, position="signs" if code[0] == "A" else "opposes")
    return actors, frameworks


def test_a_framework_is_open_to_its_organisations_members_the_others_named_and_whoever_took_part():
    un_member, other, observer, regional_member = (make_actor() for _ in range(4))
    un = make_organisation(code="UNX", members=[un_member, other])
    resolution = make_framework(eligible_members_of=un, date_adopted=dt.date(2024, 1, 1))
    convention = make_framework(eligible_members_of=un, date_adopted=dt.date(2024, 1, 1))
    convention.eligible_also.add(observer)
    declaration = make_framework(scope=FrameworkScope.GLOBAL, date_adopted=dt.date(2024, 1, 1))
    regional = make_framework(scope=FrameworkScope.REGIONAL, date_adopted=dt.date(2024, 1, 1))
    later = make_framework(date_proposed=dt.date(2026, 1, 1))
    make_stance(actor=regional_member, framework=regional)
    make_stance(actor=observer, framework=resolution, act="stated_support")
    open_to = frameworks_open_to(DAY, current_vectors(DAY))
    assert open_to[resolution.pk] == {un_member.pk, other.pk, observer.pk}  # the observer took part
    assert open_to[convention.pk] == {un_member.pk, other.pk, observer.pk}  # named as eligible
    assert open_to[declaration.pk] is ALL  # global, no audience stated: anyone could join
    assert open_to[regional.pk] == {regional_member.pk}  # audience unknown: only who took part
    assert later.pk not in open_to  # not proposed yet on the day


def test_the_heatmap_shows_n_in_every_cell_and_greys_out_pairs_with_fewer_than_five(client):
    actors, _frameworks = _two_camps(n_frameworks=MIN_N)
    few = make_actor(code="C1", name="Actor C1")
    make_stance(actor=few, framework=make_framework(scope=FrameworkScope.REGIONAL))
    make_stance(actor=actors["A1"], framework=few.stances.get().framework)
    body = client.get("/charts/alignment.json?actors=A1,B1,A2,B2,C1&measure=shared").json()
    heat, grey = body["figure"]["data"]
    labels = heat["x"]
    for i, a in enumerate(labels):
        for j, b in enumerate(labels):
            if a == b:
                continue
            written = heat["text"][i][j] + grey["text"][i][j]
            assert written.count("n=") == 1, (a, b)  # n in every cell, visible, written once
            assert "of" in heat["customdata"][i][j] or "nothing in common" in heat["customdata"][i][j]
            coloured, greyed = heat["z"][i][j] is not None, grey["z"][i][j] == 1
            assert coloured != greyed, (a, b)
    row = labels.index("A1")
    assert heat["text"][row][labels.index("A2")] == "100%<br>n=5"
    assert heat["text"][row][labels.index("B1")] == "0%<br>n=5"
    assert grey["text"][row][labels.index("C1")] == "n=1"  # one shared framework: grey, not "100%"
    assert grey["z"][row][labels.index("C1")] == 1 and heat["z"][row][labels.index("C1")] is None
    assert "κ" in body["headers"] and body["extra"]["measure"] == "shared"


def test_the_clustered_order_keeps_each_camp_together():
    actors, _frameworks = _two_camps()
    ids = [a.pk for a in actors.values()]
    for measure in ("open", "shared"):
        order = charts.alignment(AsOf.on(DAY), actor_ids=ids, measure=measure).figure["data"][0]["x"]
        assert {frozenset(order[:2]), frozenset(order[2:])} == {
            frozenset({"A1", "A2"}),
            frozenset({"B1", "B2"}),
        }
    chart = charts.matrix(AsOf.on(DAY), actor_set="chosen", actor_ids=ids)
    rows = [label.split("(")[1].rstrip(")") for label in chart.figure["data"][0]["y"]]
    assert {frozenset(rows[:2]), frozenset(rows[2:])} == {frozenset({"A1", "A2"}), frozenset({"B1", "B2"})}
    assert "hierarchical clustering" in chart.caption


def test_a_non_participation_counts_over_the_frameworks_open_to_both():
    signer, absent = make_actor(code="SIG"), make_actor(code="ABS")
    for _ in range(6):
        make_stance(actor=signer, framework=make_framework(date_adopted=dt.date(2024, 1, 1)))
    shared = [make_framework(date_adopted=dt.date(2024, 1, 1)) for _ in range(2)]
    for framework in shared:
        make_stance(actor=signer, framework=framework)
        make_stance(actor=absent, framework=framework)
    chart = charts.alignment(AsOf.on(DAY), actor_ids=[signer.pk, absent.pk])
    # Eight global frameworks open to both: they agree on the 2 both signed, not on the 6 only one did.
    assert len(chart.rows) == 1
    assert chart.rows[0][2:5] == ["25%", "8", "0.00"]
    assert chart.rows[0][5:] == ["100%", "2"]  # the both-have-a-position figure, beside it


def _vote(framework, when, ballots, body=VoteBody.PLENARY):
    vote = Vote.objects.create(framework=framework, body=body, date=when, source=make_article())
    for actor, act in ballots.items():
        make_stance(actor=actor, framework=framework, act=act, vote=vote, date=when)
    return vote


def test_it_scores_un_votes_by_voetens_index_and_ranks_them_on_the_actor_page(client):
    usa, gbr, chn = (make_actor(code=c, name=n) for c, n in (("USA", "US"), ("GBR", "UK"), ("CHN", "China")))
    acts = [
        ("voted_for", "voted_for", "voted_against"),
        ("voted_for", "abstained", "voted_against"),
        ("voted_against", "voted_against", "voted_for"),
        ("voted_for", "voted_for", "abstained"),
        ("voted_for", "voted_for", "voted_for"),
    ]
    for i, (us, uk, cn) in enumerate(acts):
        _vote(
            make_framework(date_adopted=dt.date(2024, 1, 1)),
            dt.date(2024, 1, 1 + i),
            {usa: us, gbr: uk, chn: cn},
        )
    # A First Committee vote is the same text again, with partial roll calls: left out.
    committee = make_framework(date_adopted=dt.date(2024, 1, 1))
    _vote(
        committee,
        dt.date(2024, 2, 1),
        {usa: "voted_for", chn: "voted_against"},
        body=VoteBody.FIRST_COMMITTEE,
    )
    assert len(ballot_vectors(DAY)[usa.pk]) == 5
    found = peers(usa, AsOf.on(DAY))
    votes = next(m for m in found["measures"] if m["key"] == "un_votes")
    # UK: 1 + 0.5 + 1 + 1 + 1 = 4.5 of 5; China: 0 + 0 + 0 + 0.5 + 1 = 1.5 of 5.
    assert [(c["code"], c["agree"], c["n"]) for c in votes["closest"]] == [("GBR", 4.5, 5), ("CHN", 1.5, 5)]
    assert votes["furthest"][0]["code"] == "CHN"
    body = client.get("/charts/alignment.json?actors=USA,GBR,CHN&measure=un_votes").json()
    assert sorted(body["rows"][0][:2]) == ["UK", "US"] and body["rows"][0][2:4] == ["90%", "5"]
    page = client.get("/actors/USA/").content.decode()
    section = page.split('id="peers-h"')[1]
    assert "By UN recorded votes on AI texts" in section
    assert "agreement index 90% over 5 votes" in section


def test_bad_alignment_parameters_are_a_400_never_a_500(client):
    _two_camps()
    for url in ["/charts/alignment.json?set=G20&measure=kappa", "/?measure=nope", "/?measure="]:
        response = client.get(url)
        if url.endswith("="):
            assert response.status_code == 200, url  # blank: the default measure
            continue
        assert response.status_code == 400, url
        assert "measure" in response.content.decode()
    assert client.get("/?measure=un_votes").status_code == 200
    assert client.get("/charts/alignment.json?set=all&measure=open").status_code == 200


def test_the_actor_pages_peers_follow_a_published_change(client):
    actors, frameworks = _two_camps()
    before = client.get("/actors/A1/").content.decode().split('id="peers-h"')[1]
    assert before.index("Actor A2") < before.index("Actor B1")
    # A2 turns against every framework: it is now B1's twin and furthest from A1.
    for framework in frameworks:
        make_stance(actor=actors["A2"], framework=framework, position="opposes", date=dt.date(2025, 3, 1))
    after = peers(actors["A1"], AsOf.today())
    frameworks_measure = after["measures"][0]
    assert frameworks_measure["closest"][0]["code"] != "A2"
    page = client.get("/actors/A1/").content.decode().split('id="peers-h"')[1]
    furthest = page.split("Furthest")[1]
    assert "Actor A2" in furthest


def test_the_us_is_never_ranked_at_100_percent_on_fewer_than_five_frameworks_with_the_starter_data(client):
    load_starter_data()
    usa = Actor.objects.get(code="USA")
    today = AsOf.today()
    for row in charts.closest_actors(usa, today):
        assert row["shared"] >= MIN_N, row
    found = peers(usa, today)
    for measure in found["measures"]:
        assert measure["closest"], measure["key"]
        for row in measure["closest"] + measure["furthest"]:
            assert row["n"] >= MIN_N, (measure["key"], row)
    # Russia scored 100% on 3 shared frameworks before: over the frameworks open to both it does not.
    russia = Actor.objects.get(code="RUS")
    comparison = charts.alignment(today, actor_ids=[usa.pk, russia.pk]).rows[0]
    assert int(comparison[3]) >= MIN_N and comparison[2] != "100%"
    page = client.get("/actors/USA/")
    assert page.status_code == 200
    assert "Closest to and furthest from United States" in page.content.decode()
