"""Rows for the importers from the official records themselves (initiatives.records reads them):
a UN Digital Library voting record or the UN's meeting coverage becomes vote rows; the Council of
Europe Treaty Office's chart becomes signature and ratification rows."""

from __future__ import annotations

import datetime as dt

from ..choices import Act, SourceKind
from ..records.coe_treaty_chart import read_treaty_chart
from ..records.un_votes import read_un_votes
from ..records.votes import RecordedVote
from .positions import PositionFile
from .report import ImportReport
from .votes import framework_for

# The UN's own record of a vote (its Digital Library, its meetings coverage): primary.
UN_RECORD_HOSTS = ("digitallibrary.un.org", "press.un.org", "documents.un.org", "www.un.org", "undocs.org")


def vote_rows(
    source: str,
    *,
    framework: str = "",
    date: dt.date | None = None,
    source_url: str = "",
    report: ImportReport,
    name: str,
) -> list[dict]:
    """The votes a UN record holds, as rows of the votes format; what cannot become a row is reported."""
    rows = []
    for number, vote in enumerate(read_un_votes(source, date=date, source_url=source_url), start=1):
        if vote.part_vote:
            report.problem(
                name, number, f"a vote on a paragraph or an amendment ({vote.context[:80]}…), not on the text"
            )
            continue
        slug = framework or framework_for(vote.symbol, vote.draft_symbol)
        if not slug:
            report.problem(
                name,
                number,
                f"no framework has the symbol {vote.record_symbol or '(none)'}: give --framework, or set the "
                "framework's document symbol",
            )
            continue
        url = vote.source_url or source_url
        if not url:
            report.problem(
                name, number, "a saved file needs --source-url: the address the record was saved from"
            )
            continue
        for unmapped in vote.unmapped:
            report.problem(
                name, number, f"{unmapped.category}: {unmapped.name!r} is not a state ({unmapped.reason})"
            )
        for problem in vote.problems:
            report.warnings.append(f"{name}, vote {number}: {problem}")
        row = vote.as_votes_file_entry()
        row.update(
            framework=slug,
            source_url=url,
            source_kind=SourceKind.PRIMARY if _is_un_record(url) else SourceKind.SECONDARY,
            primary_record=url if "digitallibrary.un.org/record/" in url else "",
            note=_note(vote),
        )
        rows.append(row)
    return rows


def _is_un_record(url: str) -> bool:
    from urllib.parse import urlsplit  # noqa: PLC0415

    return (urlsplit(url).hostname or "").lower() in UN_RECORD_HOSTS


def _note(vote: RecordedVote) -> str:
    gaps = {side: n for side, n in vote.roll_call_gaps().items() if n}
    parts = [f"Read from {vote.source_document or vote.source_format}."]
    if gaps:
        parts.append(
            "Names the record totals but does not list: "
            + ", ".join(f"{n} {side}" for side, n in gaps.items())
            + "."
        )
    return " ".join(parts)


def treaty_chart_positions(source: str, *, framework: str, source_url: str = "") -> PositionFile:
    """A Treaty Office chart as a positions file: each signature, and each ratification (or
    acceptance, approval, accession), on its date, cited to the chart."""
    chart = read_treaty_chart(source, source_url=source_url)
    url = chart.source_url or source_url
    rows = []
    for entry in chart.entries:
        code = entry.code or entry.name
        note = (
            "From the Treaty Office chart"
            + (f" (status as of {chart.status_as_of})" if chart.status_as_of else "")
            + "."
        )
        common = {"actor": code, "framework": framework, "source_url": url, "source_kind": SourceKind.PRIMARY}
        if entry.signature:
            rows.append(
                {
                    **common,
                    "act": Act.SIGNED,
                    "date": entry.signature.isoformat(),
                    "note": note,
                    "evidence": f"Signed on {entry.signature:%-d %b %Y}, as the Treaty Office chart records.",
                }
            )
        if entry.consent:
            kind = entry.consent_kind if entry.consent_kind in ("accession",) else ""
            rows.append(
                {
                    **common,
                    "act": Act.RATIFIED,
                    "date": entry.consent.isoformat(),
                    "detail": kind,
                    "note": note
                    + (
                        ""
                        if kind
                        else " The chart does not say whether by ratification, acceptance or approval."
                    ),
                    "evidence": f"Consent to be bound on {entry.consent:%-d %b %Y}, as the Treaty Office chart records.",
                }
            )
    return PositionFile(
        name=url or str(source),
        rows=rows,
        sources={
            url: {
                "title": chart.title
                or f"Chart of signatures and ratifications of Treaty {chart.treaty_number}",
                "publisher": "Council of Europe Treaty Office",
                "kind": SourceKind.PRIMARY,
            }
        }
        if url
        else {},
    )
