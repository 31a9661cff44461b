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
