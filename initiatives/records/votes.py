"""A recorded vote as the UN records it, and the checks of its roll call against the official totals.

The parsers (``undl``, ``press``) return ``RecordedVote``; the importer writes it. Categories are
the votes file's: ``for``, ``against``, ``abstain``, ``non_voting``. The official totals are what
the record states; the roll call is what it lists by name. They can differ (a press release that
names only the States against and abstaining; a shortened page), and ``roll_call_gaps`` says by
how many names per category.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from . import un_names

FOR, AGAINST, ABSTAIN, NON_VOTING = "for", "against", "abstain", "non_voting"
CATEGORIES = (FOR, AGAINST, ABSTAIN, NON_VOTING)
VOTING_CATEGORIES = (FOR, AGAINST, ABSTAIN)

PLENARY, FIRST_COMMITTEE, OTHER_BODY = "plenary", "first_committee", "other"
BODIES = (PLENARY, FIRST_COMMITTEE, OTHER_BODY)


@dataclass(frozen=True)
class OfficialTotals:
    """The totals the record states. None where it states none (e.g. non-voting in a press release)."""

    in_favour: int | None = None
    against: int | None = None
    abstaining: int | None = None
    non_voting: int | None = None
    membership: int | None = None  # "Total voting membership" on a Digital Library record

    def get(self, category: str) -> int | None:
        return {
            FOR: self.in_favour,
            AGAINST: self.against,
            ABSTAIN: self.abstaining,
            NON_VOTING: self.expected_non_voting,
        }[category]

    @property
    def expected_non_voting(self) -> int | None:
        """Stated, or the membership less those who voted when the record gives both."""
        if self.non_voting is not None:
            return self.non_voting
        voted = (self.in_favour, self.against, self.abstaining)
        if self.membership is not None and None not in voted:
            return self.membership - sum(voted)
        return None

    def as_dict(self) -> dict[str, int | None]:
        """The votes file's ``official``: {"for": …, "against": …, "abstain": …}."""
        return {FOR: self.in_favour, AGAINST: self.against, ABSTAIN: self.abstaining}


@dataclass(frozen=True)
class UnmappedName:
    """A name a record lists that maps to no code, with the category it was listed under and why."""

    name: str
    category: str
    reason: str


@dataclass
class RecordedVote:
    """One recorded vote (or one adoption without a vote) as a record gives it.

    ``symbol`` is the resolution (A/RES/…) when the record names it; a committee vote or a press
    release written before the resolution was numbered may name only ``draft_symbol``.
    ``roll_call`` maps each category to the sorted codes listed under it; ``unmapped`` holds the
    names no code was found for (each still counts as a listed name in the checks).
    """

    symbol: str = ""
    draft_symbol: str = ""
    title: str = ""
    body: str = OTHER_BODY
    date: dt.date | None = None
    meeting_record: str = ""
    official: OfficialTotals = field(default_factory=OfficialTotals)
    roll_call: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, ()))
    unmapped: tuple[UnmappedName, ...] = ()
    adopted_without_vote: bool = False
    source_url: str = ""
    source_format: str = ""  # "undl_html", "undl_marcxml", "meeting_coverage"
    source_document: str = ""  # e.g. the press release symbol GA/DIS/3731, or the record number
    context: str = ""  # the sentence a press release states the vote in
    part_vote: bool = False  # a vote on a paragraph or an amendment, not on the text as a whole
    problems: tuple[str, ...] = ()  # things a curator should know (a State listed twice, …)

    @property
    def record_symbol(self) -> str:
        """The resolution symbol, else the draft's: what the vote is about."""
        return self.symbol or self.draft_symbol

    def listed(self, category: str) -> int:
        """How many names the record lists under a category (mapped or not)."""
        return len(self.roll_call.get(category, ())) + sum(1 for u in self.unmapped if u.category == category)

    def roll_call_gaps(self) -> dict[str, int | None]:
        """Per category, the official total less the names listed: 0 when they agree, a positive
        number of missing names, a negative number when more names are listed than the total, and
        None when the record states no total for that category."""
        gaps: dict[str, int | None] = {}
        for category in CATEGORIES:
            official = self.official.get(category)
            gaps[category] = None if official is None else official - self.listed(category)
        return gaps

    @property
    def roll_call_complete(self) -> bool:
        """Every name behind the for/against/abstain totals is listed and mapped to a code."""
        if self.adopted_without_vote:
            return False
        gaps = self.roll_call_gaps()
        return all(gaps[c] == 0 for c in VOTING_CATEGORIES) and not any(
            u.category in VOTING_CATEGORIES for u in self.unmapped
        )

    def votes_by_code(self) -> dict[str, str]:
        """code -> category, for writing one stance per State."""
        return {code: category for category, codes in self.roll_call.items() for code in codes}

    def members_not_listed(self) -> list[str]:
        """Member States the roll call names under no category (on the vote's date, if known)."""
        return un_names.not_listed(self.votes_by_code(), on=self.date)

    def as_votes_file_entry(self) -> dict:
        """The record in the shape of the votes file (``framework`` and ``source_kind`` are the
        importer's to add)."""
        return {
            "symbol": self.symbol,
            "draft_symbol": self.draft_symbol,
            "body": self.body,
            "date": self.date.isoformat() if self.date else None,
            "meeting_record": self.meeting_record,
            "adopted_without_vote": self.adopted_without_vote,
            "official": None if self.adopted_without_vote else self.official.as_dict(),
            "roll_call": {category: list(codes) for category, codes in self.roll_call.items()},
            "roll_call_complete": self.roll_call_complete,
            "source_url": self.source_url,
        }


def build_roll_call(
    named: dict[str, list[str]], *, given_codes: dict[str, list[str | None]] | None = None
) -> tuple[dict[str, tuple[str, ...]], tuple[UnmappedName, ...], tuple[str, ...]]:
    """Map each category's names to codes.

    ``given_codes`` (parallel to ``named``) are codes the record itself gives (MARCXML's 967 $c);
    a given code that is a Member or observer is used as is, and a name that maps to another code
    is reported as a problem. Returns (roll_call, unmapped, problems).
    """
    roll_call: dict[str, list[str]] = {category: [] for category in CATEGORIES}
    unmapped: list[UnmappedName] = []
    problems: list[str] = []
    known = un_names.MEMBER_CODES | un_names.OBSERVER_CODES
    for category, names in named.items():
        codes = (given_codes or {}).get(category) or [None] * len(names)
        for name, given in zip(names, codes, strict=True):
            found = un_names.lookup(name)
            if given and given in known:
                if found.code and found.code != given:
                    problems.append(
                        f"{name!r} is listed with the code {given}, but the name is {found.code}'s."
                    )
                roll_call[category].append(given)
            elif found.code:
                roll_call[category].append(found.code)
            else:
                unmapped.append(UnmappedName(name=name, category=category, reason=found.reason))
    seen = Counter(code for codes in roll_call.values() for code in codes)
    for code, times in sorted(seen.items()):
        if times > 1:
            where = [category for category, codes in roll_call.items() if code in codes]
            problems.append(f"{code} is listed {times} times ({', '.join(where)}).")
    return {c: tuple(sorted(set(v))) for c, v in roll_call.items()}, tuple(unmapped), tuple(problems)
