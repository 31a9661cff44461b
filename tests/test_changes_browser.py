"""/changes/, an actor's whole record and /compare/'s picker in Chromium, on the starter data: no page is
wider than a phone, axe finds no serious or critical violation, and the pickers work without JavaScript."""

import pytest

from tests.chromium import pytestmark  # noqa: F401  (read by pytest)
from tests.test_browser_phones_a11y import DESKTOP, OVERFLOWING, PHONE, serious_violations, visit

PAGES = [
    "/changes/?from=2025-01-01&to=2025-12-31",
    "/changes/?from=2025&to=2025&actor=CHN",
    "/actors/CHN/",
    "/actors/EU/",
    "/compare/?actors=CHN,USA,EU&only_differences=1",
]


@pytest.fixture
def starter(live_server):
    from initiatives.starter_data import load_starter_data

    load_starter_data()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_pages_fit_a_phone_and_axe_finds_no_serious_violation(open_page, live_server, starter, width):
    page = open_page(width)
    too_wide, found = {}, {}
    for url in PAGES:
        visit(page, live_server.url + url)
        if page.evaluate("document.documentElement.scrollWidth") > width:
            too_wide[url] = page.evaluate(OVERFLOWING)
        if violations := serious_violations(page):
            found[url] = violations[:10]
    assert too_wide == {}
    assert found == {}
    assert page.errors == []


def test_an_analyst_picks_an_actor_to_compare_by_name_without_javascript(browser, live_server, starter):
    context = browser.new_context(viewport={"width": PHONE, "height": 850}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/actors/CHN/")
    page.select_option("#compare-with", label="United States")
    page.check("form.compare-with input[name=only_differences]")
    page.click("form.compare-with button[type=submit]")
    assert "/compare/?" in page.url and "actors=CHN" in page.url and "actors=USA" in page.url
    assert page.locator("h1").inner_text() == "Compare actors: CHN, USA"
    assert "only where they differ" in page.locator("h2").first.inner_text()
    page.select_option("#c-add", label="France")
    page.click("form.filters button[type=submit]")
    assert page.locator("h1").inner_text() == "Compare actors: FRA, CHN, USA"
    context.close()
