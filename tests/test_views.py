"""The dashboard pages with Django's test client: they render, filter, honour as_of and refuse bad input."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.choices import ACT_POSITION, Act, Position
from initiatives.models import Mention
from tests.dashboard_world import build_world, grow_world
from tests.factories import make_article, make_stance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    return build_world()


def pages(world):
    return [
        "/",
        "/?set=EU",
        "/?set=all",
        "/frameworks/",
        "/frameworks/waico/",
        "/frameworks/cets-225/",
        "/actors/",
        "/actors/CHN/",
        "/actors/EU/",
        "/summits/",
        "/summits/waic-2025/",
        "/articles/",
        f"/articles/{world['article'].pk}/",
        "/compare/",
        "/compare/?actors=CHN,USA,EU",
    ]


def html(response):
    return response.content.decode()


def test_it_serves_every_page(client, world):
    for url in pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"<h1" in response.content, url


def test_it_serves_every_page_as_of_a_date(client, world):
    for url in pages(world):
        joiner = "&" if "?" in url else "?"
        response = client.get(f"{url}{joiner}as_of=2025-01-31")
        assert response.status_code == 200, url
        assert "31 January 2025" in html(response), url


@pytest.mark.parametrize("bad", ["2025-13-01", "yesterday", "2025-02-30", "20250101", "2025"])
def test_it_answers_a_malformed_as_of_with_a_400_that_says_why(client, world, bad):
    for url in pages(world):
        joiner = "&" if "?" in url else "?"
        response = client.get(f"{url}{joiner}as_of={bad}")
        assert response.status_code == 400, url
        assert "YYYY-MM-DD" in html(response), url


@pytest.mark.parametrize("url", ["/frameworks/nope/", "/actors/NOPE/", "/summits/nope/", "/articles/999999/"])
def test_it_answers_unknown_records_with_404(client, world, url):
    assert client.get(url).status_code == 404


def test_it_explains_a_missing_page_inside_the_site(client, world):
    response = client.get("/frameworks/nope/")
    assert response.status_code == 404
    assert "There is no page at" in html(response) and 'href="/actors/"' in html(response)


def test_it_looks_actors_up_by_code_in_any_case(client, world):
    assert client.get("/actors/chn/").status_code == 200


# --- Frameworks ------------------------------------------------------------------------------------


def test_it_filters_frameworks_by_kind(client, world):
    page = html(client.get("/frameworks/?kind=treaty"))
    assert "Framework Convention on AI" in page
    assert "World AI Cooperation Organization" not in page


def test_it_filters_frameworks_by_proposer_and_text(client, world):
    assert "World AI Cooperation" in html(client.get("/frameworks/?proposed_by=CHN"))
    assert "World AI Cooperation" not in html(client.get("/frameworks/?proposed_by=USA"))
    page = html(client.get("/frameworks/?q=convention"))
    assert "Framework Convention on AI" in page and "World AI Cooperation" not in page


def test_it_answers_an_unknown_filter_value_with_a_400(client, world):
    response = client.get("/frameworks/?kind=poem")
    assert response.status_code == 400
    assert "Unknown framework kind: poem" in html(response)
    assert client.get("/actors/?member_of=NOPE").status_code == 400
    assert client.get("/articles/?date_from=July").status_code == 400
    assert client.get("/frameworks/?page=zero").status_code == 400


def test_it_links_each_list_to_its_csv_export_with_the_current_filters(client, world):
    page = html(client.get("/frameworks/?kind=treaty&as_of=2025-06-01&page=1"))
    assert 'href="/export/frameworks.csv?kind=treaty&amp;as_of=2025-06-01"' in page
    assert 'href="/export/actors.csv?member_of=EU"' in html(client.get("/actors/?member_of=EU"))
    assert 'href="/export/summits.csv"' in html(client.get("/summits/"))
    assert 'href="/export/articles.csv?framework=waico"' in html(client.get("/articles/?framework=waico"))


def test_it_counts_support_and_opposition_per_framework(client, world):
    page = html(client.get("/frameworks/?slug=waico"))
    row = re.search(r"World AI Cooperation Organization.*?</tr>", page, re.S).group(0)
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["1", "0", "1"]


def test_it_shows_a_framework_as_it_stood_on_the_as_of_date(client, world):
    before = html(client.get("/frameworks/waico/?as_of=2025-08-15"))
    after = html(client.get("/frameworks/waico/"))
    assert "United States" not in before.split("Who stands where")[1].split("Related summits")[0]
    assert "United States" in after.split("Who stands where")[1]
    assert "No actor has a published position" in html(client.get("/frameworks/waico/?as_of=2025-01-01"))


def test_it_shows_a_partial_date_at_its_precision_never_with_an_invented_day(client, world):
    page = html(client.get("/frameworks/cets-225/"))
    assert "Mar 2025" in page
    assert "1 Mar 2025" not in page


def test_it_charts_a_frameworks_news_volume_only_when_it_was_in_the_news(client, world):
    assert client.get("/frameworks/waico/?as_of=2025-08-03").context["news"].rows == [["2025-07-21", "1"]]
    assert "News volume" not in html(client.get("/frameworks/cets-225/"))


def test_it_shows_the_computed_status_and_the_evidence_with_its_source(client, world):
    page = html(client.get("/frameworks/cets-225/"))
    assert "<strong>Proposed</strong>" in page  # the declared status until ratifications say otherwise
    assert "Opened for signature" in page
    assert "France signed in March 2025." in page
    assert "news.example.org" in page


def test_it_computes_a_treatys_entry_into_force_from_ratifications(client, world):

    make_stance(actor=world["fra"], framework=world["cets"], position="ratifies", date=dt.date(2025, 4, 10))
    make_stance(actor=world["usa"], framework=world["cets"], position="ratifies", date=dt.date(2025, 5, 20))
    # Second ratification 20 May 2025; three months later 20 Aug; in force 1 Sep 2025.
    assert "<strong>In force</strong>" in html(client.get("/frameworks/cets-225/?as_of=2025-09-01"))
    assert "1 Sep 2025" in html(client.get("/frameworks/cets-225/?as_of=2025-09-01"))
    # Before that, the last step of its dated timeline: opened for signature on 5 Sep 2024.
    assert "<strong>Open for signature</strong>" in html(client.get("/frameworks/cets-225/?as_of=2025-08-31"))
    assert "<strong>Not yet proposed</strong>" in html(client.get("/frameworks/cets-225/?as_of=2024-09-01"))
    listed = html(client.get("/frameworks/?kind=treaty&as_of=2025-09-01"))
    assert "<td>In force</td>" in listed


# --- Actors and blocs --------------------------------------------------------------------------------


def test_it_filters_actors_by_membership(client, world):
    page = html(client.get("/actors/?member_of=EU"))
    assert "France" in page and "Germany" in page
    assert "China" not in page


def test_it_never_shows_a_member_as_signing_because_its_bloc_did(client, world):
    eu_page = html(client.get("/actors/EU/"))
    members_table = eu_page.split("Members' own positions", 1)[1]
    # France signed on its own; Germany did not, and is counted as having no position of its own.
    assert "France" in members_table
    assert re.search(r'<td class="num">1</td>', members_table)
    germany = html(client.get("/actors/DEU/"))
    assert "CETS 225" not in germany.split('id="peers-h"')[0]
    assert "No published position" in germany


def test_it_redraws_an_actors_cached_charts_when_its_positions_change(client, world):
    from tests.factories import make_framework, make_stance

    def timeline_table(url):
        page = html(client.get(url))
        return page.split('id="timeline-', 1)[1].split("</figure>")[0]

    for url in ("/actors/CHN/", "/actors/EU/"):
        assert "Fresh Accord" not in timeline_table(url)
    fresh = make_framework(slug="fresh-accord", name="Fresh Accord")
    make_stance(actor=world["chn"], framework=fresh, position="supports", date=dt.date(2025, 6, 1))
    make_stance(actor=world["eu"], framework=fresh, position="signs", date=dt.date(2025, 6, 1))
    make_stance(actor=world["fra"], framework=fresh, position="opposes", date=dt.date(2025, 6, 2))
    for url in ("/actors/CHN/", "/actors/EU/"):
        assert "Fresh Accord" in timeline_table(url)
    members_matrix = html(client.get("/actors/EU/")).split('id="matrix-eu"', 1)[1].split("</figure>")[0]
    assert "Fresh Accord" in members_matrix and "Opposes" in members_matrix


def test_it_redraws_a_frameworks_cached_positions_when_a_stance_or_its_source_changes(
    client, world, django_assert_max_num_queries
):
    def who_stands_where(url="/frameworks/waico/"):
        return html(client.get(url)).split('id="who-h"', 1)[1].split("</section>")[0]

    assert "Germany" not in who_stands_where()
    client.get("/frameworks/waico/")
    with django_assert_max_num_queries(QUERY_BUDGET["/frameworks/waico/"] - 2 - NEWS_FALLBACK):
        client.get("/frameworks/waico/")  # warm: positions, record and news chart come from the cache
    stance = make_stance(
        actor=world["deu"], framework=world["waico"], position="supports", date=dt.date(2025, 8, 1)
    )
    assert "Germany" in who_stands_where()
    assert "Germany" not in who_stands_where("/frameworks/waico/?as_of=2025-07-31")
    stance.source.publisher = "Bundesregierung"
    stance.source.save()
    assert "Bundesregierung" in who_stands_where()


def test_it_ranks_no_actor_an_actor_agrees_with_on_fewer_than_five_frameworks(client, world):
    # The US shares one or two frameworks with the EU and China here: too few to rank anyone
    # (tests/test_alignment_views.py ranks them where there are enough).
    page = html(client.get("/actors/USA/"))
    closest = page.split('id="peers-h"')[1].split("Memberships")[0]
    assert "European Union" not in closest
    assert "China" not in closest


# --- Summits, articles, compare ------------------------------------------------------------------------


def test_it_shows_a_summits_participants_outcomes_and_stances(client, world):
    page = html(client.get("/summits/waic-2025/"))
    assert "World AI Cooperation Organization" in page
    assert "France" in page
    assert "Proposed" in page  # the act by which the position was taken


def test_it_lists_the_articles_about_an_actor_or_summit_as_of_the_date(client, world):
    # The United States' stances cite undated reference pages that mention nobody: they are about it
    # all the same, and come after the dated news.
    sources = [stance.source for stance in world["usa"].stances.all()]
    assert all(source.published_at is None for source in sources)
    page = html(client.get("/actors/USA/"))
    assert all(source.title in page for source in sources)
    assert "undated" in page
    news = make_article(title="Washington weighs in", published_at=dt.datetime(2025, 9, 2, tzinfo=dt.UTC))
    Mention.objects.create(article=news, actor=world["usa"], matched_text="Washington", start=0, end=10)
    cache.clear()
    page = html(client.get("/actors/USA/"))
    articles = page[page.index('<h2 id="articles-h">') :]  # the list of articles, not the positions' sources
    assert articles.index("Washington weighs in") < min(articles.index(source.title) for source in sources)
    assert "Washington weighs in" not in html(client.get("/actors/USA/?as_of=2025-09-01"))

    # A summit's page is as of the date too: the article of 27 July was not known on the 26th.
    def summit_articles(url):
        page = html(client.get(url))
        return page[page.index('<h2 id="articles-h">') :]

    assert "China proposes a world AI body" in summit_articles("/summits/waic-2025/")
    assert "China proposes a world AI body" not in summit_articles("/summits/waic-2025/?as_of=2025-07-26")


def test_it_filters_summits_and_articles(client, world):
    assert "World AI Conference 2025" in html(client.get("/summits/?year=2025"))
    assert "World AI Conference 2025" not in html(client.get("/summits/?year=2024"))
    assert "China proposes a world AI body" in html(client.get("/articles/?actor=CHN"))
    assert "China proposes a world AI body" not in html(client.get("/articles/?actor=USA"))
    assert "China proposes a world AI body" not in html(client.get("/articles/?as_of=2025-07-01"))


def test_it_highlights_mentions_and_escapes_the_article_text(client, world):
    page = html(client.get(f"/articles/{world['article'].pk}/"))
    assert '<a href="/actors/CHN/">China</a></mark>' in page
    assert '<a href="/frameworks/waico/">WAICO</a></mark>' in page
    assert "&lt;b&gt;" in page and "<b>WAICO" not in page


def test_it_leaves_overlapping_or_out_of_range_mentions_unmarked(client, world):
    article = make_article(text="<script>alert(1)</script> Chinese AI")
    Mention.objects.create(article=article, actor=world["chn"], matched_text="Chinese", start=26, end=33)
    Mention.objects.create(article=article, actor=world["usa"], matched_text="nes", start=29, end=32)
    Mention.objects.create(article=article, framework=world["waico"], matched_text="x", start=30, end=90)
    page = html(client.get(f"/articles/{article.pk}/"))
    assert page.count('<mark class="mention m-') == 1 + 3  # one in the text, three in the legend
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page


def test_it_compares_actors_side_by_side_with_their_agreement(client, world):
    page = html(client.get("/compare/?actors=usa,EU,CHN"))
    assert "United States – European Union" in page
    pair = page.split("United States – European Union")[1].split("</tr>")[0]
    assert "100%" in pair
    pair = page.split("United States – China")[1].split("</tr>")[0]
    assert "0%" in pair


def test_it_refuses_unknown_or_too_many_actors_to_compare(client, world):
    response = client.get("/compare/?actors=CHN,XXX")
    assert response.status_code == 400
    assert "XXX" in html(response)
    many = ",".join(f"A{i}" for i in range(31))
    assert client.get(f"/compare/?actors={many}").status_code == 400


def test_it_refuses_an_unknown_actor_set_on_the_dashboard(client, world):
    response = client.get("/?set=MARS")
    assert response.status_code == 400
    assert "G20" in html(response)


# --- Dashboard ---------------------------------------------------------------------------------------


def test_it_counts_what_the_dashboard_promises(client, world):
    response = client.get("/?as_of=2025-07-31")
    counts = response.context["counts"]
    assert counts == {
        "frameworks": 2,
        "actors": 4,  # CHN, USA, EU, FRA
        "stances": 4,
        "articles_this_week": 1,
        "awaiting_review": 0,
    }
    assert [row["framework__slug"] for row in response.context["in_the_news"]] == ["waico"]


def test_it_says_what_a_changed_position_was_before(client, world):
    from tests.factories import make_stance

    make_stance(actor=world["usa"], framework=world["waico"], position="supports", date="2025-10-01")
    page = html(client.get("/"))
    latest = page.split("Latest position changes")[1].split("</table>")[0]
    assert re.search(r"United States</a> <span class=\"was\">\(was <span class=\"badge pos-opposes", latest)
    # and what it is now: the act in words, on its position's colour
    assert re.search(r'<td><span class="badge pos-supports dir-for">Stated support</span></td>', latest)


def test_it_groups_many_actors_taking_the_same_step_on_one_day_into_one_line(client, world):
    grow_world(world, n=5)  # five more countries support WAICO, CETS 225 and a framework each on 1 May 2025
    response = client.get("/?as_of=2025-05-31")
    lines = [(g["framework"].slug, g["position"], len(g["stances"])) for g in response.context["changes"]]
    assert ("waico", "supports", 5) in lines and ("cets-225", "supports", 5) in lines


# --- Chart data as JSON -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/charts/map.json?framework=cets-225",
        "/charts/support.json?framework=waico&as_of=2025-10-01",
        "/charts/matrix.json?set=EU",
        "/charts/actor-timeline.json?actor=usa",
        "/charts/alignment.json?actors=CHN,USA,EU",
        "/charts/alignment.json?set=G20",
        "/charts/news.json?weeks=8&as_of=2025-08-03",
    ],
)
def test_it_serves_each_charts_data_as_json(client, world, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.json()
    assert body["figure"]["data"] and body["title"] and body["rows"]


def test_it_serves_warm_chart_json_from_the_cache_without_queries(client, world):
    url = "/charts/actor-timeline.json?actor=usa&as_of=2025-10-01"
    cold = client.get(url)
    assert cold["Content-Type"] == "application/json"
    with CaptureQueriesContext(connection) as warm_queries:
        warm = client.get(url)
        # Parameters a chart is not drawn from change nothing and are not part of the key.
        busted = client.get(url + "&_=12345")
    assert len(warm_queries) == 0
    assert warm.content == cold.content == busted.content
    assert cold.json()["id"] == "timeline-usa"
    # An unknown actor is a 404 every time, never a cached answer.
    assert client.get("/charts/actor-timeline.json?actor=nope").status_code == 404
    assert client.get("/charts/actor-timeline.json?actor=nope").status_code == 404


def test_it_redraws_chart_json_when_a_stance_changes(client, world):
    from tests.factories import make_stance

    url = "/charts/map.json?framework=waico"
    assert "FRA" not in client.get(url).json()["figure"]["data"][1]["locations"]
    make_stance(actor=world["fra"], framework=world["waico"], position="supports", date=dt.date(2025, 10, 1))
    assert "FRA" in client.get(url).json()["figure"]["data"][1]["locations"]


def test_it_answers_bad_chart_parameters_with_a_400_in_json(client, world):
    for url in [
        "/charts/map.json",
        "/charts/map.json?framework=waico&as_of=soon",
        "/charts/news.json?weeks=0",
        "/charts/alignment.json?actors=CHN",
        "/charts/matrix.json?set=MARS",
    ]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.json()["detail"], url
    assert client.get("/charts/pie.json").status_code == 404
    assert client.get("/charts/map.json?framework=nope").status_code == 404


def test_it_shows_who_sides_with_whom_for_the_chosen_set(client, world):
    response = client.get("/?set=G20")
    alignment = next(c for c in response.context["charts"] if c.id == "alignment")
    assert set(alignment.figure["data"][0]["x"]) == {"CHN", "USA", "FRA", "EU"}
    assert "(G20)" in alignment.title


# --- Markup rules ------------------------------------------------------------------------------------


def test_it_has_no_inline_scripts_or_event_handlers(client, world):
    for url in pages(world):
        page = html(client.get(url))
        for tag in re.findall(r"<script[^>]*>", page):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
        assert not re.search(r"\son[a-z]+=", page), url


def test_it_carries_the_as_of_date_across_links(client, world):
    page = html(client.get("/frameworks/?as_of=2025-06-01"))
    assert 'href="/frameworks/waico/?as_of=2025-06-01"' in page
    assert 'href="/actors/?as_of=2025-06-01"' in page


def test_it_names_every_position_in_words_beside_its_colour(client, world):
    page = html(client.get("/frameworks/waico/"))
    labels = {p.value: p.label for p in Position} | {a.label: a for a in Act}
    for position, text in re.findall(r'<span class="badge pos-(\w+) dir-\w+">([^<]+)</span>', page):
        words = text.split(" (")[0].strip()
        # A position's badge names it; an act's names the act, on the colour of the position it takes.
        assert words == labels.get(position) or ACT_POSITION[labels[words]] == position


def test_it_loads_plotly_only_from_this_site(client, world):
    page = html(client.get("/frameworks/waico/"))
    # Not a script of the page: app.js fetches it from here when a chart nears the screen.
    assert 'data-plotly-src="/static/vendor/plotly-dashboard.min.js"' in page
    assert "plotly" not in " ".join(re.findall(r"<script [^>]*src=[^>]*>", page))
    assert "cdn" not in page.lower()
    assert 'data-topojson-url="/static/vendor/topojson/"' in page


# --- Query counts ------------------------------------------------------------------------------------

# Pinned: a change that adds queries to a page must change these numbers on purpose.
# Measured with an empty chart cache (the worst case); a warm cache needs fewer.
# The test world's news is older than the weeks before today: the news chart then looks for the latest
# news (one query) and reads the weeks up to it (one more), rather than drawing a blank.
NEWS_FALLBACK = 2
QUERY_BUDGET = {
    # Every budget holds one query of the footer: the day a published position last changed, read once
    # per data version (initiatives/release.py), so only on a cold cache as here.
    # A matrix reads its actors' and frameworks' names in two small queries of their own (joined
    # onto every current stance they made the query of all actors' positions twice as slow).
    # Alignment over the frameworks open to both: +1 to +3 for who each framework is open to
    # (the frameworks, the organisations' members, the others named); actor pages +1 for UN ballots, +1
    # for the names of the closest and furthest.
    "/": 23 + NEWS_FALLBACK,
    # Three, plus two for each treaty on the page whose status is computed from ratifications.
    "/frameworks/": 6,
    # Detail pages: three for their articles (the newest mentions, the sources and undated ones, then
    # those articles in order; Article.objects.recent_about).
    "/frameworks/waico/": 16 + NEWS_FALLBACK,
    "/frameworks/cets-225/": 20,
    "/actors/": 6,
    # Actor pages: three for the whole record (the frameworks open to it with no position, its
    # changes of position, the "compare with" picker's names).
    "/actors/CHN/": 19,
    "/actors/EU/": 25,
    "/summits/": 3,
    # One more for the summit's sources by publisher and title.
    "/summits/waic-2025/": 10,
    "/articles/": 6,
    # One for the picker's names.
    "/compare/?actors=CHN,USA,EU": 9,
}


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", list(QUERY_BUDGET))
def test_it_keeps_each_page_within_its_query_budget(client, world, url, django_assert_max_num_queries):
    cache.clear()
    with django_assert_max_num_queries(QUERY_BUDGET[url]):
        client.get(url)


def test_it_runs_the_same_number_of_queries_however_much_data_there_is(client, world):
    urls = [*QUERY_BUDGET, f"/articles/{world['article'].pk}/"]
    before = {url: count_queries(client, url) for url in urls}
    grow_world(world, n=6)
    after = {url: count_queries(client, url) for url in urls}
    assert after == before


def test_it_serves_cached_chart_data_without_recomputing_it(client, world):
    cold = count_queries(client, "/frameworks/waico/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/frameworks/waico/")
    assert len(warm) < cold
