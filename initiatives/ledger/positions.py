"""import_positions: positions from a file, each row one act by one actor on one framework.

The format (CSV or JSON, UTF-8; the README shows it too):

    actor        a code (FRA, EU) or a name the tracker knows ("France", "Côte d'Ivoire")
    framework    a framework slug (bletchley-declaration)
    act          proposed, stated_support, stated_neutral, stated_opposition, co_sponsored, signed,
                 ratified, joined, did_not_sign, withdrew (votes come from import_un_vote)
    date         YYYY, YYYY-MM or YYYY-MM-DD (the precision is the form), or empty
    source_url   the page the fact was read on
    source_kind  primary or secondary
    note         caveats, in your words
  optional:
    evidence     what the source shows, in your words
    summit       a summit slug, where the act was taken at that summit
    detail       for ratified: ratification, acceptance, approval or accession
    also_sources more pages showing the same act (a JSON list, or URLs separated by spaces in CSV)
    source_title, source_publisher   for a source the tracker does not have yet

A JSON file is {"meta": {...}, "sources": [{"url", "title", "publisher", "kind"}], "positions": [...]},
or a plain list of rows.

A row is one act: rows are matched to the tracker's stances on (actor, framework, act, date), and a
stance recorded before the act was known (same actor, framework and date, citing one of the row's
pages) is the same stance, refined. Rows are checked one by one: a bad row is reported with its
number and reason and the others are loaded. Nothing a curator edited is overwritten.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .. import caching
from ..choices import VOTE_ACTS, Act, RatificationKind, SourceKind, StanceOrigin, StanceStatus
from ..models import Stance, StanceSource
from ..partial_dates import PartialDate
from .references import References, SourceBook, UnknownReference, valid_url
from .report import DataError, ImportReport
from .sync import Sync

CHANGE_REASON = "import_positions"
COLUMNS = ("actor", "framework", "act", "date", "source_url", "source_kind", "note")
OPTIONAL = ("evidence", "summit", "detail", "also_sources", "source_title", "source_publisher")
# A file of positions is a curated list, not a dump: past this it is the wrong file.
MAX_ROWS = 100_000


@dataclass
class PositionFile:
    """Rows as read from a file, with what the file says of its sources."""

    name: str
    rows: list[dict]
    sources: dict[str, dict] = field(default_factory=dict)
    compiled: str | None = None


def read_positions(path_or_bytes, name: str | None = None) -> PositionFile:
    """A positions file (CSV or JSON) as rows; DataError if it cannot be read at all."""
    if isinstance(path_or_bytes, (str, Path)):
        path = Path(path_or_bytes)
        name = name or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DataError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    else:
        data, name = path_or_bytes, name or "upload"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"{name}: not UTF-8 text (byte {exc.start})") from exc
    if text.lstrip().startswith(("{", "[")):
        return _read_json(text, name)
    return _read_csv(text, name)


def _read_json(text: str, name: str) -> PositionFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"{name}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if isinstance(data, list):
        data = {"positions": data}
    if not isinstance(data, dict) or not isinstance(data.get("positions"), list):
        raise DataError(f'{name}: expected {{"positions": [...]}} or a list of rows')
    if len(data["positions"]) > MAX_ROWS:
        raise DataError(f"{name}: more than {MAX_ROWS} rows")
    sources = {}
    for entry in data.get("sources") or []:
        if isinstance(entry, dict) and entry.get("url"):
            sources[str(entry["url"])] = entry
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    return PositionFile(name, data["positions"], sources, meta.get("compiled"))


def _read_csv(text: str, name: str) -> PositionFile:
    reader = csv.DictReader(io.StringIO(text))
    header = [column.strip() for column in reader.fieldnames or []]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise DataError(f"{name}: the header lacks {', '.join(missing)} (it needs {', '.join(COLUMNS)})")
    rows = []
    for row in reader:
        if len(rows) >= MAX_ROWS:
            raise DataError(f"{name}: more than {MAX_ROWS} rows")
        cleaned = {(key or "").strip(): (value or "").strip() for key, value in row.items() if key}
        cleaned["also_sources"] = cleaned.get("also_sources", "").split()
        rows.append(cleaned)
    return PositionFile(name, rows)


@dataclass
class _Row:
    number: int
    values: dict
    also: list[str]


def import_positions(
    file: PositionFile, *, dry_run: bool = False, report: ImportReport | None = None
) -> ImportReport:
    """Load a positions file; a bad row is reported and left out, the rest loaded. In one transaction:
    a dry run reports the same counts and writes nothing."""
    report = report or ImportReport()
    report.dry_run = dry_run
    with transaction.atomic():
        _import(file, report)
        if dry_run:
            transaction.set_rollback(True)
        else:
            transaction.on_commit(lambda: caching.bump(caching.DATA))
    return report


def _import(file: PositionFile, report: ImportReport) -> None:
    refs = References()
    book = SourceBook(report, change_reason=CHANGE_REASON)
    last_verified = _day(file.compiled) or timezone.localdate()
    rows, seen = [], {}
    for number, raw in enumerate(file.rows, start=1):
        try:
            row = _check(raw, refs, file, book, last_verified)
        except UnknownReference as problem:
            report.problem(file.name, number, str(problem))
            continue
        key = (row.values["actor_id"], row.values["framework_id"], row.values["act"], row.values["date"])
        if key in seen:
            report.problem(
                file.name, number, f"the same act as row {seen[key]} (actor, framework, act and date)"
            )
            continue
        seen[key] = number
        row.number = number
        rows.append(row)
    article_ids = book.write()
    for row in rows:
        row.values["source_id"] = article_ids[row.values.pop("source_url")]
    write_stances(rows, article_ids, report)


def _day(text):
    try:
        parsed = PartialDate.parse(text)
    except (TypeError, ValueError):
        return None
    return parsed.value if parsed else None


def _check(raw, refs: References, file: PositionFile, book: SourceBook, last_verified) -> _Row:
    """One row, checked and resolved; UnknownReference says what is wrong with it."""
    if not isinstance(raw, dict):
        raise UnknownReference("not a row of named values")
    act = str(raw.get("act") or "").strip()
    if act in VOTE_ACTS:
        raise UnknownReference(f"{act}: a vote belongs to a recorded vote (use import_un_vote)")
    if act not in Act.values:
        raise UnknownReference(
            f"unknown act {act!r} (one of: {', '.join(a for a in Act.values if a not in VOTE_ACTS)})"
        )
    try:
        date = PartialDate.parse(raw.get("date"))
    except ValueError:
        raise UnknownReference(f"bad date {raw.get('date')!r} (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    source_kind = str(raw.get("source_kind") or "").strip()
    if source_kind not in SourceKind.values:
        raise UnknownReference(f"source_kind must be primary or secondary, not {source_kind!r}")
    detail = str(raw.get("detail") or "").strip()
    if detail and (act != Act.RATIFIED or detail not in RatificationKind.values):
        raise UnknownReference(
            f"detail {detail!r} is only for ratified: one of {', '.join(RatificationKind.values)}"
        )
    source_url = valid_url(raw.get("source_url"))
    also = raw.get("also_sources") or []
    if isinstance(also, str):
        also = also.split()
    also = [valid_url(url) for url in also if str(url).strip() and str(url).strip() != source_url]
    values = {
        "actor_id": refs.actor(raw.get("actor")),
        "framework_id": refs.framework(raw.get("framework")),
        "summit_id": refs.summit(raw.get("summit")),
        "act": act,
        "position": Stance.position_of(act),
        "position_detail": detail,
        "date": date.value if date else None,
        "date_precision": date.precision if date else "day",
        "source_url": source_url,
        "source_kind": source_kind,
        "note": str(raw.get("note") or "").strip(),
        "status": StanceStatus.PUBLISHED,
        "origin": StanceOrigin.CURATED,
        "confidence": 1.0,
        "last_verified": last_verified,
    }
    described = file.sources.get(source_url, {})
    book.want(
        source_url,
        title=str(raw.get("source_title") or described.get("title") or ""),
        publisher=str(raw.get("source_publisher") or described.get("publisher") or ""),
        kind=source_kind,
    )
    for url in also:
        other = file.sources.get(url, {})
        book.want(
            url,
            title=str(other.get("title") or ""),
            publisher=str(other.get("publisher") or ""),
            kind=other.get("kind", ""),
        )
    evidence = str(raw.get("evidence") or "").strip()
    title = str(raw.get("source_title") or described.get("title") or "the source")
    values["evidence"] = evidence or f"{Act(act).label} (as recorded in {title})."
    return _Row(0, values, also)


def write_stances(rows: list[_Row], article_ids: dict[str, int], report: ImportReport) -> None:
    """Match rows to stances (actor, framework, act, date), insert or update them, and add their
    other sources as corroborations."""
    # A stance recorded before its act was known carries the act its position suggested: the same
    # actor, framework and date, citing one of the row's pages, is that stance.
    known, cited_before = {}, {}
    for pk, actor_id, framework_id, date, source_id in Stance.objects.filter(
        vote__isnull=True, origin=StanceOrigin.CURATED
    ).values_list("pk", "actor_id", "framework_id", "date", "source_id"):
        known.setdefault((actor_id, framework_id, date, source_id), pk)
        cited_before[pk] = source_id
    sync = Sync(
        Stance,
        ("actor_id", "framework_id", "act", "date"),
        report["Stance"],
        scope={"vote__isnull": True, "origin": StanceOrigin.CURATED},
        change_reason=CHANGE_REASON,
    )
    sync.alternative_keys = {}
    for row in rows:
        v = row.values
        pages = [v["source_id"], *(article_ids[url] for url in row.also)]
        for page in pages:
            pk = known.get((v["actor_id"], v["framework_id"], v["date"], page))
            if pk:
                sync.alternative_keys[sync.key_of(v)] = pk
                break
    sync.run([row.values for row in rows]).finish()
    wanted = set()
    for row in rows:
        stance = sync.objects.get(sync.key_of(row.values))
        if stance is None or stance.pk is None:
            continue
        for url in row.also:
            if article_ids[url] != stance.source_id:
                wanted.add((stance.pk, article_ids[url]))
        # A source is never dropped: the page a stance cited before a better one was found stays as a second.
        before = cited_before.get(stance.pk)
        if before and before != stance.source_id:
            wanted.add((stance.pk, before))
    existing = set(
        StanceSource.objects.filter(stance_id__in={s for s, _a in wanted}).values_list(
            "stance_id", "article_id"
        )
    )
    new = [
        StanceSource(stance_id=s, article_id=a, evidence="", confidence=1.0)
        for s, a in sorted(wanted - existing)
    ]
    StanceSource.objects.bulk_create(new)
    counts = report["StanceSource"]
    counts.inserted += len(new)
    counts.unchanged += len(wanted & existing)
