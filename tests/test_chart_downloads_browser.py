"""Charts downloaded as images in Debian's Chromium: PNG and SVG drawn by plotly.js (the project's partial
bundle) with the chart's title, a source line and the date of the view written into the image."""

from html import unescape
from pathlib import Path

import pytest

from initiatives import release
from tests.chromium import pytestmark  # noqa: F401  (read by pytest)
from tests.dashboard_world import build_world
from tests.test_browser_phones_a11y import wait_until


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def drawn(page, url):
    page.goto(url, wait_until="networkidle")
    for chart in page.locator("[data-figure]").all():
        chart.scroll_into_view_if_needed()
    wait_until(page, "Array.from(document.querySelectorAll('[data-figure]')).every(el => el.dataset.drawn)")


def download(page, chart_id, kind) -> tuple[str, bytes]:
    tools = page.locator(f".chart-tools[data-for='{chart_id}']")
    with page.expect_download() as info:
        tools.locator(f"button[data-download='{kind}']").click()
    found = info.value
    return found.suggested_filename, Path(found.path()).read_bytes()


@pytest.mark.parametrize("chart_id", ["support-cets-225", "map-cets-225"])
def test_a_chart_downloads_as_png_and_as_svg_with_its_title_source_and_date(page, live_server, chart_id):
    build_world()
    drawn(page, live_server.url + "/frameworks/cets-225/?as_of=2025-06-01")
    title = page.locator(f".chart-tools[data-for='{chart_id}']").get_attribute("data-title")

    name, png = download(page, chart_id, "png")
    assert name == f"{chart_id}-2025-06-01.png"
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000

    name, svg = download(page, chart_id, "svg")
    assert name == f"{chart_id}-2025-06-01.svg"
    text = unescape(svg.decode())
    assert text.lstrip().startswith("<svg")
    assert title in text
    source = (
        f"Source: AI Governance Tracker, {live_server.url}/frameworks/cets-225/?as_of=2025-06-01"
        f" · data release {release.DATA_RELEASE} · as of 2025-06-01"
    )
    assert source in text
    assert page.errors == []


def test_the_citation_gets_a_copy_button_with_script(page, live_server):
    build_world()
    page.goto(live_server.url + "/summits/waic-2025/", wait_until="networkidle")
    line = page.locator("#cite-text").text_content()
    assert f"{live_server.url}/summits/waic-2025/ (accessed" in line, "the reader's own origin"
    button = page.locator("button.copy-cite")
    assert button.is_visible()
    button.click()
    wait_until(page, "document.querySelector('.cite-box .copy-status').textContent.length > 0")
    status = page.locator(".cite-box .copy-status").text_content()
    # Headless Chromium may refuse the clipboard: the line is then selected for the reader to copy.
    if status.startswith("Selected"):
        assert page.evaluate("window.getSelection().toString()").startswith("AI Governance Tracker")
    else:
        assert status == "Copied."
