"""The dashboard as a browser loads it: bytes of JavaScript per page and Lighthouse's mobile score.

    .venv/bin/python benchmarks/bench_frontend.py                 # prints a Markdown section
    .venv/bin/python benchmarks/bench_frontend.py --update BENCHMARKS.md

Serves the starter data the way production does: a scratch SQLite database in a temporary folder,
`collectstatic` into whitenoise's compressed manifest storage, gunicorn with DEBUG=0 on 127.0.0.1
and a free port. Then, against `/` and the framework page with the most published positions:

1. JavaScript: Debian's Chromium (Playwright) opens each page at a phone's and a desktop's width,
   first as it opens (charts below the fold are not drawn yet) and then scrolled to the end with
   every chart drawn, and adds up the uncompressed bytes of every script it fetched (and the bytes
   sent, compressed). The baseline, in the same run: the scripts the pages loaded before this
   bundle, app.js and the full plotly.js of the Python plotly package. Target: at most 1.5 MB.
2. Lighthouse (npm's lighthouse, pinned in benchmarks/lighthouse/package.json; `npm ci` there on
   first use) against /usr/bin/chromium, its default mobile preset (a mid-range phone on slow 4G,
   simulated), RUNS times a page; the median performance score and its metrics. Target: >= 90.

make bench (benchmarks/run_all.py) runs this as a script and puts its section in BENCHMARKS.md;
--update replaces that section of an existing BENCHMARKS.md (or appends it) without the rest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_DIR = ROOT / "benchmarks" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
TARGET_JS_BYTES = 1_500_000
TARGET_SCORE = 90
SECTION = "## Front end: JavaScript per page and Lighthouse"
WIDTHS = {"phone (390 px)": 390, "desktop (1366 px)": 1366}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StarterServer:
    """gunicorn serving the starter data from a scratch folder; stopped on exit."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": "frontend-benchmark-only-not-secret",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{workdir / 'starter.sqlite3'}",
            "STATIC_ROOT": str(workdir / "static"),
            "STATIC_MANIFEST": "1",
            "SECURE_SSL_REDIRECT": "0",
            # The project's settings with STATIC_ROOT in the scratch folder (see SETTINGS_MODULE).
            "DJANGO_SETTINGS_MODULE": "bench_frontend_settings",
            "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
        }
        self.env.pop("REDIS_URL", None)  # the in-process cache: nobody else's Redis is touched
        self.process = None

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed: {result.stderr[-1500:]}")
        return result.stdout

    def __enter__(self):
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_starter_data")
        self.manage("collectstatic", "--noinput", "-v0")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "governance.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--access-logfile",
                "/dev/null",
                "--error-logfile",
                str(self.workdir / "gunicorn.log"),
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2).read()
                return self
            except OSError as exc:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    log = (self.workdir / "gunicorn.log").read_text()
                    raise RuntimeError(f"gunicorn did not start: {log}") from exc
                time.sleep(0.3)

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def busiest_framework(self) -> str:
        return self.manage("shell", "-c", BUSIEST_FRAMEWORK).strip().splitlines()[-1]


BUSIEST_FRAMEWORK = """
from django.db.models import Count
from initiatives.models import Stance
busiest = Stance.objects.published().values("framework__slug").annotate(n=Count("id")).order_by("-n", "framework__slug")
print(busiest[0]["framework__slug"])
"""

# The server's settings: the project's, with STATIC_ROOT in the scratch folder (whitenoise serves it).
SETTINGS_MODULE = """
import os
from governance.settings import *  # noqa: F401,F403
STATIC_ROOT = os.environ["STATIC_ROOT"]
"""


def script_bytes(base_url: str, paths: list[str]) -> dict:
    """{(path, width label, 'as it opens' | 'every chart drawn'): (uncompressed bytes, bytes sent)}."""
    from playwright.sync_api import sync_playwright

    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS.split())
        for width_label, width in WIDTHS.items():
            for path in paths:
                context = browser.new_context(viewport={"width": width, "height": 850})
                page = context.new_page()
                scripts = []
                page.on(
                    "requestfinished",
                    lambda r, scripts=scripts: r.resource_type == "script" and scripts.append(r),
                )

                def total(scripts=scripts):
                    body = sum(len(r.response().body()) for r in scripts)
                    sent = sum(max(r.sizes()["responseBodySize"], 0) for r in scripts)
                    return body, sent

                page.goto(base_url + path, wait_until="networkidle")
                found[(path, width_label, "as it opens")] = total()
                for chart in page.locator("[data-figure]").all():
                    chart.scroll_into_view_if_needed()
                deadline = time.monotonic() + 30
                while not page.evaluate(
                    "[...document.querySelectorAll('[data-figure]')].every(e => e.dataset.drawn)"
                ):
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"charts of {path} were not drawn")
                    page.wait_for_timeout(100)
                page.wait_for_load_state("networkidle")
                found[(path, width_label, "every chart drawn")] = total()
                context.close()
        browser.close()
    return found


def baseline_bytes() -> int:
    """What every chart page loaded before: app.js and the Python plotly package's full plotly.js."""
    import plotly

    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    return full.stat().st_size + (ROOT / "static" / "js" / "app.js").stat().st_size


def lighthouse_binary() -> Path:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if not shutil.which("npm"):
            raise RuntimeError("npm is not installed (Lighthouse comes from npm)")
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=LIGHTHOUSE_DIR, check=True
        )
    return binary


