"""The ingestion pipeline end to end in-process: feed -> article -> mentions and suggestions -> review item.

Pages come from a local server; the alias data from factories (tests/conftest.py governance_world).
"""

import datetime as dt

import pytest
from django.test import TestCase, override_settings

from initiatives import tasks
from initiatives.choices import FetchStatus, Position, StanceOrigin, StanceStatus
from initiatives.ingest import pipeline, review
from initiatives.ingest.urls import normalise_url
from initiatives.models import Article, Feed, Mention, Stance, StanceSource, Story
from tests.httpserver import news_page, rss

pytestmark = pytest.mark.django_db

WAICO_1 = news_page(
    "China proposes World AI Cooperation Organization at APEC",
    "China proposed the World AI Cooperation Organization on Saturday, saying the body would help "
    "developing countries share the benefits of artificial intelligence.",
    "Officials said the headquarters of the new organisation could be in Shanghai, and that talks with "
    "other governments would start next year. The plan was presented at the leaders' meeting.",
)
WAICO_2 = news_page(
    "China proposes World AI Cooperation Organization at APEC summit",
    "China has proposed the World AI Cooperation Organization, a new international body for AI "
    "governance, a senior official told reporters at the summit on Saturday.",
    "The proposal follows Beijing's global AI governance action plan. Diplomats from several delegations "
    "said they would study the text before the next round of talks.",
)
CLIMATE = news_page(
    "Coastal towns brace for a wet winter",
    "Forecasters expect heavy rain across the coast this winter, with flood warnings likely in several "
    "towns that were hit last year. Local councils are preparing sandbags and pumps.",
)


@pytest.fixture(autouse=True)
def in_process(eager_celery, fresh_alias_index):
    """Tasks run in-process; aliases differ from test to test, so no index is reused."""


