"""/methodology/: how the record is made, for readers who cite it.

The table of acts and positions is generated from the vocabulary (choices.py: Act, Position,
ACT_POSITION, POSITION_ORDER, POSITION_COLOURS), so that a new act or a changed mapping shows here
without an edit; a test fails if an act or a position has no description below. The figures on
gaps and partial lists are read from the released data files (initiatives/data/), once per process,
and the update cadence from the settings and the pipeline's constants. The page makes no query but
the footer's data version, which is cached.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.shortcuts import render

from .. import page_cache, release
from ..caching import DEFAULT_SECONDS, NEWS_SECONDS
from ..choices import (
    ACT_ORDER,
    ACT_POSITION,
    POSITION_COLOURS,
    POSITION_DIRECTION,
    POSITION_ORDER,
    Act,
    FrameworkKind,
    Position,
    RatificationKind,
    SourceKind,
)
from ..ingest.pipeline import FEED_BACKOFF_CAP
from ..models import Feed

DATA = Path(__file__).resolve().parent.parent / "data"

# What each position means on a chart. The colour and the acts behind it come from choices.py.
POSITION_MEANING = {
    Position.PROPOSES: "Put the framework forward: its author, the state that tabled the text or set up the body.",
    Position.RATIFIES: "Bound itself by the framework's own procedure: ratification, acceptance, approval or "
    "accession (the record says which).",
    Position.SIGNS: "Signed or endorsed the text, or joined the body or network: a commitment short of "
    "ratification.",
    Position.SUPPORTS: "Backed the framework without signing it: a statement of support, a co-sponsorship or "
    "a vote for a UN resolution.",
    Position.NEUTRAL: "Said where it stands, neither for nor against, or with reservations that cancel out.",
    Position.ABSTAINS: "Abstained in a recorded vote. Kept apart from “no recorded position”: an abstention "
    "is an act on the record.",
    Position.DECLINES: "Could have signed and did not: it attended the meeting that adopted the text, and a "
    "source says it did not sign.",
    Position.OPPOSES: "Rejected the framework: a statement against it, or a vote against it.",
    Position.WITHDRAWS: "Left a framework it had signed or joined.",
}

# What each act records: what the source must show.
ACT_MEANING = {
    Act.PROPOSED: "The source shows the actor tabling, unveiling or setting up the framework (Japan, which "
    "set up the Hiroshima AI Process Friends Group, is recorded as proposing it; the United States as "
    "proposing the Political Declaration on military AI, which it unveiled).",
    Act.STATED_SUPPORT: "A statement of support by the actor, without signing. The EU's part in the joint "
    "statement on resolution 78/265 is coded so, because an observer cannot co-sponsor.",
    Act.STATED_NEUTRAL: "A statement that neither backs nor rejects the framework.",
    Act.STATED_OPPOSITION: "A statement that rejects the framework by name. A general speech that does not "
    "name it is not recorded.",
    Act.CO_SPONSORED: "Listed as a co-sponsor of a UN resolution or of its draft.",
    Act.VOTED_FOR: "Its vote in a recorded vote (General Assembly plenary or First Committee), read from the "
    "roll call: one stance per state in it.",
    Act.VOTED_AGAINST: "Its vote against in a recorded vote, read from the roll call.",
    Act.ABSTAINED: "Its abstention in a recorded vote, read from the roll call.",
    Act.SIGNED: "Signed or endorsed the text, including collective endorsements where the source names the "
    "actor (the APEC AI Initiative, the BRICS statement, the ASEAN Guide, the AU strategy, UNESCO's "
    "adoption of its Recommendation, the G7 leaders' launch of the Hiroshima AI Process).",
    Act.RATIFIED: "Deposited its ratification, or its acceptance, approval or accession, which the record "
    "names beside the act (the EU's approval of the Council of Europe convention).",
    Act.JOINED: "Became a member or participant of a body or network (GPAI, the network of AI safety "
    "institutes, the Hiroshima AI Process Friends Group).",
    Act.DID_NOT_SIGN: "Attended the meeting, or sent a delegation, and did not sign its outcome; the "
    "attendance is also listed on the summit. Never inferred from an absence from a list of signatories.",
    Act.WITHDREW: "Withdrew from a framework it had signed or joined.",
}

DIRECTION_WORDS = {1: "for", 0: "neither", -1: "against"}


def acts_and_positions() -> list[dict]:
    """One row per position, in chart order, with the acts that take it."""
    rows = []
    for position in POSITION_ORDER:
        rows.append(
            {
                "position": position,
                "colour": POSITION_COLOURS[position],
                "direction": DIRECTION_WORDS[POSITION_DIRECTION[position]],
                "meaning": POSITION_MEANING[position],
                "acts": [
                    {"act": act, "meaning": ACT_MEANING[act]}
                    for act in ACT_ORDER
                    if ACT_POSITION[act] == position
                ],
            }
        )
    return rows


def _read(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@functools.cache
def released_figures() -> dict:
    """What the released files say of their own coverage (read once: they change only with a release)."""
    starter = _read("starter.json")
    positions = _read("ledger/positions.json")["positions"]
    votes = _read("ledger/votes.json")["votes"]
    kinds = Counter(framework.get("kind") for framework in starter["frameworks"])
    primary = sum(1 for row in positions if row.get("source_kind") == SourceKind.PRIMARY)
    roll_calls = [vote for vote in votes if vote.get("roll_call")]
    names = {
        framework["slug"]: framework.get("short_name") or framework["name"]
        for framework in starter["frameworks"]
    }
    ballots = sum(
        len(vote["roll_call"].get(side) or [])
        for vote in roll_calls
        for side in ("for", "against", "abstain")
    )
    return {
        "frameworks": len(starter["frameworks"]),
        "framework_kinds": [
            {"label": kind.label, "count": kinds.get(kind.value, 0)}
            for kind in FrameworkKind
            if kinds.get(kind.value)
        ],
        "summits": len(starter["summits"]),
        "positions": len(positions),
        "primary_positions": primary,
        "primary_share": primary / len(positions) if positions else 0,
        "votes": len(votes),
        "complete_roll_calls": sum(1 for vote in votes if vote.get("roll_call_complete")),
        "partial_roll_calls": sum(1 for vote in roll_calls if not vote.get("roll_call_complete")),
        "consensus": [
            vote.get("symbol") or names.get(vote["framework"], vote["framework"])
            for vote in votes
            if vote.get("adopted_without_vote")
        ],
        "roll_call_names": ballots,
        "partial_lists": [
            {
                "name": framework.get("short_name") or framework["name"],
                "note": framework.get("count_note", ""),
            }
            for framework in starter["frameworks"]
            if framework.get("list_complete") is False
        ],
        "not_recorded": starter.get("not_recorded", []),
    }


def cadence() -> dict:
    """How often the record and the pages change, from the settings and the pipeline."""
    tick = settings.CELERY_BEAT_SCHEDULE["poll-due-feeds"]["schedule"]
    return {
        "tick_seconds": int(tick.total_seconds()) if isinstance(tick, dt.timedelta) else int(tick),
        "feed_interval_minutes": Feed._meta.get_field("poll_interval_minutes").default,
        "backoff_cap_hours": int(FEED_BACKOFF_CAP.total_seconds() // 3600),
        "max_failures": settings.FEED_MAX_FAILURES,
        "news_minutes": NEWS_SECONDS // 60,
        "chart_minutes": DEFAULT_SECONDS // 60,
        "page_hours": page_cache.PAGE_SECONDS // 3600,
    }


def methodology(request):
    context = {
        "rows": acts_and_positions(),
        "ratification_kinds": [kind.label.lower() for kind in RatificationKind],
        "source_kinds": list(SourceKind),
        "figures": released_figures(),
        "cadence": cadence(),
        "release": release.DATA_RELEASE,
        "release_date": release.DATA_RELEASE_DATE,
        "co_sponsored": Act.CO_SPONSORED,
        "voted_for": Act.VOTED_FOR,
        "voted_against": Act.VOTED_AGAINST,
        "abstained": Act.ABSTAINED,
    }
    return render(request, "initiatives/methodology.html", context)
