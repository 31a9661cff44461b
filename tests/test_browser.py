"""The dashboard in a real browser: Debian's Chromium driven by Playwright against the live test server.

Every page must load with no console error (CSP violations included) and no request leaving the
machine; the charts must be drawn by the local plotly.js, the map must draw its countries from the
local topology file, and the filters and the as_of date must change what the charts show.
"""

import socket
import time
import urllib.parse

import pytest

from tests.chromium import pytestmark  # noqa: F401  (read by pytest)
from tests.dashboard_world import build_world


class Watcher:
    """Records console errors, page errors and every request the page makes."""

    def __init__(self, page):
        self.errors, self.requests = [], []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", lambda request: self.requests.append(request.url))

    def outside(self, allowed_host):
        hosts = {urllib.parse.urlsplit(url).hostname for url in self.requests if not url.startswith("data:")}
        return sorted(hosts - {allowed_host})


@pytest.fixture
def world(live_server):
    return build_world()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.watcher = Watcher(page)
    yield page
    context.close()


def server_host(live_server):
    host = urllib.parse.urlsplit(live_server.url).hostname
    assert socket.gethostbyname(host) == "127.0.0.1"
    return host


def wait_until(page, expression, timeout=20.0):
    """Poll from Python: page.wait_for_function compiles its predicate in the page, which our CSP forbids."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}; console errors: {page.watcher.errors}")
        page.wait_for_timeout(100)


# A point of the screen inside an SVG path's fill, found on a grid over its bounding box.
POINT_INSIDE = """(selector) => {
  const path = document.querySelector(selector);
  const box = path.getBoundingClientRect();
  const toPath = path.getScreenCTM().inverse();
  for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {
    const x = box.left + box.width * i / 40, y = box.top + box.height * j / 40;
    if (path.isPointInFill(new DOMPoint(x, y).matrixTransform(toPath))) return [x, y];
  }
  return null;
}"""


def wait_for_charts(page):
    """Charts are drawn as they come near the screen: bring each one there, then wait for all."""
    for chart in page.locator("[data-figure]").all():
        chart.scroll_into_view_if_needed()
    wait_until(
        page,
        "Array.from(document.querySelectorAll('[data-figure]')).every(el => el.dataset.drawn === 'true')",
    )


def test_every_page_loads_with_no_console_error_and_no_request_leaving_the_machine(page, live_server, world):
    host = server_host(live_server)
    urls = [
        "/",
        "/frameworks/",
        "/frameworks/waico/",
        "/frameworks/cets-225/",
        "/actors/",
        "/actors/CHN/",
        "/actors/EU/",
        "/summits/",
        "/summits/waic-2025/",
        "/articles/",
        f"/articles/{world['article'].pk}/",
        "/compare/?actors=CHN,USA,EU",
        "/?as_of=2025-08-01",
    ]
    for url in urls:
        page.goto(live_server.url + url, wait_until="networkidle")
        wait_for_charts(page)
        assert page.watcher.errors == [], url
        assert page.watcher.outside(host) == [], url
    assert any(url.endswith("/static/vendor/plotly-dashboard.min.js") for url in page.watcher.requests)
    assert any(url.endswith("/static/vendor/topojson/world_110m.json") for url in page.watcher.requests)


def test_the_map_draws_the_worlds_countries(page, live_server, world):
    page.goto(live_server.url + "/frameworks/cets-225/", wait_until="networkidle")
    wait_for_charts(page)
    drawn = page.locator("#map-cets-225 .choroplethlocation").count()
    assert drawn > 100
    painted = page.evaluate("document.getElementById('map-cets-225').data[1].locations")
    assert painted == ["FRA", "USA"]
    # Hovering the United States names its position: the layer of positions answers, not the
    # blank world beneath it. Plotly picks hover targets from geometry, so point at the country.
    path = "#map-cets-225 .choroplethlayer > g:nth-child(2) path:nth-child(2)"
    page.locator(path).scroll_into_view_if_needed()
    page.mouse.move(*page.evaluate(POINT_INSIDE, path))
    wait_until(page, "document.querySelector('#map-cets-225 .hoverlayer').textContent !== ''")
    # Its position, its act and date, and who published the source.
    hover = page.evaluate("document.querySelector('#map-cets-225 .hoverlayer').textContent")
    assert hover.startswith("United States: Signs") and "5 Sep 2024" in hover and "Source:" in hover


def test_a_click_on_a_state_opens_its_page(page, live_server, world):
    page.goto(live_server.url + "/frameworks/cets-225/", wait_until="networkidle")
    wait_for_charts(page)
    path = "#map-cets-225 .choroplethlayer > g:nth-child(2) path:nth-child(2)"
    page.locator(path).scroll_into_view_if_needed()
    with page.expect_navigation():
        page.mouse.click(*page.evaluate(POINT_INSIDE, path))
    assert page.url.endswith("/actors/USA/")
    assert "United States" in page.inner_text("h1")


def test_states_too_small_for_the_shapes_are_drawn_as_dots(page, live_server, world):
    from tests.factories import make_actor, make_stance

    singapore = make_actor(code="SGP", name="Singapore")
    make_stance(actor=singapore, framework=world["cets"], position="signs")
    page.goto(live_server.url + "/frameworks/cets-225/", wait_until="networkidle")
    wait_for_charts(page)
    dots = page.evaluate("document.getElementById('map-cets-225').data[2]")
    assert dots["type"] == "scattergeo"
    at = dots["customdata"].index("/actors/SGP/")
    assert (round(dots["lon"][at]), round(dots["lat"][at])) == (104, 1)
    assert dots["marker"]["color"][at] != dots["marker"]["color"][dots["customdata"].index("/actors/AND/")]


def test_the_maps_months_can_be_stepped_from_the_keyboard(page, live_server, world):
    page.goto(live_server.url + "/frameworks/cets-225/", wait_until="networkidle")
    wait_for_charts(page)
    page.focus("#map-cets-225")
    page.keyboard.press("Home")
    wait_until(page, "document.getElementById('map-cets-225').data[1].locations.length < 2")
    page.keyboard.press("End")
    wait_until(page, "document.getElementById('map-cets-225').data[1].locations.length === 2")
    assert page.watcher.errors == []


def test_a_filter_changes_a_chart(page, live_server, world):
    page.goto(live_server.url + "/", wait_until="networkidle")
    wait_for_charts(page)
    g20_rows = page.evaluate("document.getElementById('matrix-g20').data[0].y")
    assert "China (CHN)" in g20_rows
    with page.expect_navigation():
        page.select_option("#set", "EU")
    wait_for_charts(page)
    eu_rows = page.evaluate("document.getElementById('matrix-eu').data[0].y")
    assert eu_rows == ["France (FRA)"]
    assert "set=EU" in page.url
    assert page.watcher.errors == []


def test_as_of_changes_the_map(page, live_server, world):
    page.goto(live_server.url + "/frameworks/cets-225/", wait_until="networkidle")
    wait_for_charts(page)
    page.fill("#as-of-date", "2025-02-15")
    with page.expect_navigation():
        page.click("form.as-of button")
    wait_for_charts(page)
    assert "as_of=2025-02-15" in page.url
    assert page.evaluate("document.getElementById('map-cets-225').data[1].locations") == ["USA"]
    assert "15 February 2025" in page.inner_text(".as-of-note")
    # The date travels with the links.
    assert page.get_attribute("a.brand", "href") == "/?as_of=2025-02-15"
    assert page.watcher.errors == []


def test_the_map_slider_steps_back_in_time(page, live_server, world):
    page.goto(live_server.url + "/frameworks/cets-225/", wait_until="networkidle")
    wait_for_charts(page)
    page.evaluate(
        "Plotly.animate('map-cets-225', ['2024-09-05'], {mode: 'immediate', frame: {duration: 0, redraw: true}})"
    )
    wait_until(page, "document.getElementById('map-cets-225').data[1].locations.length === 1")
    assert page.evaluate("document.getElementById('map-cets-225').data[1].locations") == ["USA"]


def test_a_table_sorts_when_its_header_is_clicked(page, live_server, world):
    page.goto(live_server.url + "/actors/", wait_until="networkidle")
    first = page.locator("table.sortable tbody tr th a").first.inner_text()
    page.click("table.sortable thead th:first-child")
    page.click("table.sortable thead th:first-child")
    assert page.get_attribute("table.sortable thead th:first-child", "aria-sort") == "descending"
    assert page.locator("table.sortable tbody tr th a").first.inner_text() != first
