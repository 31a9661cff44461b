"""The ingestion commands: add_feed, poll_feeds, ingest_url, ingest_file, reanalyze; clear errors for bad input."""

import hashlib

import pytest
from django.core.management import CommandError, call_command

from initiatives.choices import FetchStatus, StanceStatus
from initiatives.models import Alias, Article, Feed, Mention, Stance
from tests.httpserver import news_page, rss

pytestmark = pytest.mark.django_db

TEXT = (
    "Britain signed the Framework Convention on Artificial Intelligence in Vilnius on Thursday, "
    "joining the first binding international treaty on AI."
)


@pytest.fixture(autouse=True)
def in_process(eager_celery, fresh_alias_index):
    """Tasks run in-process; aliases differ from test to test, so no index is reused."""


def call(*args, **options):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_add_feed_registers_a_feed_and_refuses_bad_or_duplicate_addresses():
    assert "Added feed" in call(
        "add_feed", "https://wire.example.org/rss", "--name", "Wire", "--interval", "30"
    )
    feed = Feed.objects.get()
    assert (feed.name, feed.poll_interval_minutes) == ("Wire", 30)
    with pytest.raises(CommandError, match="already registered as feed"):
        call("add_feed", "https://wire.example.org/rss")
    with pytest.raises(CommandError, match="not an http"):
        call("add_feed", "ftp://wire.example.org/rss")
    with pytest.raises(CommandError, match="at least 1 minute"):
        call("add_feed", "https://other.example.org/rss", "--interval", "0")


def test_poll_feeds_polls_one_feed_and_reports_errors(web, django_capture_on_commit_callbacks):
    feed = Feed.objects.create(url=web.add("/rss", rss(("x", web.url("/x"))), content_type="text/xml"))
    web.add(
        "/x", news_page("Rain", "It rained a great deal across the whole region this week, forecasters said.")
    )
    with django_capture_on_commit_callbacks(execute=True):
        output = call("poll_feeds", "--feed", str(feed.pk))
    assert "1 entries, 1 new" in output
    assert Article.objects.get().fetch_status == FetchStatus.ANALYSED
    with pytest.raises(CommandError, match="There is no feed 999"):
        call("poll_feeds", "--feed", "999")
    broken = Feed.objects.create(url=web.add("/broken", "nope", status=503, content_type="text/plain"))
    with pytest.raises(CommandError, match="recorded on the feed"):
        call("poll_feeds", "--feed", str(broken.pk))
    Feed.objects.filter(pk=broken.pk).update(is_active=False, disabled_reason="Too many failures.")
    with pytest.raises(CommandError, match="disabled: Too many failures"):
        call("poll_feeds", "--feed", str(broken.pk))


def test_poll_feeds_without_a_feed_polls_the_due_ones(web):
    Feed.objects.create(url=web.add("/rss", rss(), content_type="text/xml"))
    assert "0 entries, 0 new" in call("poll_feeds")
    assert "No feed is due." in call("poll_feeds")


def test_ingest_url_fetches_and_analyses_a_page(web, governance_world):
    url = web.add("/cets", news_page("Britain signs AI treaty", TEXT, TEXT.replace("Thursday", "the day")))
    output = call("ingest_url", url + "?utm_campaign=x")
    article = Article.objects.get()
    assert f"Article {article.pk}" in output and "analysed" in output
    assert Stance.objects.filter(
        source=article, actor=governance_world["GBR"], status=StanceStatus.PENDING
    ).exists()


def test_ingest_url_reports_a_failure_with_its_reason(web):
    url = web.add("/doc.pdf", b"%PDF", content_type="application/pdf")
    with pytest.raises(CommandError, match="application/pdf"):
        call("ingest_url", url)
    with pytest.raises(CommandError, match="failed before"):
        call("ingest_url", url)
    with pytest.raises(CommandError, match="Only http and https"):
        call("ingest_url", "javascript:alert(1)")


def test_ingest_file_reads_text_and_html_and_stores_each_file_once(tmp_path, governance_world):
    text_file = tmp_path / "cets.txt"
    text_file.write_text("UK signs AI treaty\n\n" + TEXT)
    output = call("ingest_file", str(text_file), "--published", "2024-09-05")
    digest = hashlib.sha256(text_file.read_bytes()).hexdigest()
    article = Article.objects.get(url=f"urn:file:{digest}")
    assert article.title == "UK signs AI treaty"
    assert article.published_at.date().isoformat() == "2024-09-05"
    assert "analysed" in output
    assert Stance.objects.filter(source=article, actor=governance_world["GBR"]).exists()
    call("ingest_file", str(text_file))
    assert Article.objects.count() == 1

    page = tmp_path / "page.html"
    page.write_text(
        news_page(
            "Chinese delegation attends talks",
            "The Chinese delegation attended the talks in Geneva on Monday and said little to reporters afterwards.",
        )
    )
    call("ingest_file", str(page), "--url", "https://wire.example.org/geneva/?utm_source=x")
    assert Article.objects.filter(url="https://wire.example.org/geneva").exists()


def test_ingest_file_refuses_bad_input(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call("ingest_file", str(tmp_path / "missing.txt"))
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00\x01\x02\xff\xfe")
    with pytest.raises(CommandError, match="could not be read"):
        call("ingest_file", str(binary))
    ok = tmp_path / "ok.txt"
    ok.write_text("Title\nSome text.")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call("ingest_file", str(ok), "--published", "5 Sept")


def test_reanalyze_picks_up_a_new_alias_and_keeps_decisions(tmp_path, governance_world):
    doc = tmp_path / "kingdom.txt"
    doc.write_text(
        "Treaty news\n\nThe Kingdom signed the Framework Convention on Artificial Intelligence on Thursday."
    )
    call("ingest_file", str(doc), "--published", "2024-09-05")
    article = Article.objects.get()
    assert not Stance.objects.exists()
    Alias.objects.create(text="The Kingdom", actor=governance_world["GBR"])
    output = call("reanalyze", "--since", "2024-01-01")
    assert "Re-analysed 1 articles" in output
    stance = Stance.objects.get(source=article)
    assert stance.actor == governance_world["GBR"] and stance.status == StanceStatus.PENDING
    assert Mention.objects.filter(article=article, actor=governance_world["GBR"]).exists()
    Stance.objects.filter(pk=stance.pk).update(status=StanceStatus.PUBLISHED)
    call("reanalyze")
    assert list(Stance.objects.values_list("pk", "status")) == [(stance.pk, StanceStatus.PUBLISHED)]
    assert "Re-analysed 0 articles" in call("reanalyze", "--since", "2030-01-01")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call("reanalyze", "--since", "yesterday")
