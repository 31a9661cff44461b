"""Fuzz targets of ingestion: feed parsing, URL normalisation and the fetcher's reading of addresses,
and main-text extraction. None of them touches the network: addresses are literals, never names."""

from __future__ import annotations

import contextlib
import ipaddress
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape

from hypothesis import strategies as st

from initiatives.analysis import ExtractedArticle, ExtractionError, extract_article
from initiatives.ingest import http
from initiatives.ingest.addresses import refusal
from initiatives.ingest.feeds import FeedError, parse_feed
from initiatives.ingest.urls import TRACKING_PARAMS, TRACKING_PREFIXES, InvalidURL, normalise_url

from . import target

# --- URLs -------------------------------------------------------------------------------------

SCHEMES = ["http", "https", "HTTPS", "Http", "ftp", "javascript", "mailto", "file", "data", ""]
HOSTS = [
    "example.org",
    "EXAMPLE.org.",
    "news.example.org",
    "xn--fiqs8s.cn",
    "中国.cn",
    "müller.de",
    "[::1]",
    "[2001:db8::1]",
    "[fe80::1%25eth0]",
    "127.0.0.1",
    "169.254.169.254",
    "0x7f.1",
    "user:pw@example.org",
    "example.org:8080",
    "example.org:443",
    "example.org:0",
    "example.org:99999",
    "example.org:-1",
    "[::ffff:10.0.0.1]",
    "",
    ".",
    "a..b",
    "-",
    "xn--",
    "ex ample.org",
]
QUERY_KEYS = [
    "utm_source",
    "UTM_Medium",
    "fbclid",
    "gclid",
    "id",
    "a",
    "b",
    "ref",
    "q",
    "page",
    "",
    "__twitter_impression",
    "pk_campaign",
]


def _url(scheme, host, segments, query, fragment):
    text = f"{scheme}://{host}/" + "/".join(segments)
    if query:
        text += "?" + "&".join(f"{k}={v}" for k, v in query)
    if fragment is not None:
        text += "#" + fragment
    return text


URLS = st.one_of(
    st.builds(
        _url,
        st.sampled_from(SCHEMES),
        st.one_of(
            st.sampled_from(HOSTS),
            st.from_regex(r"[a-z0-9-]{1,12}(\.[a-z0-9-]{1,8}){0,3}", fullmatch=True),
            st.text(max_size=20),
        ),
        st.lists(
            st.one_of(st.text(max_size=8), st.sampled_from(["", ".", "..", "%2F", "%00", "a b", "é"])),
            max_size=4,
        ),
        st.lists(
            st.tuples(st.one_of(st.sampled_from(QUERY_KEYS), st.text(max_size=5)), st.text(max_size=8)),
            max_size=4,
        ),
        st.one_of(st.none(), st.text(max_size=8)),
    ),
    st.text(max_size=120),
    st.sampled_from(
        ["http://", "https://a", "http://[::1", "http://a:b", " http://example.org/ ", "\thttp://x.org/\n"]
    ),
)


@target("url_normalisation", URLS, weight=3)
def url_normalisation(raw: str) -> None:
    """normalise_url: one canonical, fetchable, storable spelling, or InvalidURL."""
    try:
        url = normalise_url(raw)
    except InvalidURL:
        return
    url.encode("utf-8")  # storable (no lone surrogates)
    assert "\x00" not in url
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.hostname and not parts.fragment, url
    assert normalise_url(url) == url, f"not idempotent: {raw!r} -> {url!r} -> {normalise_url(url)!r}"
    for key, _value in parse_qsl(parts.query, keep_blank_values=True):
        assert key.lower() not in TRACKING_PARAMS and not key.lower().startswith(TRACKING_PREFIXES), url
    if _literal_host(parts.hostname):  # never a name: resolving one would ask a DNS server
        with contextlib.suppress(http.BlockedAddress, http.NetworkError):
            http.check_url(url)


def _literal_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


# --- Addresses --------------------------------------------------------------------------------

IPV4 = st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address)
IPV6 = st.integers(0, 2**128 - 1).map(ipaddress.IPv6Address)
WRAPPED = IPV4.flatmap(
    lambda v4: st.sampled_from(
        [f"::ffff:{v4}", f"64:ff9b::{v4}", f"2002:{int(v4) >> 16:x}:{int(v4) & 0xFFFF:x}::1", f"::{v4}"]
    )
)
ADDRESSES = st.tuples(
    st.one_of(IPV4.map(str), IPV6.map(str), WRAPPED, IPV6.map(lambda a: a.exploded)), st.booleans()
)


