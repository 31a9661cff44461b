"""`manage.py check --deploy` prints no warning with the production settings the project documents:
the README's (DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL) and docker-compose.yml's
defaults, read from the file itself."""

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# Only what a machine has, not what this test run set for itself (tests/environment.py).
MACHINE = {
    k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH"}
}
SECRET = "a-long-production-secret-" + "x" * 40


def deploy_check(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**MACHINE, **env},
        capture_output=True,
        text=True,
    )


def compose_environment() -> dict:
    """The app's environment in docker-compose.yml, with each ${VAR:-default} at its default."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    required = {"SECRET_KEY": SECRET, "POSTGRES_PASSWORD": "change-me"}

    def substitute(value: str) -> str:
        def one(match):
            name, operator, word = match.group(1), match.group(2) or "", match.group(3) or ""
            if operator == ":?":
                return required[name]
            return word if operator == ":-" else ""

        return re.sub(r"\$\{(\w+)(:-|:\?)?([^}]*)\}", one, str(value))

    return {name: substitute(value) for name, value in compose["x-app"]["environment"].items()}


def test_the_readme_production_settings_pass_the_deploy_check_without_a_warning():
    result = deploy_check(
        {
            "DEBUG": "0",
            "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": "tracker.example",
            "DATABASE_URL": "postgres://tracker:pw@127.0.0.1:5432/tracker",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "WARNING" not in result.stdout + result.stderr and "security.W" not in result.stdout + result.stderr
    )


def test_the_docker_compose_defaults_pass_the_deploy_check_without_a_warning():
    env = compose_environment()
    assert env["DEBUG"] == "0"
    result = deploy_check(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "security.W" not in result.stdout + result.stderr


def test_the_health_check_stays_reachable_over_plain_http_in_production():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_SSL_REDIRECT, s.SECURE_REDIRECT_EXEMPT]))"
    )
    env = {**MACHINE, **compose_environment(), "DJANGO_SETTINGS_MODULE": "governance.settings"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    redirect, exempt = yaml.safe_load(result.stdout)
    assert redirect is True
    assert any(re.match(pattern, "healthz") for pattern in exempt), (
        "compose's healthcheck polls http://.../healthz"
    )
