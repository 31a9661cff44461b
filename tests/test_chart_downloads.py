"""Every chart as the CSV of exactly its data: /charts/<name>.csv beside /charts/<name>.json, linked
under each chart on the pages (issue 14, item 6)."""

import csv
import io
import json
import re
from html import unescape

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


CHARTS = [
    "/charts/map.{}?framework=waico",
    "/charts/support.{}?framework=cets-225",
    "/charts/matrix.{}?set=G20",
    "/charts/matrix.{}?set=EU",
    "/charts/matrix.{}?set=all&as_of=2025-01-01",
    "/charts/actor-timeline.{}?actor=CHN",
    "/charts/alignment.{}?actors=CHN,USA,FRA",
    "/charts/alignment.{}?set=G20",
    "/charts/news.{}",
    "/charts/news.{}?framework=waico&weeks=4",
]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def as_text(rows) -> list[list[str]]:
    return [["" if cell is None else str(cell) for cell in row] for row in rows]


@pytest.mark.parametrize("template", CHARTS)
def test_a_charts_csv_holds_exactly_the_rows_of_its_json(client, dashboard_world, template):
    chart = json.loads(client.get(template.format("json")).content)
    rows = csv_rows(client.get(template.format("csv")))
    assert rows[0] == chart["headers"]
    assert rows[1:] == as_text(chart["rows"])


def test_the_csv_is_named_for_its_chart_and_day(client, dashboard_world):
    response = client.get("/charts/map.csv?framework=waico&as_of=2025-08-01")
    assert response["Content-Disposition"] == 'attachment; filename="map-waico-2025-08-01.csv"'


def test_a_bloc_pages_members_matrix_has_its_csv_too(client, dashboard_world):
    from tests.factories import make_organisation

    world = dashboard_world
    make_organisation(code="G7", name="Group of Seven", members=[world["usa"], world["fra"], world["deu"]])
    figures = figures_with_csv(client.get("/actors/G7/").content.decode())
    urls = [csv_url for _figure, csv_url in figures]
    assert "/charts/matrix.csv?set=G7" in urls
    figure = figures[urls.index("/charts/matrix.csv?set=G7")][0]
    rows = csv_rows(client.get("/charts/matrix.csv?set=G7"))
    assert {row[0] for row in rows[1:]} == {"United States (USA)", "France (FRA)"}
    assert rows[1:] == table_rows(figure)
    assert client.get("/charts/matrix.json?set=G7").status_code == 200
    # A state's code is no set: only blocs have members to draw.
    assert client.get("/charts/matrix.csv?set=USA").status_code == 400


@pytest.mark.parametrize(
    "url, status, words",
    [
        ("/charts/matrix.csv?set=NOPE", 400, "Unknown actor set"),
        ("/charts/map.csv", 400, "framework"),
        ("/charts/map.csv?framework=waico&colour=red", 400, "colour"),
        ("/charts/map.csv?framework=waico&as_of=2025-13-01", 400, "as_of"),
        ("/charts/nothing.csv", 404, ""),
    ],
)
def test_bad_chart_parameters_are_a_400_not_a_500(client, dashboard_world, url, status, words):
    response = client.get(url)
    assert response.status_code == status
    assert words in response.content.decode()


def test_a_pending_suggestion_is_in_no_chart_csv(client, dashboard_world):
    from initiatives.choices import Position, StanceStatus
    from tests.factories import make_stance

    make_stance(
        actor=dashboard_world["fra"],
        framework=dashboard_world["waico"],
        position=Position.SUPPORTS,
        status=StanceStatus.PENDING,
    )
    rows = csv_rows(client.get("/charts/map.csv?framework=waico"))
    assert not any("France" in row[0] for row in rows[1:])


def figures_with_csv(html: str) -> list[tuple[str, str]]:
    """(figure HTML, its CSV address) for every chart on a page."""
    found = []
    for figure in re.findall(r'<figure class="chart".*?</figure>', html, re.S):
        link = re.search(r'<a href="([^"]+\.csv[^"]*)" download>Data \(CSV\)</a>', figure)
        found.append((figure, unescape(link.group(1)) if link else None))
    return found


def table_rows(figure: str) -> list[list[str]]:
    body = re.search(r"<tbody>(.*?)</tbody>", figure, re.S).group(1)
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?set=all",
        "/frameworks/waico/",
        "/frameworks/cets-225/?as_of=2025-06-01",
        "/actors/CHN/",
        "/actors/G20/",
        "/compare/?actors=CHN,USA,FRA",
    ],
)
def test_every_chart_on_a_page_links_the_csv_of_the_table_it_shows(client, dashboard_world, url):
    figures = figures_with_csv(client.get(url).content.decode())
    assert figures, url
    for figure, csv_url in figures:
        if "chart-empty" in figure:
            continue
        assert csv_url, figure[:300]
        if "as_of=" in url:
            assert "as_of=2025-06-01" in csv_url
        rows = csv_rows(client.get(csv_url))
        assert rows[1:] == table_rows(figure), csv_url
