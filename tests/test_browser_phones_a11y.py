"""The dashboard on a phone and to assistive technology, in Debian's Chromium.

On the starter data at 390 px (a phone) no main page is wider than the screen, and axe-core (npm's
axe-core, copied to tests/vendor/axe.min.js by scripts/vendor_axe.sh) finds no serious or critical
violation on the main pages at phone and desktop widths. On the small dashboard world: the
navigation collapses behind a button, charts drop the modebar and put their key under the plot and
short names on the y axis, and long tables scroll inside their own box with the first column held.
"""

import time
from pathlib import Path

import pytest

from tests.chromium import pytestmark  # noqa: F401  (read by pytest)
from tests.dashboard_world import build_world

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE, DESKTOP = 390, 1280


@pytest.fixture
def starter_pages(live_server):
    """The main pages, on the starter data: what an analyst sees after `make run`."""
    from initiatives.models import Article
    from initiatives.starter_data import load_starter_data

    load_starter_data()
    article = Article.objects.order_by("pk").first()
    return [
        "/",
        "/frameworks/",
        "/frameworks/coe-framework-convention-ai/",
        "/frameworks/unga-res-78-265/",
        "/actors/",
        "/actors/CHN/",
        "/actors/EU/",
        "/summits/",
        "/summits/ai-action-summit-2025/",
        "/articles/",
        f"/articles/{article.pk}/",
        "/compare/?actors=CHN,USA,EU",
        "/data/dictionary/",
        "/methodology/",
    ]


