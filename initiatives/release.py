"""The data version a reader cites: the release of the curated dataset and the day of the last
published change.

DATA_RELEASE names the state of the files in initiatives/data/ (the starter dataset and the ledger)
as released; RELEASES.md beside them says what each release holds (a test keeps its first heading on
DATA_RELEASE). Curators publish between releases, so every page also shows the day a published
position last changed: read once per version of the data (caching.py), not once per page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db.models import Max
from django.utils import timezone

from . import caching

DATA_RELEASE = "1.0"
DATA_RELEASE_DATE = dt.date(2026, 12, 2)  # the day the ledger files were compiled (their meta.compiled)
RELEASE_NOTES = Path(__file__).parent / "data" / "RELEASES.md"


def _last_change() -> str | None:
    from .models import Stance  # noqa: PLC0415 - read when models are ready

    latest = Stance.objects.published().aggregate(latest=Max("updated_at"))["latest"]
    return timezone.localdate(latest).isoformat() if latest else None


def last_published_change() -> dt.date | None:
    """The day a published position was last added or edited (None with no published position).

    Kept until the data or any published stance changes (the DATA namespace and AGGREGATES)."""
    day = caching.cached("last-published-change", build=_last_change, subjects=[caching.AGGREGATES])
    return dt.date.fromisoformat(day) if day else None


def data_version() -> dict:
    """What a page's footer, a citation and the zip's VERSION say."""
    return {
        "release": DATA_RELEASE,
        "release_date": DATA_RELEASE_DATE,
        "last_change": last_published_change(),
    }


def version_line(version: dict | None = None) -> str:
    """ "Data release 1.0 (2 December 2026); positions last changed 2 December 2026"."""
    version = version or data_version()
    line = f"Data release {version['release']} ({version['release_date']:%-d %B %Y})"
    if version["last_change"]:
        line += f"; positions last changed {version['last_change']:%-d %B %Y}"
    return line


def release_notes() -> str:
    return RELEASE_NOTES.read_text(encoding="utf-8")
