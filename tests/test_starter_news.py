"""The news layer alive from the first run: the starter sources carry their sourced dates, their titles
are read at load (mentions, pending suggestions), and the news charts draw with them."""

import datetime as dt
import json

import pytest

from initiatives import charts
from initiatives.as_of import AsOf
from initiatives.choices import StanceOrigin, StanceStatus
from initiatives.models import Article, Mention, Stance
from initiatives.partial_dates import PartialDate
from initiatives.starter_data import DATA_DIR, TITLES, load_starter_data

WAM = "https://www.wam.ae/en/article/bkvlyto-china-proposes-creation-global-cooperation"
STARTER = json.loads((DATA_DIR / "starter.json").read_text(encoding="utf-8"))


@pytest.fixture
def loaded(db):
    return load_starter_data()


def test_every_dated_starter_article_says_where_its_date_was_read():
    dated = [article for article in STARTER["articles"] if "published" in article]
    assert len(dated) >= 40
    for article in dated:
        assert PartialDate.parse(article["published"]).precision == "day", article["url"]
        assert article.get("published_source"), f"{article['url']}: a date without its source"
    # A date read from the address is in the address.
    for article in dated:
        if "address" in article["published_source"]:
            year, month, _day = article["published"].split("-")
            assert year in article["url"], article["url"]


def test_the_articles_mentioning_waico_are_listed_after_the_first_load(client, loaded):
    page = client.get("/articles/?framework=waico")
    assert page.status_code == 200
    listed = {article.url for article in page.context["page"]}
    assert WAM in listed
    assert len(listed) >= 3
    # Listed by what their titles say, with the day the page shows.
    wam = Article.objects.get(url=WAM)
    assert wam.published_at.date() == dt.date(2025, 7, 26)
    assert wam.mentions.filter(framework__slug="waico").exists()
    assert set(wam.mentions.values_list("published_at", flat=True)) == {wam.published_at}


def test_the_news_chart_draws_with_the_starter_data_on_a_fresh_install(client, loaded):
    chart = charts.news_volume(AsOf.today())
    assert not chart.empty and chart.rows
    assert "the latest news before" in chart.caption
    data = client.get("/charts/news.json").json()
    assert any(sum(trace["y"]) for trace in data["figure"]["data"])


def test_suggestions_made_at_load_stay_pending_and_never_show(client, loaded):
    suggested = Stance.objects.filter(origin=StanceOrigin.INGESTED)
    assert suggested.exists()
    assert set(suggested.values_list("status", flat=True)) == {StanceStatus.PENDING}
    one = suggested.select_related("actor", "framework").first()
    api = client.get(f"/api/v1/stances/?actor={one.actor.code}&framework={one.framework.slug}")
    assert api.status_code == 200
    published = Stance.objects.published().filter(actor=one.actor, framework=one.framework).count()
    assert api.json()["count"] == published


def test_loading_twice_changes_nothing(loaded):
    counts = (Article.objects.count(), Mention.objects.count(), Stance.objects.count())
    mention_ids = set(Mention.objects.values_list("id", flat=True))
    again = load_starter_data()
    assert again.changed == 0
    assert again[TITLES].unchanged == loaded[TITLES].inserted + loaded[TITLES].unchanged
    assert (Article.objects.count(), Mention.objects.count(), Stance.objects.count()) == counts
    assert set(Mention.objects.values_list("id", flat=True)) == mention_ids


def test_mentions_lost_since_the_last_load_are_read_again(loaded):
    Mention.objects.filter(article__url=WAM).delete()
    report = load_starter_data()
    assert report[TITLES].inserted == 1
    assert Article.objects.get(url=WAM).mentions.filter(framework__slug="waico").exists()
