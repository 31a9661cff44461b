"""Issue 14, item 1, in Debian's Chromium: the header's search box on a phone, and the results page
no wider than the screen and without a serious accessibility violation (axe-core)."""

import datetime as dt

import pytest

from tests.chromium import pytestmark  # noqa: F401  (read by pytest)
from tests.test_browser_phones_a11y import DESKTOP, OVERFLOWING, PHONE, serious_violations


@pytest.fixture
def shanghai(live_server):
    from tests.factories import make_actor, make_article, make_framework, make_stance, make_summit

    china = make_actor(code="CHN", name="China")
    waico = make_framework(
        slug="waico",
        name="World Artificial Intelligence Cooperation Organization",
        headquarters="Shanghai (proposed)",
        summary="A body proposed by China for global cooperation on AI, with a very long summary " * 4,
    )
    make_summit(
        slug="waic-2025", name="2025 World AI Conference", city="Shanghai", start_date=dt.date(2025, 7, 26)
    )
    source = make_article(title="Premier Li at WAIC in Shanghai", text="Li Qiang spoke in Shanghai.")
    make_stance(actor=china, framework=waico, source=source, evidence="Proposed at WAIC 2025 in Shanghai.")


def test_on_a_phone_the_header_searches_and_the_results_fit_the_screen(open_page, live_server, shanghai):
    page = open_page(PHONE)
    page.goto(live_server.url + "/", wait_until="networkidle")
    box = page.get_by_label("Search frameworks, actors, summits, evidence and articles")
    assert box.is_visible()  # in view without opening the menu
    box.fill("Shanghai")
    box.press("Enter")
    page.wait_for_url("**/search/?q=Shanghai")
    assert page.locator("ol.search-hits mark").count() >= 4
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE, page.evaluate(OVERFLOWING)
    assert serious_violations(page) == []
    assert page.errors == []


def test_on_a_desktop_the_results_page_has_no_serious_violation(open_page, live_server, shanghai):
    page = open_page(DESKTOP)
    page.goto(live_server.url + "/search/?q=Shanghai", wait_until="networkidle")
    assert page.get_by_role("heading", name="Frameworks").is_visible()
    assert serious_violations(page) == []