@target("address_filter", ADDRESSES, weight=2)
def address_filter(case) -> None:
    """The fetcher's address rule, and check_url on the same address as a URL's host: a reason or None, never a crash."""
    address, allow_private = case
    reason = refusal(address, allow_private=allow_private)
    assert reason is None or isinstance(reason, str) and reason
    parsed = ipaddress.ip_address(address)
    if reason is None and not allow_private:
        assert not parsed.is_loopback and not parsed.is_link_local and not parsed.is_multicast, address
    literal = f"[{address}]" if ":" in address else address
    with contextlib.suppress(http.BlockedAddress, http.NetworkError):
        http.check_url(f"http://{literal}:8080/feed.xml")


# --- Feeds ------------------------------------------------------------------------------------

FEED_PARTS = [
    '<?xml version="1.0"?>',
    '<?xml version="1.0" encoding="shift_jis"?>',
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
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
    "&a;",
    "\x00",
    "&undefined;",
    "<![CDATA[",
    "\ufeff",
    "<rdf:RDF>",
    "<item><title>",
    "é",
    "\U0001f600",
    "&#xD800;",
    "&#x110000;",
    "&#0;",
    "人工知能",
    "<pubDate>Mon, 99 Foo 2025</pubDate>",
    "<updated>0000-00-00</updated>",
]
DECLARED = [
    "utf-8",
    "shift_jis",
    "gb2312",
    "gb18030",
    "big5",
    "euc-kr",
    "euc-jp",
    "windows-1251",
    "iso-8859-1",
    "utf-16",
    "koi8-r",
    "iso-2022-jp",
    "x-unknown",
    "base64",
    "utf-7",
    "rot13",
    "",
    "utf-32",
]
WRITTEN_IN = [
    "utf-8",
    "shift_jis",
    "gb18030",
    "big5",
    "euc-kr",
    "cp1251",
    "latin-1",
    "utf-16",
    "utf-16-le",
    "iso2022_jp",
]


def _rss(titles, links, declared, written_in, published):
    items = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link><pubDate>{escape(published)}</pubDate></item>"
        for t, link in zip(titles, links, strict=False)
    )
    text = f'<?xml version="1.0" encoding="{declared}"?><rss version="2.0"><channel><title>{escape(titles[0] if titles else "")}</title>{items}</channel></rss>'
    return text.encode(written_in, errors="xmlcharrefreplace")


FEEDS = st.tuples(
    st.one_of(
        st.builds(
            _rss,
            st.lists(st.text(max_size=60), max_size=4),
            st.lists(URLS, max_size=4),
            st.sampled_from(DECLARED),
            st.sampled_from(WRITTEN_IN),
            st.one_of(st.just("Sat, 26 Jul 2025 08:00:00 GMT"), st.text(max_size=20)),
        ),
        st.lists(st.sampled_from(FEED_PARTS), max_size=40).map(
            lambda chosen: "".join(chosen).encode("utf-8", "surrogatepass")
        ),
        st.binary(max_size=2000),
    ),
    st.one_of(st.none(), st.sampled_from(DECLARED), st.text(max_size=10)),
)


@target("feed_parsing", FEEDS, weight=3)
def feed_parsing(case) -> None:
    """parse_feed: entries with normalised web addresses and storable titles, or FeedError."""
    content, charset = case
    try:
        parsed = parse_feed(content, charset=charset)
    except FeedError as error:
        assert str(error)
        return
    parsed.title.encode("utf-8")
    assert "\x00" not in parsed.title
    for entry in parsed.entries:
        assert entry.url.startswith(("http://", "https://")) and len(entry.url) <= 1000, entry.url
        assert normalise_url(entry.url) == entry.url
        entry.url.encode("utf-8")
        entry.title.encode("utf-8")
        assert len(entry.title) <= 500 and "\x00" not in entry.title
    assert len({e.url for e in parsed.entries}) == len(parsed.entries), "one entry per address"


# --- Extraction -------------------------------------------------------------------------------

PAGE_PARTS = [
    "<html>",
    "<head><title>",
    "</title>",
    "<meta charset='shift_jis'>",
    "<meta charset='x-nope'>",
    "<body>",
    "<article>",
    "<p>Delegates discussed the rules for artificial intelligence at length in Shanghai.</p>",
    "<p>中国提议成立世界人工智能合作组织。</p>",
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
    '<meta property="article:published_time" content="9999-99-99">',
    "<h1>",
    "</h1>",
    "<br>" * 50,
]
PAGES = st.tuples(
    st.one_of(
        st.lists(st.sampled_from(PAGE_PARTS), max_size=60).map(
            lambda chosen: "".join(chosen).encode("utf-8")
        ),
        st.text(max_size=3000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.binary(max_size=3000),
    ),
    st.one_of(st.none(), st.just("https://news.example.org/story"), st.text(max_size=30)),
)


@target("extraction", PAGES, weight=2)
def extraction(case) -> None:
    """extract_article: a title and text, or ExtractionError."""
    content, url = case
    try:
        extracted = extract_article(content, url=url)
    except ExtractionError as error:
        assert str(error)
        return
    assert isinstance(extracted, ExtractedArticle)
    assert isinstance(extracted.title, str) and isinstance(extracted.text, str)
