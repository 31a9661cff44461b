"""Issue 12, item 5: the malformed requests that answered 500 answer a clear 400 (or a 200 where the
value is simply no filter), from one bounded reader of dates, numbers and pages (initiatives.params)."""

import pytest

pytestmark = pytest.mark.django_db

KINDS = ["actors", "frameworks", "summits", "stances", "votes", "articles", "memberships", "matrix"]
CHARTS = ["map.json?framework=waico", "support.json?framework=waico", "matrix.json", "actor-timeline.json?actor=USA",
          "alignment.json", "news.json"]  # fmt: skip

CASES = [
    # Dates at the ends of the calendar, where a day's or a month's step overflows.
    "/?as_of=0001-01-01",
    "/?as_of=9999-12-31",
    "/frameworks/waico/?as_of=9999-12-30",
    *[f"/charts/{chart}{'&' if '?' in chart else '?'}as_of=9999-12-31" for chart in CHARTS],
    *[f"/charts/{chart}{'&' if '?' in chart else '?'}as_of=0001-01-01" for chart in CHARTS],
    "/articles/?date_to=9999",
    "/articles/?date_from=0001",
    "/export/stances.csv?date_to=9999",
    "/api/v1/stances/?date_to=9999-12",
    # Numbers that are not ASCII digits, or far too long.
    "/frameworks/?page=%C2%B2",
    "/actors/?page=" + "9" * 5000,
    "/charts/news.json?weeks=%C2%B2",
    "/charts/news.json?weeks=" + "1" * 5000,
    "/api/v1/stances/?page=%C2%B2",
    "/api/v1/stances/?page_size=%D9%A3",
    "/summits/?year=%C2%B2",
]


@pytest.mark.parametrize("url", CASES)
def test_a_malformed_value_is_a_clear_400(client, dashboard_world, url):
    response = client.get(url)
    assert response.status_code == 400, url
    body = response.content.decode()
    assert "as_of" in body or "date" in body or "page" in body or "weeks" in body or "year" in body


@pytest.mark.parametrize("kind", KINDS)
def test_an_unstripped_blank_date_is_no_date(client, dashboard_world, kind):
    # "as_of=%20" is a blank: no date, the view of today, not a crash.
    response = client.get(f"/export/{kind}.csv?as_of=%20")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="{kind}-')
