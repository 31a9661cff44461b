"""Feeds: RSS 2.0, RSS 1.0 and Atom read from a local server; conditional GET; failures, back-off, disabling."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from initiatives.choices import FetchStatus
from initiatives.ingest import pipeline
from initiatives.ingest.feeds import FeedError, parse_feed
from initiatives.models import Article, Feed

pytestmark = pytest.mark.django_db

RSS20 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire</title><link>https://wire.example.org/</link>
<item><title>China proposes a world AI body</title><link>https://wire.example.org/a?utm_source=rss</link>
<pubDate>Mon, 27 Oct 2025 08:00:00 GMT</pubDate></item>
<item><title>Same story, tracked link</title><link>https://wire.example.org/a?fbclid=zzz#top</link></item>
<item><title>UK signs treaty</title><link>https://wire.example.org/b/</link></item>
<item><title>No link at all</title></item>
</channel></rss>"""

RSS10 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example.org/"><title>RDF news</title><link>https://rdf.example.org/</link>
<description>d</description><items><rdf:Seq><rdf:li resource="https://rdf.example.org/1"/></rdf:Seq></items></channel>
<item rdf:about="https://rdf.example.org/1"><title>Council of Europe treaty opens</title>
<link>https://rdf.example.org/1</link><dc:date>2024-09-05T10:00:00Z</dc:date></item>
</rdf:RDF>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title><id>urn:x</id><updated>2025-02-11T00:00:00Z</updated>
<entry><title>Paris declaration signed</title><id>urn:1</id><link href="https://atom.example.org/paris"/>
<updated>2025-02-11T12:30:00Z</updated></entry>
</feed>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss version="2.0"><channel><title>&lol2;</title><item><title>x</title><link>https://e.example.org/1</link></item></channel></rss>"""


def test_it_reads_rss_20_and_merges_entries_whose_links_differ_only_by_tracking():
    parsed = parse_feed(RSS20.encode())
    assert parsed.version == "rss20"
    assert [e.url for e in parsed.entries] == ["https://wire.example.org/a", "https://wire.example.org/b"]
    assert parsed.entries[0].published == dt.datetime(2025, 10, 27, 8, tzinfo=dt.UTC)
    assert parsed.skipped == 1


def test_it_reads_rss_10():
    parsed = parse_feed(RSS10.encode())
    assert parsed.version == "rss10"
    assert parsed.entries[0].url == "https://rdf.example.org/1"
    assert parsed.entries[0].published == dt.datetime(2024, 9, 5, 10, tzinfo=dt.UTC)


def test_it_reads_atom():
    parsed = parse_feed(ATOM.encode())
    assert parsed.version == "atom10"
    assert parsed.entries[0].title == "Paris declaration signed"
    assert parsed.entries[0].url == "https://atom.example.org/paris"


def test_it_refuses_a_feed_that_declares_entities():
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(BILLION_LAUGHS.encode())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"<html><body><p>Just a web page</p></body></html>", "not an RSS or Atom feed"),
        (b"\x00\x01binary garbage\xff", "not well-formed"),
    ],
)
def test_it_refuses_documents_that_are_not_feeds(content, message):
    with pytest.raises(FeedError, match=message):
        parse_feed(content)


def test_it_never_reads_the_bytes_as_a_file_name():
    with pytest.raises(FeedError):
        parse_feed(b"/etc/passwd")


def test_polling_creates_pending_articles_once(web):
    feed = Feed.objects.create(url=web.add("/rss", RSS20, content_type="application/rss+xml"))
    outcome = pipeline.poll_feed(feed.pk)
    assert outcome.status == "ok"
    assert len(outcome.new_article_ids) == 2
    articles = Article.objects.order_by("url")
    assert [a.url for a in articles] == ["https://wire.example.org/a", "https://wire.example.org/b"]
    assert {a.fetch_status for a in articles} == {FetchStatus.PENDING}
    assert articles[0].feed == feed
    feed.refresh_from_db()
    assert feed.name == "Wire"
    assert feed.last_success_at is not None
    assert feed.next_poll_at > timezone.now()

    again = pipeline.poll_feed(feed.pk)
    assert again.new_article_ids == []
    assert Article.objects.count() == 2


def test_it_uses_conditional_get_and_handles_not_modified(web):
    feed = Feed.objects.create(url=web.add("/atom", ATOM, content_type="application/atom+xml", etag='"abc"'))
    pipeline.poll_feed(feed.pk)
    feed.refresh_from_db()
    assert feed.etag == '"abc"'
    outcome = pipeline.poll_feed(feed.pk)
    assert outcome.status == "not_modified"
    assert web.hits("/atom")[1]["If-None-Match"] == '"abc"'
    assert Article.objects.count() == 1


