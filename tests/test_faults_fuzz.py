"""Thousands of malformed feeds and pages through the real pipeline: no crash, and each one leaves
either a stored result or a recorded error on its row (never a silent drop).

The parser alone is fuzzed in tests/test_ingest_feeds.py; here the bytes go over HTTP from a local
server into pipeline.poll_feed and pipeline.fetch_article, as a worker runs them.
"""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives.choices import FetchStatus
from initiatives.ingest import pipeline
from initiatives.models import Article, Feed

pytestmark = pytest.mark.django_db

FEED_PARTS = [
    '<?xml version="1.0"?>',
    "<rss version='2.0'><channel>",
    "<title>T</title>",
    "<item>",
    "<link>http://127.0.0.1/a</link>",
    "<link>javascript:alert(1)</link>",
    "<guid>x</guid>",
    "</item>",
    "</channel></rss>",
    "<feed xmlns='http://www.w3.org/2005/Atom'>",
    "<entry><link href='/rel'/></entry>",
    "</feed>",
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
    "&b;",
    "\x00",
    "&undefined;",
    "<![CDATA[",
    "\ufeff",
    "<rdf:RDF>",
    "<item><title>",
    "é",
    "\U0001f600",
]
PAGE_PARTS = [
    "<html>",
    "<head><title>",
    "</title>",
    "<meta charset='latin-1'>",
    "<body>",
    "<article>",
    "<p>Delegates discussed the rules for artificial intelligence at length.</p>",
    "<script>x()</script>",
    "<nav><a href='/'>China</a></nav>",
    "</p>",
    "<table><tr><td>",
    "\x00",
    "&#0;",
    "&nbsp;",
    "<!--",
    "<?xml?>",
    "<svg onload=alert(1)>",
    "é",
    "\U0001f600",
    "</html>",
]
CONTENT_TYPES = [
    "application/rss+xml",
    "application/atom+xml",
    "text/xml",
    "text/html; charset=utf-8",
    "text/plain",
    "application/octet-stream",
    "image/png",
    "",
]
# 600 each: over a thousand documents in about 45 s on two cores.
SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))


def documents(parts):
    return st.one_of(
        st.binary(max_size=3000),
        st.lists(st.sampled_from(parts), max_size=40).map(lambda chosen: "".join(chosen).encode()),
        st.text(max_size=2000).map(str.encode),
    )


def test_a_malformed_feed_is_recorded_on_the_feed_and_never_crashes_the_poll(web):
    counter = itertools.count()

    @SETTINGS
    @given(documents(FEED_PARTS), st.sampled_from(CONTENT_TYPES), st.sampled_from([200, 200, 200, 404, 500]))
    def check(body, content_type, status):
        url = web.add(f"/feed-{next(counter)}", body, content_type=content_type, status=status)
        feed = Feed.objects.create(url=url)
        outcome = pipeline.poll_feed(feed.pk)
        assert outcome is not None
        feed.refresh_from_db()
        if feed.failure_count:
            assert feed.last_error.strip(), "a failed poll must say why"
        else:
            assert feed.last_success_at is not None
        # Whatever the feed held, only web addresses became articles.
        assert not Article.objects.exclude(url__startswith="http").exists()

    check()


def test_a_malformed_page_ends_fetched_or_failed_with_its_reason(web):
    counter = itertools.count()

    @SETTINGS
    @given(documents(PAGE_PARTS), st.sampled_from(CONTENT_TYPES), st.sampled_from([200, 200, 200, 403, 503]))
    def check(body, content_type, status):
        url = web.add(f"/page-{next(counter)}", body, content_type=content_type, status=status)
        article = Article.objects.create(url=url)
        pipeline.fetch_article(article.pk, final_attempt=True)
        article.refresh_from_db()
        assert article.fetch_status in (FetchStatus.FETCHED, FetchStatus.FAILED), article.fetch_status
        if article.fetch_status == FetchStatus.FAILED:
            assert article.fetch_error.strip(), "a failed page must say why"
        else:
            assert article.text.strip()

    check()
