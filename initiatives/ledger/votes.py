"""Recorded votes: each vote on its resolution, with its official totals, and one stance per state
that voted in it (voted for, voted against, abstained).

The same code writes the ledger's votes file and what `import_un_vote` reads from a UN Digital
Library record or the UN's meeting coverage (initiatives.records). A vote is matched on its
resolution, body and date; each ballot on its vote and state. A consensus adoption is a vote with
`adopted_without_vote` and no totals or ballots: its co-sponsors are positions, never voters.
Names in a roll call that map to no state are reported with the vote's row and left out; the rest of
the roll call is kept, and the vote's tally says how many names are missing.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .. import caching
from ..choices import Act, SourceKind, StanceOrigin, StanceStatus, VoteBody
from ..models import Stance, Vote
from ..partial_dates import PartialDate
from .references import References, SourceBook, UnknownReference, valid_url
from .report import DataError, ImportReport
from .sync import Sync

CHANGE_REASON = "import_un_vote"
BALLOT_ACTS = {"for": Act.VOTED_FOR, "against": Act.VOTED_AGAINST, "abstain": Act.ABSTAINED}


def read_votes(path: Path) -> tuple[list[dict], dict[str, dict]]:
    """A votes file: (votes, {url: source description}); DataError if it cannot be read."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{Path(path).name}: cannot be read as JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("votes"), list):
        raise DataError(f'{Path(path).name}: expected {{"votes": [...]}}')
    sources = {str(s["url"]): s for s in data.get("sources") or [] if isinstance(s, dict) and s.get("url")}
    return data["votes"], sources


def framework_for(symbol: str, draft_symbol: str = "") -> str | None:
    """The slug of the framework a UN symbol names: its document symbol, or a vote recorded on it."""
    from ..models import Framework  # noqa: PLC0415

    for text in (symbol, draft_symbol):
        if not text:
            continue
        found = Framework.objects.filter(document_symbol__iexact=text).values_list("slug", flat=True).first()
        found = (
            found
            or Vote.objects.filter(symbol__iexact=text).values_list("framework__slug", flat=True).first()
        )
        found = (
            found
            or Vote.objects.filter(draft_symbol__iexact=text)
            .values_list("framework__slug", flat=True)
            .first()
        )
        if found:
            return found
    return None


def import_votes(
    votes: list[dict],
    *,
    sources: dict | None = None,
    name: str = "votes",
    dry_run: bool = False,
    report: ImportReport | None = None,
) -> ImportReport:
    report = report or ImportReport()
    report.dry_run = dry_run
    with transaction.atomic():
        _import(votes, sources or {}, name, report)
        if dry_run:
            transaction.set_rollback(True)
        else:
            transaction.on_commit(lambda: caching.bump(caching.DATA))
    return report


def _import(votes: list[dict], sources: dict, name: str, report: ImportReport) -> None:
    refs = References()
    book = SourceBook(report, change_reason=CHANGE_REASON)
    checked = []
    seen = {}
    for number, raw in enumerate(votes, start=1):
        try:
            vote, ballots, also = _check(raw, refs, number, name, report)
        except UnknownReference as problem:
            report.problem(name, number, str(problem))
            continue
        key = (vote["framework_id"], vote["body"], vote["date"])
        if key in seen:
            report.problem(name, number, f"the same vote as row {seen[key]} (resolution, body and date)")
            continue
        seen[key] = number
        for url in [vote["source_url"], *also]:
            described = sources.get(url, {})
            book.want(
                url,
                title=str(described.get("title") or ""),
                publisher=str(described.get("publisher") or ""),
                kind=described.get("kind") or (vote["source_kind"] if url == vote["source_url"] else ""),
            )
        checked.append((vote, ballots, also))
    article_ids = book.write()
    for vote, _ballots, _also in checked:
        vote["source_id"] = article_ids[vote.pop("source_url")]
    sync = Sync(Vote, ("framework_id", "body", "date"), report["Vote"], change_reason=CHANGE_REASON)
    sync.run([vote for vote, _b, _a in checked]).finish()
    ballots = []
    today = timezone.localdate()
    for vote, votes_by_code, also in checked:
        record = sync.objects.get(sync.key_of(vote))
        if record is None or record.pk is None:
            continue  # a vote a curator deleted
        wanted_others = {article_ids[url] for url in also}
        current = set(record.other_sources.values_list("pk", flat=True))
        if wanted_others - current:
            record.other_sources.add(*(wanted_others - current))
        for actor_id, act in votes_by_code.items():
            ballots.append(_ballot(record, actor_id, act, today))
    Sync(
        Stance,
        ("vote_id", "actor_id"),
        report["Stance (ballots)"],
        scope={"vote__isnull": False},
        change_reason=CHANGE_REASON,
    ).run(ballots).finish()


