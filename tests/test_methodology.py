"""The method to cite: /methodology/, the data version in every footer, the "cite this" box and the
zip's VERSION.txt (issue 14, item 6)."""

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.html import escape

from initiatives import caching, release
from initiatives.choices import ACT_POSITION, Act, Position, StanceStatus
from initiatives.models import Stance
from initiatives.views.methodology import ACT_MEANING, POSITION_MEANING, released_figures
from tests.factories import make_stance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def cite_line(html: str) -> str:
    """The citation as a reader selects it: the text of the line, without its markup."""
    line = re.search(r'<p class="cite-text" id="cite-text">(.*?)</p>', html, re.S).group(1)
    return re.sub(r"<[^>]+>", "", line)


def charts_in(html: str) -> list[str]:
    return re.findall(r'<figure class="chart".*?</figure>', html, re.S)


def test_every_act_and_position_has_its_meaning_written():
    assert set(ACT_MEANING) == set(Act)
    assert set(POSITION_MEANING) == set(Position)


def test_the_page_lists_every_act_under_the_position_it_takes(client):
    response = client.get("/methodology/")
    assert response.status_code == 200
    html = response.content.decode()
    rows = {row["position"]: [item["act"] for item in row["acts"]] for row in response.context["rows"]}
    for act, position in ACT_POSITION.items():
        assert act in rows[position]
        assert f'id="act-{act.value}"' in html
    for position in Position:
        assert f'id="position-{position.value}"' in html
        assert position.label in html
    for act in Act:
        assert act.label in html


def test_it_says_what_supports_means_for_a_un_resolution(client):
    html = client.get("/methodology/").content.decode()
    section = html[html.index('id="un-resolutions"') :]
    section = section[: section.index("</section>")]
    for words in ("Co-sponsored", "Voted for", "Voted against", "Abstained", "adopted without a vote"):
        assert words in section
    # The consensus adoptions named are the ledger's own.
    for symbol in released_figures()["consensus"]:
        assert symbol in section


def test_its_gaps_and_cadence_come_from_the_data_files_and_settings(client, settings):
    html = client.get("/methodology/").content.decode()
    figures = released_figures()
    ledger = Path(__file__).resolve().parent.parent / "initiatives" / "data" / "ledger"
    positions = json.loads((ledger / "positions.json").read_text())["positions"]
    votes = json.loads((ledger / "votes.json").read_text())["votes"]
    assert figures["positions"] == len(positions) > 500
    assert figures["complete_roll_calls"] == sum(1 for v in votes if v.get("roll_call_complete")) >= 6
    assert f"of the {len(positions):,} positions" in html or f"of the {len(positions)} positions" in html
    for item in figures["not_recorded"]:
        assert escape(item["item"]) in html and escape(item["reason"]) in html
    assert "Afghanistan, Dominica, São Tomé and Príncipe and Turkmenistan" in html
    tick = settings.CELERY_BEAT_SCHEDULE["poll-due-feeds"]["schedule"]
    assert f"every {int(tick)} seconds" in html
    assert f"after {settings.FEED_MAX_FAILURES} consecutive failures" in html


def test_the_release_notes_begin_with_the_current_release():
    first = next(line for line in release.release_notes().splitlines() if line.startswith("## "))
    assert first.startswith(f"## {release.DATA_RELEASE} ")
    assert f"{release.DATA_RELEASE_DATE:%-d %B %Y}" in first


def test_every_chart_on_the_home_and_framework_pages_links_to_the_methodology(client, dashboard_world):
    for url in [
        "/",
        "/frameworks/waico/",
        "/frameworks/cets-225/",
        "/actors/CHN/",
        "/compare/?actors=CHN,USA",
    ]:
        html = client.get(url).content.decode()
        figures = charts_in(html)
        assert figures, url
        for figure in figures:
            assert 'href="/methodology/#positions"' in figure, (url, figure[:200])
        assert "{#" not in html and "{%" not in html, "a template comment or tag shown as text"


