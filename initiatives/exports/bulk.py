"""The data dictionary (page, Markdown, CSV) and the bulk zip, all read from the export column definitions."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count, Max, Q
from django.utils import timezone

from .. import release
from ..choices import StanceStatus
from ..filters import parameter_help
from ..models import Actor, Article, Framework, Membership, Stance, Summit
from .columns import EXPORT_OPTIONS, EXPORTS, MATRIX, Column, csv_blocks, export_blocks
from .formulas import DICTIONARY_NOTE, neutralise


@dataclass
class DictionaryEntry:
    """One export as the dictionary describes it."""

    kind: str
    filename: str
    title: str
    description: str
    columns: list[Column]
    parameters: list[str]
    parameter_help: str


def dictionary() -> list[DictionaryEntry]:
    entries = [
        DictionaryEntry(
            kind=export.kind,
            filename=f"{export.kind}.csv",
            title=export.title,
            description=export.description,
            columns=export.columns,
            parameters=export.parameters,
            parameter_help=parameter_help(export.filterset_class),
        )
        for export in EXPORTS.values()
    ]
    entries.append(
        DictionaryEntry(
            kind=MATRIX.kind,
            filename="matrix.csv",
            title=MATRIX.title,
            description=MATRIX.description,
            columns=MATRIX.columns,
            parameters=MATRIX.parameters,
            parameter_help="",
        )
    )
    return entries


def dictionary_rows() -> Iterator[list[str]]:
    for entry in dictionary():
        for column in entry.columns:
            yield [entry.filename, column.name, column.description]


def dictionary_csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["file", "column", "description"])
    writer.writerows([neutralise(cell) for cell in row] for row in dictionary_rows())
    return buffer.getvalue()


def dictionary_markdown() -> str:
    lines = [
        "# AI Governance Tracker: data dictionary",
        "",
        "Every file is UTF-8 CSV with one header row. Dates are ISO 8601 at their known precision "
        "(2025-09-02, 2025-09 or 2025); times are ISO 8601 in UTC; booleans are true/false; "
        "unknown values are empty. `id`, codes and slugs are stable: cite a row by them.",
        "",
        DICTIONARY_NOTE,
        "",
    ]
    for entry in dictionary():
        lines += [
            f"## {entry.filename}: {entry.title}",
            "",
            entry.description,
            "",
            "| column | description |",
            "|---|---|",
        ]
        lines += [f"| `{c.name}` | {c.description.replace('|', '/')} |" for c in entry.columns]
        lines += ["", f"Parameters of `/export/{entry.filename}`: {', '.join(entry.parameters)}.", ""]
        if entry.parameter_help:
            lines += ["```", entry.parameter_help, "```", ""]
    lines += ["Options of every export:", ""]
    lines += [f"- `{name}`: {text}" for name, text in EXPORT_OPTIONS.items()]
    return "\n".join(lines) + "\n"


def cited_sources():
    """Articles cited as the source of a published stance, with how many they support."""
    return (
        Article.objects.annotate(cited_by=Count("stances", filter=Q(stances__status=StanceStatus.PUBLISHED)))
        .filter(cited_by__gt=0)
        .order_by("publisher", "title", "pk")
    )


def sources_markdown() -> str:
    lines = [
        "# Sources",
        "",
        "The documents cited as the source of at least one published stance. Every stance in "
        "stances.csv names its source (source_id, source_url) and quotes its evidence.",
        "",
    ]
    for article in cited_sources().iterator(chunk_size=2000):
        published = article.published_at.date().isoformat() if article.published_at else "date unknown"
        title = article.title or article.url
        publisher = f"{article.publisher}, " if article.publisher else ""
        lines.append(
            f"- {title}. {publisher}{published}. <{article.url}> (id {article.pk}; cited by {article.cited_by})"
        )
    return "\n".join(lines) + "\n"


LICENCE_NOTE = """\
About this download

