"""Settings are read from the environment; production refuses insecure defaults."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    """Import the settings in a fresh interpreter with exactly this environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"}
    }
    clean.update(env)
    code = (
        "import governance.settings as s, json; print(json.dumps({'debug': s.DEBUG, "
        "'engine': s.DATABASES['default']['ENGINE'], 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
        "'cache': s.CACHES['default']['BACKEND'], 'hosts': s.ALLOWED_HOSTS, 'broker': s.CELERY_BROKER_URL}))"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_it_refuses_to_start_with_debug_off_and_no_secret_key():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_it_refuses_a_debug_value_it_cannot_read():
    result = load_settings(DEBUG="maybe", SECRET_KEY="x")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_the_embedded_default_is_sqlite_with_tasks_in_process():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.sqlite3"' in result.stdout
    assert '"eager": true' in result.stdout
    assert "LocMemCache" in result.stdout


def test_redis_url_switches_on_the_broker_and_the_cache():
    result = load_settings(
        SECRET_KEY="x",
        REDIS_URL="redis://127.0.0.1:6379/9",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        ALLOWED_HOSTS="tracker.example",
    )
    assert result.returncode == 0, result.stderr
    assert '"eager": false' in result.stdout
    assert "RedisCache" in result.stdout
    assert '"broker": "redis://127.0.0.1:6379/9"' in result.stdout
    assert "postgresql" in result.stdout
    assert '"hosts": ["tracker.example"]' in result.stdout


def test_production_settings_pass_the_deploy_check():
    # Only what production sets: the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak in.
    left_out = {"DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in left_out}
    env.update(
        DEBUG="0",
        SECRET_KEY="a-long-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="tracker.example",
        SECURE_SSL_REDIRECT="1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