def _ballot(vote: Vote, actor_id: int, act: str, today) -> dict:
    when = vote.date.strftime("%-d %b %Y") if vote.date else "a date no source gives"
    where = vote.get_body_display()
    return {
        "vote_id": vote.pk,
        "actor_id": actor_id,
        "framework_id": vote.framework_id,
        "act": act,
        "position": Stance.position_of(act),
        "date": vote.date,
        "date_precision": "day",
        "source_id": vote.source_id,
        "source_kind": vote.source_kind,
        "evidence": f"{Act(act).label} in the recorded vote of {when} ({where}{', ' + vote.symbol if vote.symbol else ''}).",
        "status": StanceStatus.PUBLISHED,
        "origin": StanceOrigin.CURATED,
        "confidence": 1.0,
        "last_verified": today,
    }


def _check(raw, refs: References, number: int, name: str, report: ImportReport):
    if not isinstance(raw, dict):
        raise UnknownReference("not a record of named values")
    body = str(raw.get("body") or "").strip()
    if body not in VoteBody.values:
        raise UnknownReference(f"body must be one of {', '.join(VoteBody.values)}, not {body!r}")
    try:
        date = PartialDate.parse(raw.get("date"))
    except ValueError:
        raise UnknownReference(f"bad date {raw.get('date')!r} (YYYY-MM-DD)") from None
    if date and date.precision != "day":
        raise UnknownReference(f"a vote's date is a day, not {raw.get('date')!r}")
    source_kind = str(raw.get("source_kind") or "").strip()
    if source_kind not in SourceKind.values:
        raise UnknownReference(f"source_kind must be primary or secondary, not {source_kind!r}")
    consensus = bool(raw.get("adopted_without_vote"))
    official = raw.get("official") or {}
    totals = (
        {side: official.get(side) for side in ("for", "against", "abstain")}
        if isinstance(official, dict)
        else {}
    )
    if not consensus and any(
        value is not None and (not isinstance(value, int) or value < 0) for value in totals.values()
    ):
        raise UnknownReference(f"official totals must be whole numbers: {official!r}")
    roll_call = raw.get("roll_call") or {}
    if consensus and any(roll_call.get(side) for side in BALLOT_ACTS if isinstance(roll_call, dict)):
        raise UnknownReference("adopted without a vote, yet it lists votes")
    votes_by_code: dict[int, str] = {}
    for side, act in BALLOT_ACTS.items():
        names = roll_call.get(side) if isinstance(roll_call, dict) else None
        for entry in names if isinstance(names, list) else []:
            try:
                actor_id = refs.actor(entry)
            except UnknownReference as problem:
                report.problem(name, number, f"{side}: {problem} (left out of the roll call)")
                continue
            if actor_id in votes_by_code and votes_by_code[actor_id] != act:
                report.problem(name, number, f"{entry} is listed on two sides (left out of the roll call)")
                votes_by_code[actor_id] = None
                continue
            votes_by_code[actor_id] = act
    votes_by_code = {actor: act for actor, act in votes_by_code.items() if act}
    also = [valid_url(url) for url in raw.get("also_sources") or [] if str(url).strip()]
    primary_record = str(raw.get("primary_record") or "").strip()
    vote = {
        "framework_id": refs.framework(raw.get("framework")),
        "body": body,
        "date": date.value if date else None,
        "symbol": str(raw.get("symbol") or "").strip()[:40],
        "draft_symbol": str(raw.get("draft_symbol") or "").strip()[:40],
        "meeting_record": str(raw.get("meeting_record") or "").strip()[:200],
        "adopted_without_vote": consensus,
        "official_for": None if consensus else totals.get("for"),
        "official_against": None if consensus else totals.get("against"),
        "official_abstain": None if consensus else totals.get("abstain"),
        "source_url": valid_url(raw.get("source_url")),
        "source_kind": source_kind,
        "primary_record": valid_url(primary_record) if primary_record else "",
        "note": str(raw.get("note") or "").strip(),
    }
    return vote, votes_by_code, [url for url in also if url != vote["source_url"]]