def wait_until(page, expression, timeout=20.0):
    """Poll from Python: page.wait_for_function compiles its predicate in the page, which our CSP forbids."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}; console errors: {page.errors}")
        page.wait_for_timeout(100)


def visit(page, url):
    """Open a page and draw every chart on it (they are drawn as they come near the screen)."""
    page.goto(url, wait_until="networkidle")
    for chart in page.locator("[data-figure]").all():
        chart.scroll_into_view_if_needed()
    wait_until(page, "Array.from(document.querySelectorAll('[data-figure]')).every(el => el.dataset.drawn)")
    page.evaluate("window.scrollTo(0, 0)")


# The elements that reach past the right edge of the screen, unless a box that scrolls holds them.
OVERFLOWING = """() => {
  const edge = document.documentElement.clientWidth;
  const inScrollingBox = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible' && p.getBoundingClientRect().right <= edge + 1) return true;
    }
    return false;
  };
  return Array.from(document.body.querySelectorAll('*'))
    .filter(el => el.getBoundingClientRect().right > edge + 1 && !inScrollingBox(el))
    .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
}"""


def test_no_main_page_is_wider_than_a_phone_screen(open_page, live_server, starter_pages):
    page = open_page(PHONE)
    too_wide = {}
    for url in starter_pages:
        visit(page, live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE:
            too_wide[url] = (width, page.evaluate(OVERFLOWING))
    assert too_wide == {}
    assert page.errors == []


def serious_violations(page):
    # Evaluated over the DevTools protocol: the page's own CSP allows no inline script.
    page.evaluate(AXE.read_text())
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        (violation["id"], node["target"], violation["help"])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_axe_finds_no_serious_or_critical_violation_on_the_main_pages(
    open_page, live_server, starter_pages, width
):
    page = open_page(width)
    found = {}
    for url in starter_pages:
        visit(page, live_server.url + url)
        if violations := serious_violations(page):
            found[url] = violations[:10]
    assert found == {}


def test_no_focusable_control_sits_inside_an_image(open_page, live_server):
    build_world()
    page = open_page(DESKTOP)
    for url in ["/", "/frameworks/cets-225/", "/actors/CHN/"]:
        visit(page, live_server.url + url)
        assert page.locator("[data-figure][data-drawn]").count() > 0, url
        inside_images = page.evaluate(
            "document.querySelectorAll('[role=img] a[href], [role=img] button, [role=img] input,"
            ' [role=img] [tabindex]:not([tabindex="-1"])\').length'
        )
        assert inside_images == 0, url


def test_links_in_running_text_are_underlined(open_page, live_server):
    build_world()
    page = open_page(DESKTOP)
    visit(page, live_server.url + "/frameworks/cets-225/")
    underline = "el => getComputedStyle(el).textDecorationLine"
    assert "underline" in page.locator("footer.site p a").first.evaluate(underline)
    assert "underline" in page.locator("main td a").first.evaluate(underline)
    assert "underline" not in page.locator("header.site nav a").first.evaluate(underline)


def test_on_a_phone_the_navigation_collapses_behind_a_menu_button(open_page, live_server):
    build_world()
    page = open_page(PHONE)
    visit(page, live_server.url + "/")
    menu, frameworks = (
        page.locator("button.nav-toggle"),
        page.locator("#site-nav-links a", has_text="Frameworks"),
    )
    assert menu.is_visible() and not frameworks.is_visible()
    menu.click()
    assert frameworks.is_visible() and menu.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert not frameworks.is_visible() and menu.get_attribute("aria-expanded") == "false"

    wide = open_page(DESKTOP)
    visit(wide, live_server.url + "/")
    assert not wide.locator("button.nav-toggle").is_visible()
    assert wide.locator("#site-nav-links a", has_text="Frameworks").is_visible()


def test_on_a_phone_charts_have_no_modebar_a_key_under_the_plot_and_short_labels(open_page, live_server):
    build_world()
    page = open_page(PHONE)
    visit(page, live_server.url + "/frameworks/cets-225/")
    assert page.locator("#map-cets-225 .modebar-btn").count() == 0
    key = page.locator(".plot-legend[data-for='map-cets-225']")
    assert key.is_visible()
    assert key.locator("li").first.inner_text() == "Proposes"
    assert "Signs" in key.inner_text()
    # The key lies under the map, not beside it.
    map_box, key_box = page.locator("#map-cets-225").bounding_box(), key.bounding_box()
    assert key_box["y"] >= map_box["y"] + map_box["height"] - 1
    assert page.evaluate("document.getElementById('map-cets-225')._fullData[1].showscale") is False

    visit(page, live_server.url + "/?set=EU")
    assert page.evaluate("document.getElementById('matrix-eu')._fullLayout.yaxis.ticktext") == ["FRA"]
    # Hover keeps the full names.
    assert page.evaluate("document.getElementById('matrix-eu').data[0].y") == ["France (FRA)"]

    wide = open_page(DESKTOP)
    visit(wide, live_server.url + "/frameworks/cets-225/")
    assert wide.locator("#map-cets-225 .modebar-btn").count() > 0
    assert wide.locator(".plot-legend").count() == 0
    assert wide.errors == [] and page.errors == []


def test_on_a_phone_a_long_table_scrolls_in_its_own_box_holding_its_first_column(open_page, live_server):
    build_world()
    page = open_page(PHONE)
    visit(page, live_server.url + "/frameworks/cets-225/")
    box = page.locator(".table-wrap:has(table.stances)").first
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    first_cell = box.locator("tbody tr th").first
    before = first_cell.bounding_box()["x"]
    box.evaluate("el => { el.scrollLeft = 200; }")
    assert box.evaluate("el => el.scrollLeft") > 0
    assert first_cell.bounding_box()["x"] == pytest.approx(before, abs=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE


def test_a_charts_data_table_that_scrolls_can_be_reached_by_keyboard_once_opened(open_page, live_server):
    build_world()
    page = open_page(PHONE)
    visit(page, live_server.url + "/frameworks/cets-225/")
    details = page.locator("details.chart-table").first
    box = details.locator(".table-wrap")
    assert box.get_attribute("tabindex") is None
    details.locator("summary").click()
    wait_until(
        page, "document.querySelector('details.chart-table[open] .table-wrap[tabindex=\"0\"]') !== null"
    )
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    assert box.get_attribute("role") == "region" and box.get_attribute("aria-label")
