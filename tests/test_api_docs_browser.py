"""The API docs page and the data dictionary in Debian's Chromium: drawn offline, no CSP errors."""

import urllib.parse

import pytest

from tests.chromium import launch, pytestmark, sync_api  # noqa: F401  (pytestmark: read by pytest)


@pytest.fixture
def page(live_server):
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.errors, page.requests = [], []
        page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("request", lambda request: page.requests.append(request.url))
        yield page
        browser.close()


def hosts(urls):
    return {urllib.parse.urlsplit(url).hostname for url in urls if not url.startswith("data:")}


def test_the_swagger_ui_draws_every_operation_from_local_files(page, live_server):
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock", timeout=20_000)
    operations = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/stances/" in [text.replace("\u200b", "") for text in operations]
    assert page.errors == []
    assert hosts(page.requests) == {urllib.parse.urlsplit(live_server.url).hostname}


def test_the_data_dictionary_loads_cleanly(page, live_server):
    page.goto(f"{live_server.url}/data/dictionary/")
    assert page.locator("section#stances table tbody tr").count() > 10
    assert page.errors == []
