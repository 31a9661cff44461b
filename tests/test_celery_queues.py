"""Fetching and analysis go to separate Celery queues, so that each scales with its own workers."""

import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from governance.celery import ANALYSIS_QUEUE, FETCH_QUEUE, app


def queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def test_network_bound_tasks_go_to_the_fetch_queue():
    for task in ("poll_due_feeds", "poll_feed", "fetch_article"):
        assert queue_of(f"initiatives.tasks.{task}") == FETCH_QUEUE, task


def test_the_analysis_goes_to_its_own_queue():
    assert queue_of("initiatives.tasks.analyse_article") == ANALYSIS_QUEUE


def test_every_task_of_the_tracker_is_routed():
    app.loader.import_default_modules()
    ours = {name for name in app.tasks if name.startswith("initiatives.")}
    assert ours and ours <= set(app.conf.task_routes)


def test_a_worker_started_without_a_queue_consumes_them_all():
    assert {FETCH_QUEUE, ANALYSIS_QUEUE} <= {queue.name for queue in app.conf.task_queues}


def compose() -> dict:
    return yaml.safe_load(Path(settings.BASE_DIR, "docker-compose.yml").read_text())


def test_compose_runs_one_scalable_worker_service_per_queue():
    services = compose()["services"]
    consumed = {}
    for name, service in services.items():
        command = service.get("command") or []
        if "worker" in command and "celery" in command:
            queues = command[command.index("-Q") + 1].split(",")
            consumed.update(dict.fromkeys(queues, name))
            assert "container_name" not in service, f"{name} must be scalable (--scale {name}=N)"
    assert consumed.get(FETCH_QUEUE) and consumed.get(ANALYSIS_QUEUE)
    assert consumed[FETCH_QUEUE] != consumed[ANALYSIS_QUEUE]


@pytest.mark.skipif(
    not Path("/usr/bin/docker-compose").exists(), reason="docker-compose is not installed (CI installs it)"
)
def test_the_compose_file_is_valid():
    result = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config", "-q"],
        cwd=settings.BASE_DIR,
        env={"SECRET_KEY": "compose-check", "POSTGRES_PASSWORD": "compose-check", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_the_pages_rendered_after_a_publish_go_to_a_queue_a_compose_worker_consumes():
    queue = queue_of("initiatives.tasks.render_pages")
    consumed = set()
    for service in compose()["services"].values():
        command = service.get("command") or []
        if "worker" in command and "-Q" in command:
            consumed.update(command[command.index("-Q") + 1].split(","))
    assert queue in consumed and queue != ANALYSIS_QUEUE