Made by the AI Governance Tracker on {generated}. It holds every public record: actors, frameworks,
summits, published stances (pending and rejected suggestions are never included), articles and
memberships, the matrix of current positions, the data dictionary (data-dictionary.md and
data-dictionary.csv: every column of every file) and the list of sources (SOURCES.md).
VERSION.txt names the data release and the day a published position last changed; RELEASES.md
says what each release holds. Cite the download by both.

Provenance. Each stance names the document it rests on (source_url) and quotes its evidence.
Those documents belong to their publishers and stay under their own terms; the evidence column
quotes them briefly for reference. When you reuse a row, cite its source as well as this tracker,
and its id and last_updated so that others can find the same record.

Licence. The tracker's code is published under the MIT licence. The compilation (the selection and
coding of positions) is offered for reuse with attribution to the AI Governance Tracker; check the
project's README for any further terms set by its maintainers.
"""


def version_text(generated) -> str:
    """VERSION.txt: the data release, the last published change and when the zip was made."""
    version = release.data_version()
    last = version["last_change"].isoformat() if version["last_change"] else "none"
    return (
        f"data_release: {version['release']}\n"
        f"release_date: {version['release_date'].isoformat()}\n"
        f"last_published_change: {last}\n"
        f"generated: {generated}\n"
        f"methodology: /methodology/\n"
        f"\n{release.version_line(version)}.\n"
    )


def data_fingerprint() -> str:
    """Changes whenever an exported record is added, edited or deleted, or the data release changes
    (and differs per database)."""
    from django.conf import settings

    parts = [str(settings.DATABASES["default"]["NAME"]), release.DATA_RELEASE]
    for model in (Actor, Framework, Summit, Stance, Article, Membership):
        summary = model.objects.aggregate(latest=Max("updated_at"), rows=Count("pk"))
        parts.append(f"{model.__name__}:{summary['rows']}:{summary['latest']}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


def bulk_zip_path() -> Path:
    """The bulk zip for the data as it is now, built once and kept until the data changes.

    Building it for a million stances takes a while (COPY plus deflate); keeping it means a
    popular download costs six aggregate queries, not a rebuild per request.
    """
    directory = Path(tempfile.gettempdir()) / "aigt-bulk"
    directory.mkdir(exist_ok=True)
    path = directory / f"bulk-{data_fingerprint()}.zip"
    if path.exists():
        return path
    handle, partial = tempfile.mkstemp(dir=directory, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as archive_file:
            write_bulk_zip(archive_file)
        os.replace(partial, path)  # atomic: a concurrent request sees the old file or the whole new one
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    for old in directory.glob("bulk-*.zip"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def write_bulk_zip(archive_file) -> None:
    """Every CSV, the dictionary, the sources and the licence note, into a binary file.

    CSVs are written into the archive block by block, so memory stays flat.
    """
    with zipfile.ZipFile(archive_file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for kind in [*EXPORTS, MATRIX.kind]:
            _filename, blocks = export_blocks(kind, {})
            _write_blocks(archive, f"{kind}.csv", blocks)
        archive.writestr("data-dictionary.md", dictionary_markdown())
        _write_blocks(
            archive, "data-dictionary.csv", csv_blocks(["file", "column", "description"], dictionary_rows())
        )
        archive.writestr("SOURCES.md", sources_markdown())
        generated = timezone.now().isoformat(timespec="seconds")
        archive.writestr("README.txt", LICENCE_NOTE.format(generated=generated))
        archive.writestr("VERSION.txt", version_text(generated))
        archive.writestr("RELEASES.md", release.release_notes())


def _write_blocks(archive: zipfile.ZipFile, name: str, blocks) -> None:
    with archive.open(name, "w", force_zip64=True) as member:
        for block in blocks:
            member.write(block)


BULK_FILES = [
    *(f"{kind}.csv" for kind in EXPORTS),
    "matrix.csv",
    "data-dictionary.md",
    "data-dictionary.csv",
    "SOURCES.md",
    "README.txt",
    "VERSION.txt",
    "RELEASES.md",
]
