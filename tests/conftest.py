"""Shared fixtures. Ingestion: a local web server and Celery run in-process."""

import pytest

from tests.httpserver import LocalWeb


@pytest.fixture
def web():
    """A fresh local web server on 127.0.0.1 for one test."""
    server = LocalWeb().start()
    yield server
    server.stop()


@pytest.fixture
def eager_celery():
    """Tasks run in-process even when REDIS_URL points at a real broker (only the worker test uses one)."""
    from governance.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture
def governance_world(db):
    """The actors, frameworks and aliases the ingestion texts name (independent of the starter data)."""
    from initiatives.choices import AliasKind
    from initiatives.models import Alias
    from tests.factories import make_actor, make_framework

    chn = make_actor(code="CHN", name="China")
    gbr = make_actor(code="GBR", name="United Kingdom")
    usa = make_actor(code="USA", name="United States")
    waico = make_framework(slug="waico", name="World AI Cooperation Organization", short_name="WAICO")
    cets = make_framework(
        slug="cets-225", name="Framework Convention on Artificial Intelligence", short_name="CETS 225"
    )
    Alias.objects.create(text="Beijing", kind=AliasKind.CAPITAL, actor=chn)
    Alias.objects.create(text="Chinese", kind=AliasKind.DEMONYM, actor=chn)
    Alias.objects.create(text="Britain", kind=AliasKind.NAME, actor=gbr)
    Alias.objects.create(text="WAICO", kind=AliasKind.ABBREVIATION, framework=waico)
    Alias.objects.create(text="World Artificial Intelligence Cooperation Organization", framework=waico)
    Alias.objects.create(text="Council of Europe AI convention", kind=AliasKind.PARAPHRASE, framework=cets)
    return {"CHN": chn, "GBR": gbr, "USA": usa, "waico": waico, "cets": cets}


@pytest.fixture
def fresh_alias_index():
    """A fresh alias index for tests whose aliases differ from test to test."""
    from initiatives.ingest import alias_index

    alias_index.clear_cache()  # built again, on first use, from this test's aliases


def pytest_terminal_summary(terminalreporter):
    """After a run with fuzz targets in it (tests/test_fuzz.py, make fuzz): how many inputs, and any crash."""
    from tests.fuzz import RUN

    for line in RUN.summary():
        terminalreporter.write_line(line)


@pytest.fixture
def dashboard_world(db):
    """A small world of actors, frameworks, summits, stances and articles for the dashboard's pages."""
    from tests.dashboard_world import build_world

    return build_world()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright, one per test module (tests/chromium.py skips without it)."""
    from tests.chromium import launch, sync_api

    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """open_page(width) -> a page of that width that records console and page errors."""
    contexts = []

    def open_page(width):
        context = browser.new_context(viewport={"width": width, "height": 850})
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