def run(task, *args):
    """Run a task as a worker would, then what it queued after commit (each test is one transaction)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return task(*args)


def suggestions(**filters):
    return Stance.objects.filter(status=StanceStatus.PENDING, origin=StanceOrigin.INGESTED, **filters)


def test_a_feed_entry_becomes_an_analysed_article_with_a_suggestion(web, governance_world):
    page = web.add("/waico", WAICO_1) + "?utm_source=rss&fbclid=x"
    feed = Feed.objects.create(url=web.add("/rss", rss(("WAICO", page)), content_type="application/rss+xml"))
    run(tasks.poll_feed, feed.pk)
    article = Article.objects.get()
    assert article.url == normalise_url(page)
    assert article.fetch_status == FetchStatus.ANALYSED, article.fetch_error
    assert article.feed == feed
    assert article.content_hash and "Shanghai" in article.text
    assert "Copyright Example Wire" not in article.text
    assert Mention.objects.filter(article=article, actor=governance_world["CHN"]).exists()
    assert Mention.objects.filter(article=article, framework=governance_world["waico"]).exists()
    stance = suggestions().get(actor=governance_world["CHN"], framework=governance_world["waico"])
    assert stance.position == Position.PROPOSES
    assert stance.source == article
    assert "proposed" in stance.evidence and stance.cue
    assert 0 < stance.confidence <= 1


@pytest.mark.parametrize(
    ("path", "options", "reason"),
    [
        ("/report.pdf", {"body": b"%PDF-1.7", "content_type": "application/pdf"}, "application/pdf"),
        ("/huge", {"stream_bytes": 3_000_000}, "larger than the limit"),
        ("/empty", {"body": "<html><body><nav><a href='/'>Home</a></nav></body></html>"}, "main text"),
        ("/missing", {"body": "no", "status": 404, "content_type": "text/plain"}, "404"),
    ],
)
@override_settings(INGEST_MAX_BYTES=1_000_000)
def test_a_page_that_cannot_be_read_is_recorded_as_failed_with_its_reason(web, path, options, reason):
    url = web.add(path, **options)
    article = Article.objects.create(url=normalise_url(url))
    run(tasks.fetch_article, article.pk)
    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.FAILED
    assert reason in article.fetch_error


@override_settings(INGEST_TIMEOUT_SECONDS=0.2)
def test_a_page_that_times_out_is_retried_then_recorded_as_failed(web, eager_celery):
    # Eager retries run at once, through apply(), which only loops over retries when not propagating.
    eager_celery.conf.task_eager_propagates = False
    url = web.add("/slow", WAICO_1, delay=1)
    article = Article.objects.create(url=normalise_url(url))
    run(tasks.fetch_article.delay, article.pk)  # eager: the retries run at once
    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.FAILED
    assert "did not answer within 0.2 seconds" in article.fetch_error
    assert "Gave up after several attempts" in article.fetch_error
    assert len(web.hits("/slow")) == tasks.FETCH_RETRIES + 1


def test_a_redirect_to_a_private_address_is_recorded_as_failed(web):
    url = web.redirect("/go", "http://169.254.169.254/latest/meta-data/")
    article = Article.objects.create(url=normalise_url(url))
    run(tasks.fetch_article, article.pk)
    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.FAILED
    assert "169.254.169.254" in article.fetch_error and "link-local" in article.fetch_error


@override_settings(INGEST_ALLOW_PRIVATE_NETWORKS=False)
def test_a_private_address_is_refused_when_private_networks_are_not_allowed(web):
    article = Article.objects.create(url=normalise_url(web.add("/page", WAICO_1)))
    run(tasks.fetch_article, article.pk)
    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.FAILED
    assert "loopback" in article.fetch_error
    assert not web.hits("/page")


def test_the_same_text_at_two_addresses_is_one_article(web, governance_world):
    first = web.add("/a", WAICO_1)
    second = web.add("/mirror/a", WAICO_1)
    feed = Feed.objects.create(
        url=web.add(
            "/rss",
            rss(("one", first), ("two", second), ("again", first + "#comments")),
            content_type="text/xml",
        )
    )
    run(tasks.poll_feed, feed.pk)
    assert Article.objects.count() == 2
    assert Article.objects.fetched().count() == 1
    original = Article.objects.fetched().get()
    duplicate = Article.objects.exclude(pk=original.pk).get()
    assert duplicate.fetch_status == FetchStatus.FAILED
    assert f"Duplicate: the same text is already stored as article {original.pk}" in duplicate.fetch_error
    assert duplicate.url in original.note
    assert suggestions().count() == 1


def test_the_same_story_from_two_outlets_is_one_review_item_listing_both(web, governance_world):
    items = rss(("1", web.add("/one", WAICO_1)), ("2", web.add("/two", WAICO_2)))
    feed = Feed.objects.create(url=web.add("/rss", items, content_type="application/rss+xml"))
    run(tasks.poll_feed, feed.pk)
    one, two = Article.objects.order_by("id")
    assert one.fetch_status == two.fetch_status == FetchStatus.ANALYSED
    assert one.story is not None and one.story == two.story
    assert Story.objects.count() == 1
    item = suggestions().get(actor=governance_world["CHN"], framework=governance_world["waico"])
    assert item.source == one
    assert list(StanceSource.objects.filter(stance=item).values_list("article", flat=True)) == [two.pk]
    assert suggestions().count() == 1


def test_unrelated_news_gets_no_story_and_no_suggestion(web, governance_world):
    article = Article.objects.create(url=normalise_url(web.add("/rain", CLIMATE)))
    run(tasks.fetch_article, article.pk)
    article.refresh_from_db()
    assert article.fetch_status == FetchStatus.ANALYSED
    assert article.story is None
    assert not Stance.objects.exists()


def test_analysing_again_replaces_rather_than_duplicates(web, governance_world):
    article = Article.objects.create(url=normalise_url(web.add("/one", WAICO_1)))
    run(tasks.fetch_article, article.pk)
    mentions = list(Mention.objects.filter(article=article).values_list("start", "end", "matched_text"))
    stances = list(suggestions().values_list("id", "actor", "framework", "position"))
    assert mentions and stances
    for _ in range(2):
        run(tasks.analyse_article, article.pk)
        run(tasks.fetch_article, article.pk)  # already fetched: a no-op
    assert (
        list(Mention.objects.filter(article=article).values_list("start", "end", "matched_text")) == mentions
    )
    assert list(suggestions().values_list("id", "actor", "framework", "position")) == stances


def test_analysing_again_keeps_curators_decisions(web, governance_world, django_user_model):
    curator = django_user_model.objects.create_user("cora")
    article = Article.objects.create(url=normalise_url(web.add("/two", WAICO_2)))
    run(tasks.fetch_article, article.pk)
    stance = suggestions().get(actor=governance_world["CHN"])
    # The curator corrects the actor (say the article meant someone else) and publishes.
    review.correct(stance.pk, curator, {"actor": governance_world["USA"]}, "approve")
    run(tasks.analyse_article, article.pk)
    assert not suggestions().exists(), "a corrected and published suggestion is not suggested again"
    stance.refresh_from_db()
    assert (stance.actor, stance.status) == (governance_world["USA"], StanceStatus.PUBLISHED)

    other = Article.objects.create(url=normalise_url(web.add("/one", WAICO_1)))
    run(tasks.fetch_article, other.pk)
    rejected = suggestions().get(source=other)
    review.reject([rejected.pk], curator)
    run(tasks.analyse_article, other.pk)
    assert not suggestions().exists(), "a rejected suggestion is not suggested again"
    assert Stance.objects.get(pk=rejected.pk).status == StanceStatus.REJECTED


def test_a_suggestion_its_article_no_longer_makes_is_withdrawn(web, governance_world):
    article = Article.objects.create(url=normalise_url(web.add("/one", WAICO_1)))
    run(tasks.fetch_article, article.pk)
    assert suggestions().exists()
    governance_world["waico"].aliases.all().delete()
    governance_world["waico"].name = "Something else entirely"
    governance_world["waico"].short_name = ""
    governance_world["waico"].save()
    pipeline.analyse_article(article.pk, index=_fresh())
    assert not suggestions().exists()


def _fresh():
    from initiatives.ingest import alias_index

    return alias_index.fresh()


def test_tasks_return_quietly_when_the_row_is_gone():
    assert run(tasks.fetch_article, 987654) is None
    assert run(tasks.analyse_article, 987654) is None
    assert run(tasks.poll_feed, 987654) is None


def test_the_beat_tick_polls_due_feeds_and_requeues_lost_articles(web, governance_world):
    feed = Feed.objects.create(
        url=web.add("/rss", rss(("1", web.add("/one", WAICO_1))), content_type="text/xml")
    )
    lost = Article.objects.create(url=normalise_url(web.add("/two", WAICO_2)))
    Article.objects.filter(pk=lost.pk).update(updated_at=lost.updated_at - dt.timedelta(hours=1))
    result = run(tasks.poll_due_feeds)
    assert result == {"feeds": 1, "refetch": 1, "reanalyse": 0}
    assert set(Article.objects.values_list("fetch_status", flat=True)) == {FetchStatus.ANALYSED}
    feed.refresh_from_db()
    assert feed.last_success_at is not None