def test_a_malformed_feed_is_recorded_with_a_failure_count_and_backed_off(web):
    feed = Feed.objects.create(
        url=web.add("/bad", "<rss><channel><item>", content_type="text/xml"), poll_interval_minutes=30
    )
    before = timezone.now()
    outcome = pipeline.poll_feed(feed.pk)
    assert outcome.status == "failed"
    feed.refresh_from_db()
    assert feed.failure_count == 1
    assert "not well-formed" in feed.last_error or "could not be read" in feed.last_error
    assert feed.next_poll_at >= before + dt.timedelta(minutes=60)
    pipeline.poll_feed(feed.pk)
    feed.refresh_from_db()
    assert feed.failure_count == 2
    assert feed.next_poll_at >= before + dt.timedelta(minutes=120)
    assert feed.is_active


def test_an_html_page_as_feed_url_is_a_clear_error(web):
    feed = Feed.objects.create(url=web.add("/page", "<html><body>hi</body></html>"))
    pipeline.poll_feed(feed.pk)
    feed.refresh_from_db()
    assert "text/html" in feed.last_error


@override_settings(FEED_MAX_FAILURES=3)
def test_a_feed_is_disabled_after_consecutive_failures_and_recovers_its_count_on_success(web):
    url = web.add("/flaky", "oops", status=500, content_type="text/plain")
    feed = Feed.objects.create(url=url)
    pipeline.poll_feed(feed.pk)
    pipeline.poll_feed(feed.pk)
    feed.refresh_from_db()
    assert feed.failure_count == 2 and feed.is_active
    web.add("/flaky", RSS20, content_type="application/rss+xml")
    pipeline.poll_feed(feed.pk)
    feed.refresh_from_db()
    assert feed.failure_count == 0 and feed.last_error == ""

    web.add("/flaky", "oops", status=500, content_type="text/plain")
    outcomes = [pipeline.poll_feed(feed.pk).status for _ in range(3)]
    assert outcomes == ["failed", "failed", "disabled"]
    feed.refresh_from_db()
    assert not feed.is_active
    assert "after 3 consecutive failures" in feed.disabled_reason
    assert "500" in feed.disabled_reason
    assert pipeline.poll_feed(feed.pk).status == "skipped"
    assert feed not in Feed.objects.due()


def test_due_feeds_are_claimed_once_per_tick(web):
    due = Feed.objects.create(url=web.add("/rss", RSS20, content_type="application/rss+xml"))
    later = Feed.objects.create(
        url="https://later.example.org/rss", next_poll_at=timezone.now() + dt.timedelta(hours=1)
    )
    assert pipeline.claim_due_feeds() == [due.pk]
    assert pipeline.claim_due_feeds() == []
    assert later.pk not in pipeline.claim_due_feeds(timezone.now() + dt.timedelta(minutes=5))


def test_articles_left_pending_by_a_lost_task_are_queued_again():
    stuck = Article.objects.create(url="https://e.example.org/stuck", fetch_status=FetchStatus.PENDING)
    fetched = Article.objects.create(
        url="https://e.example.org/fetched", fetch_status=FetchStatus.FETCHED, text="t"
    )
    fresh = Article.objects.create(url="https://e.example.org/fresh", fetch_status=FetchStatus.PENDING)
    old = timezone.now() - pipeline.STALE_AFTER - dt.timedelta(minutes=1)
    Article.objects.filter(pk__in=[stuck.pk, fetched.pk]).update(updated_at=old)
    assert pipeline.requeue_stale_articles() == ([stuck.pk], [fetched.pk])
    # Touched, so the next tick does not queue them again while they wait.
    assert pipeline.requeue_stale_articles() == ([], [])
    assert fresh.pk


FEED_FRAGMENTS = [
    "<?xml version='1.0'?>",
    "<rss version='2.0'>",
    "<channel>",
    "<item>",
    "<title>T &amp; x</title>",
    "<link>https://e.example.org/1</link>",
    "<link>javascript:alert(1)</link>",
    "</item>",
    "</channel></rss>",
    "<!DOCTYPE x [<!ENTITY a 'b'>]>",
    "<feed xmlns='http://www.w3.org/2005/Atom'>",
    "<entry><link href='https://e.example.org/2'/></entry>",
    "</feed>",
    "\x00",
    "&undefined;",
    "<![CDATA[",
]


def test_malformed_feeds_never_crash_the_parser():
    # Hypothesis runs inside the test: the module's django_db mark would trip its fixture health check.
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    documents = st.one_of(
        st.binary(max_size=2000),
        st.lists(st.sampled_from(FEED_FRAGMENTS), max_size=30).map(lambda parts: "".join(parts).encode()),
    )

    @settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
    @given(documents)
    def check(content):
        try:
            parsed = parse_feed(content)
        except FeedError as error:
            assert str(error)
        else:
            assert all(entry.url.startswith(("http://", "https://")) for entry in parsed.entries)

    check()
