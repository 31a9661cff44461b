"""Every query parameter of every page, chart, export and API list: any value a client can send
answers 200, 400 or 404 (an unknown slug), never a 500.

The values mix what the parameters expect (dates, codes, slugs, numbers) with what breaks naive code:
the ends of the calendar, digits that are not ASCII (², ٣), numbers of thousands of digits, blanks,
NUL and control characters, percent signs, very long strings.
"""

from __future__ import annotations

from hypothesis import strategies as st

from tests.fuzz import target

PAGES = [
    "/", "/frameworks/", "/frameworks/waico/", "/frameworks/cets-225/", "/actors/", "/actors/USA/", "/actors/EU/",
    "/summits/", "/summits/waic-2025/", "/articles/", "/compare/", "/charts/map.json", "/charts/support.json",
    "/charts/matrix.json", "/charts/actor-timeline.json", "/charts/alignment.json", "/charts/news.json",
    *[f"/export/{kind}.csv" for kind in ("actors", "frameworks", "summits", "stances", "votes", "articles",
                                         "memberships", "matrix")],
    *[f"/api/v1/{kind}/" for kind in ("actors", "frameworks", "summits", "stances", "votes", "articles",
                                       "memberships")],
    "/feeds/changes.atom",
]  # fmt: skip

NAMES = [
    "as_of", "page", "page_size", "weeks", "date_from", "date_to", "year", "actor", "actors", "framework",
    "kind", "status", "position", "act", "source_kind", "current", "member_of", "set", "q", "slug", "code",
    "binding", "body", "excel", "active_on", "region", "series", "host", "adopted_without_vote", "knd",
]  # fmt: skip

TRICKY = [
    "", " ", "%20", "0001-01-01", "9999-12-31", "9999-12-30", "9999", "0000", "2025-02-30", "2025-13",
    "1899-12-31", "2200-01-01", "²", "٣", "1" * 5000, "-1", "0", "1e9", "true", "maybe", "\x00", "\x7f", "%",
    "%(message)s", "'; DROP TABLE x; --", "CHN,USA", "waico", "G20", "all", "primary", "signed", "abstains",
]  # fmt: skip

values = st.one_of(st.sampled_from(TRICKY), st.text(max_size=40), st.dates().map(str), st.integers().map(str))


@target(
    "query_parameters",
    st.tuples(st.sampled_from(PAGES), st.dictionaries(st.sampled_from(NAMES), values, max_size=4)),
    weight=1.5,
    setup=lambda request: (request.getfixturevalue("dashboard_world"), request.getfixturevalue("client"))[1],
)
def query_parameters(case, client):
    """Any query parameter of a page, chart, export or API list: 200, 400 or 404, never a 500."""
    path, params = case
    response = client.get(path, params)
    if response.streaming:
        b"".join(response.streaming_content)
    # 429: the anonymous API throttle, doing its job under a fuzzer's rate of requests.
    assert response.status_code in (200, 400, 404, 429), (path, params, response.status_code)