def lighthouse(base_url: str, path: str, runs: int, workdir: Path) -> dict:
    binary = lighthouse_binary()
    reports = []
    for i in range(runs):
        out = workdir / f"lighthouse-{i}.json"
        subprocess.run(
            [
                str(binary),
                base_url + path,
                "--output=json",
                f"--output-path={out}",
                "--quiet",
                "--only-categories=performance",
                f"--chrome-flags={CHROME_FLAGS}",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=True,
            capture_output=True,
            timeout=300,
        )
        reports.append(json.loads(out.read_text()))
    scored = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])
    median = scored[len(scored) // 2]
    audits = median["audits"]
    return {
        "scores": [round(r["categories"]["performance"]["score"] * 100) for r in reports],
        "benchmark_index": [round(r["environment"]["benchmarkIndex"]) for r in reports],
        "score": round(median["categories"]["performance"]["score"] * 100),
        "version": median["lighthouseVersion"],
        "chrome": median["environment"]["hostUserAgent"],
        **{
            name: audits[key]["numericValue"]
            for name, key in (
                ("FCP", "first-contentful-paint"),
                ("LCP", "largest-contentful-paint"),
                ("TBT", "total-blocking-time"),
                ("CLS", "cumulative-layout-shift"),
                ("SI", "speed-index"),
            )
        },
    }


def machine() -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    node = (
        subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
        if shutil.which("node")
        else "not installed"
    )
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return [
        f"- Machine: {cpu}, {os.cpu_count()} cores (load average {load} at the start); {chromium}; node {node}",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
    ]


def report(runs: int) -> list[str]:
    lines = [SECTION, ""]
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch)
        (workdir / "bench_frontend_settings.py").write_text(SETTINGS_MODULE)
        with StarterServer(workdir) as server:
            paths = ["/", f"/frameworks/{server.busiest_framework()}/"]
            lines += [
                "gunicorn (2 workers, DEBUG=0, whitenoise's compressed static files) serving the starter data "
                "on 127.0.0.1, measured by benchmarks/bench_frontend.py.",
                *machine(),
                "",
                "### JavaScript a page loads",
                "",
                "Uncompressed bytes of every script the page fetched (sent over the wire, compressed, in "
                "brackets): as the page opens, and after scrolling to its end so that every chart is drawn. "
                f"Target: at most {TARGET_JS_BYTES / 1e6:.1f} MB.",
                "",
                "| page | width | as it opens | every chart drawn | verdict |",
                "|---|---|---:|---:|---|",
            ]
            measured = script_bytes(server.url, paths)
            for path in paths:
                for width_label in WIDTHS:
                    opened = measured[(path, width_label, "as it opens")]
                    drawn = measured[(path, width_label, "every chart drawn")]
                    verdict = "met" if max(opened[0], drawn[0]) <= TARGET_JS_BYTES else "MISSED"
                    lines.append(
                        f"| `{path}` | {width_label} | {opened[0]:,} ({opened[1]:,}) "
                        f"| {drawn[0]:,} ({drawn[1]:,}) | {verdict} |"
                    )
            base = baseline_bytes()
            worst = max(v[0] for v in measured.values())
            lines += [
                "",
                f"Baseline in the same run: the full plotly.js and app.js, {base:,} bytes, loaded by every chart "
                f"page before the partial bundle. Largest now: {worst:,} bytes, **{worst / base:.2f}x** the "
                "baseline.",
                "",
                "### Lighthouse, mobile preset",
                "",
                f"npm's lighthouse against Debian's Chromium (`CHROME_PATH={CHROMIUM}`, `{CHROME_FLAGS}`), "
                f"performance category only, {runs} runs a page; the median run's metrics. "
                f"Target: a score of at least {TARGET_SCORE}.",
                "",
                "| page | score (median) | runs | host benchmarkIndex | FCP s | LCP s | TBT ms | CLS | Speed Index s "
                "| verdict |",
                "|---|---:|---|---|---:|---:|---:|---:|---:|---|",
            ]
            version = ""
            for path in paths:
                r = lighthouse(server.url, path, runs, workdir)
                version = r["version"]
                lines.append(
                    f"| `{path}` | {r['score']} | {', '.join(map(str, r['scores']))} "
                    f"| {', '.join(map(str, r['benchmark_index']))} | {r['FCP'] / 1000:.1f} "
                    f"| {r['LCP'] / 1000:.1f} | {r['TBT']:.0f} | {r['CLS']:.3f} | {r['SI'] / 1000:.1f} "
                    f"| {'met' if r['score'] >= TARGET_SCORE else 'MISSED'} |"
                )
            lines += [
                "",
                f"Lighthouse {version}. Its throttling is simulated from the timings it observes, so a busy "
                "host lowers the score: the host benchmarkIndex of each run (Lighthouse's own measure of "
                "the CPU it ran on; higher is faster) is given beside it.",
            ]
    return lines


def update(path: Path, section: list[str]) -> None:
    """Replace this benchmark's section of an existing BENCHMARKS.md (up to the next `## `), or append it."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    lines = text.rstrip("\n").split("\n")
    if SECTION in lines:
        start = lines.index(SECTION)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines[start:end] = [*section, ""]
    else:
        lines += ["", *section]
    path.write_text("\n".join(lines).rstrip("\n") + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="Lighthouse runs per page (the median counts)")
    parser.add_argument("--update", metavar="FILE", help="write the section into this BENCHMARKS.md")
    args = parser.parse_args()
    section = report(args.runs)
    print("\n".join(section))
    if args.update:
        update(Path(args.update), section)
        print(f"\nwritten to {args.update}", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
