"""After `make setup`, manage.py works with nothing exported: the development settings live in .env."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_VARIABLES = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "ENV_FILE"}


def bare_environment(**env):
    """This process's environment without any setting the project reads, plus `env`."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    clean.update(env)
    return clean


def run_python(args, **env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=bare_environment(**env), capture_output=True, text=True
    )


def settings_read(**env):
    code = (
        "import governance.settings as s, json; "
        "print(json.dumps({'debug': s.DEBUG, 'key': s.SECRET_KEY, 'env_file': str(s.ENV_FILE)}))"
    )
    result = run_python(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_manage_py_check_passes_with_only_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# written by make setup\nDEBUG=1\nSECRET_KEY=a-development-key-from-the-file\n")
    result = run_python(["manage.py", "check"], ENV_FILE=str(env_file))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_the_file_manage_py_still_refuses_to_start_insecurely(tmp_path):
    result = run_python(["manage.py", "check"], ENV_FILE=str(tmp_path / "absent.env"))
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert "make setup" in result.stderr


def test_the_environment_wins_over_the_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text('DEBUG=1\nexport SECRET_KEY="from-the-file"\n')
    assert settings_read(ENV_FILE=str(env_file)) | {"env_file": ""} == {
        "debug": True,
        "key": "from-the-file",
        "env_file": "",
    }
    overridden = settings_read(ENV_FILE=str(env_file), DEBUG="0", SECRET_KEY="from-the-environment")
    assert overridden["debug"] is False
    assert overridden["key"] == "from-the-environment"


def test_the_default_file_is_dot_env_in_the_project_folder():
    code = "import governance.settings as s; print(s.ENV_FILE)"
    result = run_python(["-c", code], DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(ROOT / ".env")


def test_a_line_it_cannot_read_is_named(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=1\nthis is not a setting\n")
    result = run_python(["manage.py", "check"], ENV_FILE=str(env_file))
    assert result.returncode != 0
    assert "line 2: expected NAME=value" in result.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_writes_the_env_file_once_and_never_overwrites_it(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    make = ["make", "--no-print-directory", "-C", str(tmp_path), f"PYTHON={sys.executable}", ".env"]
    written = subprocess.run(make, capture_output=True, text=True)
    assert written.returncode == 0, written.stderr
    text = (tmp_path / ".env").read_text()
    assert "DEBUG=1" in text.splitlines()
    key = next(line for line in text.splitlines() if line.startswith("SECRET_KEY="))
    assert len(key.removeprefix("SECRET_KEY=")) >= 50

    (tmp_path / ".env").write_text("DEBUG=1\nSECRET_KEY=my-own-edit\n")
    again = subprocess.run(make, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / ".env").read_text() == "DEBUG=1\nSECRET_KEY=my-own-edit\n"

    # Two checkouts get two different keys.
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(ROOT / "Makefile", other / "Makefile")
    subprocess.run([*make[:3], str(other), *make[4:]], check=True, capture_output=True)
    assert key not in (other / ".env").read_text()
