"""Feeds in the encodings news sites use, including East Asia's multi-byte ones, polled from a local server.

A feed that cannot be read at all is recorded on the feed with its reason and counts toward disabling it.
"""

import pytest
from django.test import override_settings

from initiatives.ingest import pipeline
from initiatives.ingest.feeds import decode_feed, parse_feed
from initiatives.models import Article, Feed

pytestmark = pytest.mark.django_db

HEADLINES = {
    "Shift_JIS": "中国、世界人工知能協力機構の設立を提案",
    "GB2312": "中国提议成立世界人工智能合作组织",
    "GB18030": "世界人工智能合作组织在上海揭牌 𠀀",  # a character only GB18030 (of these) can write
    "Big5": "中國倡議成立世界人工智慧合作組織",
    "EUC-KR": "중국, 세계인공지능협력기구 설립 제안",
    "EUC-JP": "人工知能の国際協力",
    "windows-1251": "Китай предложил создать организацию по ИИ",
    "ISO-8859-1": "La Chine propose une organisation mondiale de l'IA, à Shanghai",
    "windows-1256": "الصين تقترح منظمة عالمية للذكاء الاصطناعي",
    "TIS-620": "จีนเสนอองค์การความร่วมมือปัญญาประดิษฐ์โลก",
}


def rss_in(encoding: str, title: str, *, declare: bool = True) -> bytes:
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>' if declare else '<?xml version="1.0"?>'
    return (
        f'{declaration}<rss version="2.0"><channel><title>{title}</title>'
        f"<item><title>{title}</title><link>https://news.example.cn/waico?id=1</link>"
        f"<pubDate>Sat, 26 Jul 2025 08:00:00 GMT</pubDate></item>"
        f"<item><title>No. 2: {title}</title><link>https://news.example.cn/waico?id=2</link></item>"
        "</channel></rss>"
    ).encode(encoding)


def poll(web, path, body, content_type="application/rss+xml"):
    feed = Feed.objects.create(url=web.add(path, body, content_type=content_type))
    outcome = pipeline.poll_feed(feed.pk)
    feed.refresh_from_db()
    return feed, outcome


def test_a_shift_jis_feed_is_polled_and_its_entries_stored(web):
    title = HEADLINES["Shift_JIS"]
    feed, outcome = poll(web, "/rss/shift_jis.xml", rss_in("Shift_JIS", title))
    assert outcome.status == "ok", outcome
    assert feed.failure_count == 0 and feed.name == title
    stored = dict(Article.objects.filter(feed=feed).values_list("url", "title"))
    assert stored == {
        "https://news.example.cn/waico?id=1": title,
        "https://news.example.cn/waico?id=2": f"No. 2: {title}",
    }


@pytest.mark.parametrize("encoding", sorted(HEADLINES))
def test_a_feed_in_each_encoding_is_read(encoding):
    parsed = parse_feed(rss_in(encoding, HEADLINES[encoding]))
    assert parsed.title == HEADLINES[encoding]
    assert [e.title for e in parsed.entries][0] == HEADLINES[encoding]


@pytest.mark.parametrize("encoding", ["Shift_JIS", "GB2312", "Big5", "EUC-KR"])
def test_the_servers_charset_is_read_when_the_document_does_not_say(web, encoding):
    body = rss_in(encoding, HEADLINES[encoding], declare=False)
    feed, outcome = poll(web, f"/{encoding}.xml", body, content_type=f"text/xml; charset={encoding}")
    assert outcome.status == "ok", outcome
    assert Article.objects.filter(feed=feed, title=HEADLINES[encoding]).exists()


def test_a_wrong_server_charset_gives_way_to_the_documents_declaration():
    body = rss_in("Shift_JIS", HEADLINES["Shift_JIS"])
    assert parse_feed(body, charset="utf-8").title == HEADLINES["Shift_JIS"]
    assert parse_feed(body, charset="iso-8859-1").title == HEADLINES["Shift_JIS"]


def test_utf8_with_a_wrong_declaration_is_still_read_as_utf8():
    body = rss_in("utf-8", HEADLINES["GB2312"]).replace(b'encoding="utf-8"', b'encoding="ISO-8859-1"')
    assert parse_feed(body).title == HEADLINES["GB2312"]


def test_byte_order_marks_and_utf16_are_read():
    title = HEADLINES["EUC-KR"]
    text = rss_in("utf-8", title).decode("utf-8")
    for body in (
        b"\xef\xbb\xbf" + text.encode("utf-8"),
        text.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16"),
        text.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16-le"),
    ):
        assert parse_feed(body).title == title


@pytest.mark.parametrize("label", ["x-no-such-encoding", "base64", "utf-7", "rot13", "zlib"])
def test_an_unknown_or_unsafe_encoding_label_falls_back_to_reading_the_bytes(web, label):
    body = rss_in("utf-8", "Shanghai talks").replace(
        b'encoding="utf-8"', f'encoding="{label}"'.encode("latin-1")
    )
    feed, outcome = poll(web, "/unknown.xml", body, content_type=f"application/rss+xml; charset={label}")
    assert outcome.status == "ok", outcome
    assert Article.objects.filter(feed=feed, title="Shanghai talks").count() == 1


def test_a_server_charset_with_a_nul_in_it_is_ignored():
    assert parse_feed(rss_in("utf-8", "Shanghai talks"), charset="utf\x00-8").title == "Shanghai talks"


@pytest.mark.parametrize(
    "reference",
    ["&#xD800;", "&#55296;", "&#x110000;", "&#99999999999999999999;", "&#0;", "&#x1;", "\x00", "\x0b"],
)
def test_characters_xml_forbids_become_replacement_characters_not_a_crash(web, reference):
    body = rss_in("utf-8", "AI").replace(
        b"<title>AI</title><link>", f"<title>A{reference}I</title><link>".encode()
    )
    feed, outcome = poll(web, "/forbidden.xml", body)
    assert outcome.status == "ok", outcome
    assert Article.objects.get(feed=feed, url__endswith="id=1").title == "A\ufffdI"


def test_decoding_says_which_encoding_it_read():
    assert decode_feed(rss_in("GB2312", HEADLINES["GB2312"]))[1] == "gb18030"
    assert decode_feed(rss_in("Shift_JIS", HEADLINES["Shift_JIS"]))[1] == "cp932"
    assert decode_feed(b"<?xml version='1.0'?><rss/>")[1] == "utf-8"


@override_settings(FEED_MAX_FAILURES=3)
def test_an_unreadable_feed_is_recorded_with_its_reason_and_disabled_after_repeated_failures(web):
    url = web.add(
        "/garbage.xml", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, content_type="application/octet-stream"
    )
    feed = Feed.objects.create(url=url)
    for attempt in range(1, 4):
        Feed.objects.filter(pk=feed.pk).update(next_poll_at=None)
        outcome = pipeline.poll_feed(feed.pk)
        feed.refresh_from_db()
        assert feed.failure_count == attempt
        assert "not well-formed XML" in feed.last_error
    assert outcome.status == "disabled"
    assert not feed.is_active and "3 consecutive failures" in feed.disabled_reason
    assert feed.last_error in feed.disabled_reason