def test_the_footer_gives_the_methodology_and_the_data_version_on_every_page(client, dashboard_world):
    latest = Stance.objects.filter(status=StanceStatus.PUBLISHED).latest("updated_at").updated_at
    day = timezone.localdate(latest)
    for url in [
        "/",
        "/frameworks/",
        "/frameworks/waico/",
        "/actors/CHN/",
        "/summits/waic-2025/",
        "/methodology/",
    ]:
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site">') :]
        assert 'href="/methodology/"' in footer, url
        assert f"Data release {release.DATA_RELEASE}" in footer, url
        assert f"positions last changed {day:%-d %B %Y}" in footer, url
        assert f'data-last-change="{day.isoformat()}"' in footer, url


def test_the_data_version_adds_no_query_to_a_warm_page(
    client, dashboard_world, django_assert_max_num_queries
):
    client.get("/methodology/")  # reads the last change once, into the cache
    with django_assert_max_num_queries(0):
        response = client.get("/methodology/")
    assert f"Data release {release.DATA_RELEASE}" in response.content.decode()


def test_a_publish_moves_the_last_change_date(client, dashboard_world):
    Stance.objects.update(updated_at=timezone.make_aware(dt.datetime(2025, 1, 2, 12)))
    caching.bump(caching.AGGREGATES)  # a bulk update sends no signal
    assert "positions last changed 2 January 2025" in client.get("/methodology/").content.decode()
    stance = make_stance(
        actor=dashboard_world["fra"],
        framework=dashboard_world["waico"],
        act=Act.STATED_SUPPORT,
        date=dt.date(2025, 12, 1),
        status=StanceStatus.PENDING,
    )
    assert "positions last changed 2 January 2025" in client.get("/methodology/").content.decode(), (
        "a pending suggestion is no published change"
    )
    stance.status = StanceStatus.PUBLISHED
    stance.save()
    today = timezone.localdate()
    assert f"positions last changed {today:%-d %B %Y}" in client.get("/methodology/").content.decode()


@pytest.mark.parametrize(
    "url, title",
    [
        ("/frameworks/waico/", "World AI Cooperation Organization"),
        ("/actors/CHN/", "China"),
        ("/summits/waic-2025/", "World AI Conference 2025"),
    ],
)
def test_framework_actor_and_summit_pages_offer_a_citation_with_their_address_and_date(
    client, dashboard_world, url, title
):
    html = client.get(url).content.decode()
    box = html[html.index('class="panel cite-box"') :]
    box = box[: box.index("</aside>")]
    today = timezone.localdate()
    line = cite_line(box)
    assert f"http://testserver{url}" in line
    assert f"accessed {today:%-d %B %Y}" in line
    assert title in line and f"Data release {release.DATA_RELEASE}" in line
    # Without script the line is plain selectable text; the copy button waits for app.js.
    assert 'data-copy="cite-text" hidden' in box

    dated = client.get(url + "?as_of=2025-08-01").content.decode()
    line = cite_line(dated)
    assert f"http://testserver{url}?as_of=2025-08-01" in line
    assert "As of 1 August 2025." in line


def test_the_citation_carries_only_the_as_of_date_of_the_address(client, dashboard_world):
    html = client.get("/frameworks/waico/?source_kind=primary&as_of=2025-08-01").content.decode()
    line = cite_line(html)
    assert "http://testserver/frameworks/waico/?as_of=2025-08-01 " in line


def test_the_zip_carries_the_data_version_and_the_release_notes(client, dashboard_world):
    response = client.get("/data/download.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    version = archive.read("VERSION.txt").decode()
    latest = timezone.localdate(Stance.objects.published().latest("updated_at").updated_at)
    assert f"data_release: {release.DATA_RELEASE}\n" in version
    assert f"last_published_change: {latest.isoformat()}\n" in version
    assert archive.read("RELEASES.md").decode() == release.release_notes()
    assert "VERSION.txt" in archive.read("README.txt").decode()
