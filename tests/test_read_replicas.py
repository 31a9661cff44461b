"""Reads that scale out, against a real PostgreSQL streaming replica started on this machine.

A primary (initdb) and a streaming replica of it (pg_basebackup -R) run from a temporary folder on
ports of their own, as the postgres user when the tests run as root. (The replica is not cloned from
the machine's own PostgreSQL because its pg_hba.conf admits no replication connection; the primary
here is a fresh cluster of the same PostgreSQL that does.) A Django process with DATABASE_URL on the
primary and DATABASE_REPLICA_URLS on the replica then shows, with the replica's WAL replay paused so
that it visibly lags: an anonymous reader's page is read from the replica (a framework just written
on the primary is not there yet), a signed-in curator's page and every write use the primary, the
anonymous page catches up once replay resumes, and for REPLICA_LAG_SECONDS after a write the public
reads stay on the primary.
"""

import contextlib
import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def postgres_bindir() -> Path | None:
    """The server programs (initdb, pg_ctl, pg_basebackup): Debian keeps them off PATH, per version."""
    candidates = []
    if shutil.which("pg_config"):
        bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
        candidates.append(bindir)
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True
    )
    for candidate in candidates:
        if all(Path(candidate, name).exists() for name in ("initdb", "pg_ctl", "pg_basebackup", "postgres")):
            return Path(candidate)
    return None


BINDIR = postgres_bindir()
AS_ROOT = os.geteuid() == 0
if BINDIR is None:
    pytestmark = pytest.mark.skip(
        reason="replica test skipped: PostgreSQL's initdb, pg_ctl and pg_basebackup were not found "
        "(Debian: apt-get install postgresql; CI installs it)"
    )
elif AS_ROOT and not shutil.which("runuser"):
    pytestmark = pytest.mark.skip(
        reason="replica test skipped: running as root with no runuser to become postgres"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg(program: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    """Run a PostgreSQL program; as the postgres user under root (the server refuses to run as root)."""
    command = [str(BINDIR / program), *args]
    if AS_ROOT:
        command = ["runuser", "-u", "postgres", "--", *command]
    # From a folder the postgres user may enter (a CI checkout under /root may not be one).
    kwargs.setdefault("cwd", tempfile.gettempdir())
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)
    if result.returncode:
        raise AssertionError(f"{program} failed ({result.returncode}): {result.stdout}\n{result.stderr}")
    return result


def wait_for(connect_url: str, query: str = "SELECT 1", timeout: float = 30):
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(connect_url, connect_timeout=2) as conn:
                return conn.execute(query).fetchone()[0]
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class Cluster:
    def __init__(self, folder: Path, name: str):
        self.data, self.port, self.log = folder / name, free_port(), folder / f"{name}.log"
        self.folder = folder

    def url(self, database="postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def configure(self):
        # Later lines win: this cluster's own port and socket folder, and no fsync (a scratch cluster).
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.folder}'\nfsync = off\nhot_standby = on\n"
            )

    def start(self):
        pg("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self):
        with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
            pg("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")


def django_env(primary_url: str, replica_url: str | None = None) -> dict:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "replica-test-only-not-secret",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": primary_url,
        "STATIC_MANIFEST": "0",
        "DJANGO_SETTINGS_MODULE": "governance.settings",
    }
    env.pop("REDIS_URL", None)  # the in-process cache: the probe's own, nobody else's
    env.pop("DATABASE_REPLICA_URLS", None)
    if replica_url:
        env["DATABASE_REPLICA_URLS"] = replica_url
    return env


