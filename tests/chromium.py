"""Debian's Chromium driven by Playwright: the binary, its flags and the skip, for every browser test.

A test module takes its `pytestmark` from here (the `browser` fixture is in conftest.py); without Chromium or Playwright
its tests are skipped with the reason printed, never failed.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the fixtures make are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)):
    reason = f"browser tests skipped: no Chromium at {CHROMIUM} (CI installs Debian's chromium package)"
    print(reason)
    pytestmark.append(pytest.mark.skip(reason=reason))

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="browser tests skipped: playwright is not installed"
)


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