@pytest.fixture(scope="module")
def primary_and_replica():
    folder = Path(tempfile.mkdtemp(prefix="aigt-replica-test-"))
    if AS_ROOT:
        postgres = pwd.getpwnam("postgres")
        os.chown(folder, postgres.pw_uid, postgres.pw_gid)
    os.chmod(folder, 0o700)
    primary, replica = Cluster(folder, "primary"), Cluster(folder, "replica")
    try:
        pg(
            "initdb",
            "-D",
            str(primary.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        primary.configure()
        primary.start()
        wait_for(primary.url())
        import psycopg

        with psycopg.connect(primary.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE tracker")
        migrate = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=django_env(primary.url("tracker")),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert migrate.returncode == 0, migrate.stderr
        # The replica: a base backup of the primary that keeps streaming from it (-R writes
        # standby.signal and primary_conninfo), on a port of its own.
        pg(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "postgres",
            "-D",
            str(replica.data),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
            "--no-sync",
        )
        replica.configure()
        replica.start()
        assert wait_for(replica.url("tracker"), "SELECT pg_is_in_recovery()") is True
        yield primary.url("tracker"), replica.url("tracker")
    finally:
        replica.stop()
        primary.stop()
        shutil.rmtree(folder, ignore_errors=True)


# Runs in a Django process configured with the replica; prints what it saw as JSON.
PROBE = r"""
import json, sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connections, router
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from governance import db_router
from initiatives.models import Framework

seen = {"aliases": sorted(connections.settings)}
primary, replica = connections["default"], connections["replica_1"]

def get(client, path):
    with CaptureQueriesContext(primary) as on_primary, CaptureQueriesContext(replica) as on_replica:
        status = client.get(path).status_code
    return {"status": status, "primary_queries": len(on_primary), "replica_queries": len(on_replica)}

with replica.cursor() as cursor:
    cursor.execute("SELECT pg_is_in_recovery()")
    seen["replica_in_recovery"] = cursor.fetchone()[0]
    cursor.execute("SELECT pg_wal_replay_pause()")   # the replica stops applying the primary's changes

curator = get_user_model().objects.create_user("curator", password="pw", is_staff=True)
Framework.objects.create(slug="replica-probe", name="Replica probe framework", kind="declaration")
cache.delete(db_router.RECENT_WRITE_KEY)  # this part looks at routing alone; the lag guard comes last

anonymous, signed_in = Client(), Client()
signed_in.force_login(curator)
seen["anonymous_while_paused"] = get(anonymous, "/frameworks/replica-probe/")
seen["curator_while_paused"] = get(signed_in, "/frameworks/replica-probe/")
seen["anonymous_admin"] = get(anonymous, "/admin/login/")

token = db_router._replica_reads.set(True)   # as inside an anonymous reader's request
seen["in_a_public_request"] = {"read": router.db_for_read(Framework), "write": router.db_for_write(Framework)}
db_router._replica_reads.reset(token)
seen["outside_a_request"] = {"read": router.db_for_read(Framework)}

with replica.cursor() as cursor:
    cursor.execute("SELECT pg_wal_replay_resume()")
deadline = time.monotonic() + 20
while (result := get(anonymous, "/frameworks/replica-probe/"))["status"] != 200 and time.monotonic() < deadline:
    time.sleep(0.2)
seen["anonymous_after_replay"] = result

with override_settings(REPLICA_LAG_SECONDS=30):
    Framework.objects.filter(slug="replica-probe").get().save()
    seen["anonymous_just_after_a_write"] = get(anonymous, "/frameworks/replica-probe/")
print(json.dumps(seen))
"""


@pytest.fixture(scope="module")
def seen(primary_and_replica):
    primary_url, replica_url = primary_and_replica
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=django_env(primary_url, replica_url),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_replica_is_a_streaming_standby_of_the_primary(seen):
    assert seen["aliases"] == ["default", "replica_1"]
    assert seen["replica_in_recovery"] is True


def test_an_anonymous_readers_page_is_read_from_the_replica(seen):
    # Replay is paused: the framework written on the primary is not on the replica yet.
    page = seen["anonymous_while_paused"]
    assert page["status"] == 404 and page["primary_queries"] == 0 and page["replica_queries"] > 0


def test_a_signed_in_curator_reads_from_the_primary(seen):
    page = seen["curator_while_paused"]
    assert page["status"] == 200
    assert page["replica_queries"] == 0 and page["primary_queries"] > 0


def test_the_admin_and_every_write_use_the_primary(seen):
    assert seen["anonymous_admin"]["status"] == 200 and seen["anonymous_admin"]["replica_queries"] == 0
    assert seen["in_a_public_request"] == {"read": "replica_1", "write": "default"}
    assert seen["outside_a_request"] == {"read": "default"}


def test_the_public_page_catches_up_when_the_replica_replays_the_write(seen):
    page = seen["anonymous_after_replay"]
    assert page["status"] == 200 and page["primary_queries"] == 0 and page["replica_queries"] > 0


def test_public_reads_stay_on_the_primary_for_the_lag_allowance_after_a_write(seen):
    page = seen["anonymous_just_after_a_write"]
    assert page["status"] == 200 and page["replica_queries"] == 0 and page["primary_queries"] > 0
