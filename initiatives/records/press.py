"""UN meeting coverage (press.un.org): the recorded votes a press release states, with their lists.

A release states a vote in a sentence, "… was adopted by a recorded vote of 152 in favour to 4
against, with 11 abstentions", and lists the States either in the sentence ("4 against (Belarus,
India, Mali, Russian Federation)") or after it, in the annex that ends "as follows:":

    In favour:  Albania, Algeria, Andorra, …
    Against:  Belarus, India, Mali, Russian Federation.
    Abstain:  China, …
    Absent:  Afghanistan, …

One page can state several votes (a committee's day of votes, the votes on separate paragraphs
before the vote on the whole text); each becomes one ``RecordedVote``, and the same vote stated
in the body and again in the annex is merged. "Adopted without a vote" sentences become records
with ``adopted_without_vote``. The release's symbol says the body: GA/DIS/… is the First
Committee, GA/nnnnn the plenary.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import lxml.html

from . import decoding, un_names
from .errors import MalformedRecord
from .votes import (
    ABSTAIN,
    AGAINST,
    CATEGORIES,
    FIRST_COMMITTEE,
    FOR,
    NON_VOTING,
    OTHER_BODY,
    PLENARY,
    OfficialTotals,
    RecordedVote,
    build_roll_call,
)

_BLOCKS = (
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "dd",
    "dt",
)
_LABELS = {
    "in favour": FOR,
    "in favor": FOR,
    "against": AGAINST,
    "abstain": ABSTAIN,
    "abstaining": ABSTAIN,
    "abstentions": ABSTAIN,
    "abstention": ABSTAIN,
    "absent": NON_VOTING,
    "not voting": NON_VOTING,
    "did not vote": NON_VOTING,
}
_LABEL = re.compile(
    r"^\s*(in favou?r|against|abstain(?:ing)?|abstentions?|absent|not voting|did not vote)\s*:\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_VOTE = re.compile(
    r"\bby a recorded vote of\s+(\d+)\s+in\s+favou?r\s*(?:,|to)\s*(\d+|none|no)\s+against", re.IGNORECASE
)
_ABSTENTIONS = re.compile(r"\s*,?\s*(?:and\s+)?(?:with\s+)?(\d+|no|none)\s+abstentions?\b", re.IGNORECASE)
_NOT_NAMES = re.compile(r"^\s*(?:see\s+)?(?:annex|document)\b", re.IGNORECASE)  # "(Annex XV)", not a list
_WITHOUT_VOTE = re.compile(
    r"\b(?:adopted|approved)\b[^.;]{0,400}?\bwithout a vote\b|\bwithout a vote\b[^.;]{0,40}?"
    r"\b(?:adopted|approved)\b",
    re.IGNORECASE,
)
_DRAFT = re.compile(r"\bA/(?:C\.\d/)?(?:ES-\d+/)?\d{1,3}/L\.\d+(?:/Rev\.\d+)?(?:/Add\.\d+)?")
_RESOLUTION = re.compile(r"\bA/RES/(?:ES-\d+/)?\d{1,3}/\d+\b")
_RELEASE = re.compile(r"\b(GA/(?:[A-Z]{2,4}/)?\d{3,5}|SC/\d{3,5})\b")
_MEETING = re.compile(
    r"\b([A-Z][a-z]+(?:-[a-z]+)? (?:Session|General Assembly)\W+(?:[A-Za-z ]+\W+)?\d+(?:st|nd|rd|th)"
    r"(?: (?:&|and) \d+(?:st|nd|rd|th))? Meetings? \([^)]{1,20}\))"
)
_QUOTED = re.compile(r"[“\"]([^”\"]{4,300})[”\"]")
_PART = re.compile(
    r"\b(paragraphs?|amendments?|preambular|operative|retain(?:ed|ing)?|deleted?)\b", re.IGNORECASE
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}}) ({_MONTHS}) (\d{{4}})\b")
_SENTENCE_START = re.compile(r"(?:(?<=[.;:])|^)\s+(?=[A-Z“\"(])")


@dataclass
class _Vote:
    """A vote while the page is being read: names not yet mapped."""

    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    without_vote: bool = False
    names: dict[str, list[str]] = field(default_factory=lambda: {c: [] for c in CATEGORIES})
    draft: str = ""
    resolution: str = ""
    title: str = ""
    context: str = ""
    part: bool = False


def parse_meeting_coverage(
    data: bytes | str, *, url: str = "", charset: str | None = None, date: dt.date | None = None
) -> list[RecordedVote]:
    """Every vote a press release (HTML page or its text) states, in page order.

    ``date`` is the meeting's date when the page does not give it (a pasted paragraph).
    """
    text = decoding.decode(data, declared=charset)
    is_html = bool(re.search(r"<(?:html|body|p|div)\b", text[:5000], re.IGNORECASE))
    if is_html and not re.search(r"</html\s*>", text[-2000:], re.IGNORECASE):
        raise MalformedRecord(
            "The page ends before its closing </html>: it looks cut short. Save or fetch the whole page again.",
            location=url,
        )
    paragraphs, head, page_date = (
        _html_paragraphs(text, url) if is_html else (_text_paragraphs(text), text[:3000], None)
    )
    release = _RELEASE.search(head) or _RELEASE.search("\n".join(paragraphs))
    release_symbol = release.group(1) if release else ""
    meeting_date = date or page_date or _date_in(head)
    drafts = _read_votes(paragraphs, url)
    if not drafts:
        raise MalformedRecord(
            "The page states no recorded vote ('… by a recorded vote of N in favour to N against, with N "
            "abstentions') and no adoption without a vote.",
            location=url,
        )
    if meeting_date is None:
        raise MalformedRecord("The page gives no meeting date; pass the date of the meeting.", location=url)
    meeting = _MEETING.search(" ".join(head.split()))
    meeting_record = (
        (f"{meeting.group(1)} ({release_symbol})" if release_symbol else meeting.group(1))
        if meeting
        else release_symbol
    )
    membership = len(un_names.members_on(meeting_date)) if meeting_date >= dt.date(2011, 7, 14) else None
    return [_recorded(d, release_symbol, meeting_record, meeting_date, membership, url) for d in drafts]


def _recorded(
    draft: _Vote, release: str, meeting: str, date: dt.date, membership: int | None, url: str
) -> RecordedVote:
    roll_call, unmapped, problems = build_roll_call(draft.names)
    official = (
        OfficialTotals()
        if draft.without_vote
        else OfficialTotals(
            in_favour=draft.yes, against=draft.no, abstaining=draft.abstain, membership=membership
        )
    )
    return RecordedVote(
        symbol=draft.resolution,
        draft_symbol=draft.draft,
        title=draft.title,
        body=_body(release),
        date=date,
        meeting_record=meeting,
        official=official,
        roll_call=roll_call,
        unmapped=unmapped,
        adopted_without_vote=draft.without_vote,
        source_url=url,
        source_format="meeting_coverage",
        source_document=release,
        context=draft.context,
        part_vote=draft.part,
        problems=problems,
    )


def _body(release: str) -> str:
    if release.startswith("GA/DIS/"):
        return FIRST_COMMITTEE
    if re.fullmatch(r"GA/\d+", release):
        return PLENARY
    return OTHER_BODY


# --- reading the votes --------------------------------------------------------------------------


def _read_votes(paragraphs: list[str], url: str) -> list[_Vote]:
    votes: list[_Vote] = []
    last: _Vote | None = None  # the vote the next "In favour:" … lists belong to
    heading = ""
    mentioned: tuple[str, str] = ("", "")  # the last draft the page named before, and its title
    for paragraph in paragraphs:
        label = _LABEL.match(paragraph)
        if label:
            if last is None:
                raise MalformedRecord(
                    f"The page lists States under '{label.group(1)}:' but states no totals just before them "
                    "('… by a recorded vote of N in favour to N against, with N abstentions, as follows:').",
                    location=url,
                )
            last.names[_LABELS[label.group(1).casefold()]].extend(_names(label.group(2)))
            continue
        found = _votes_in(paragraph, heading, mentioned)
        mentioned = _last_mention(paragraph) or mentioned
        if found:
            votes.extend(found)
            recorded = [vote for vote in found if not vote.without_vote]
            last = recorded[-1] if recorded else None
        else:
            last = None
            heading = paragraph if len(paragraph) < 200 else ""
    return _merge(votes)


def _votes_in(paragraph: str, heading: str, mentioned: tuple[str, str]) -> list[_Vote]:
    found: list[tuple[int, _Vote]] = []
    for match in _VOTE.finditer(paragraph):
        vote = _Vote(yes=int(match.group(1)), no=_number(match.group(2)))
        cursor = match.end()
        listed, cursor = _parenthesised(paragraph, cursor)
        if listed is not None and not _NOT_NAMES.match(listed):
            vote.names[AGAINST].extend(_names(listed))
        abstentions = _ABSTENTIONS.match(paragraph, cursor)
        if abstentions:
            vote.abstain = _number(abstentions.group(1))
            listed, _ = _parenthesised(paragraph, abstentions.end())
            if listed is not None and not _NOT_NAMES.match(listed):
                vote.names[ABSTAIN].extend(_names(listed))
        _describe(vote, paragraph, match.start(), heading, mentioned)
        found.append((match.start(), vote))
    for match in _WITHOUT_VOTE.finditer(paragraph):
        if "recorded vote" in match.group(0).casefold():
            continue
        vote = _Vote(without_vote=True)
        _describe(vote, paragraph, match.end(), heading, ("", ""), sentence_end=True)
        # Only a sentence that names what was adopted is a record; "the drafts had been approved
        # by the Committee without a vote" is a summary of many.
        if vote.draft or vote.resolution or _QUOTED.search(vote.context):
            found.append((match.start(), vote))
    return [vote for _, vote in sorted(found, key=lambda pair: pair[0])]


def _describe(
    vote: _Vote,
    paragraph: str,
    at: int,
    heading: str,
    mentioned: tuple[str, str],
    *,
    sentence_end: bool = False,
) -> None:
    """Fill in what the sentence says the vote was about: its draft, resolution, title, whether a part.

    A sentence that names neither a draft nor a title ("the draft resolution as a whole was approved
    …") is taken to be about the draft the page named last before it, as releases write.
    """
    starts = [m.end() for m in _SENTENCE_START.finditer(paragraph, 0, at)]
    start = starts[-1] if starts else 0
    end_match = re.search(r"[.;](?:\s|$)", paragraph[at:]) if sentence_end else None
    subject = paragraph[start : at + (end_match.start() if end_match else 0)]
    sentence_end_at = re.search(r"(?<![A-Z0-9/])\.(?:\s|$)", paragraph[at:])
    vote.context = paragraph[
        start : at + (sentence_end_at.end() if sentence_end_at else len(paragraph) - at)
    ].strip()
    where = [subject, paragraph[:at], heading]
    vote.draft = next((m.group(0) for text in where for m in [_last(_DRAFT, text)] if m), "")
    vote.resolution = next((m.group(0) for text in where for m in [_last(_RESOLUTION, text)] if m), "")
    quoted = _last(_QUOTED, subject) or _last(_QUOTED, heading)
    if quoted:
        vote.title = quoted.group(1).strip(" ,.")
    elif heading.casefold().startswith("vote on "):
        vote.title = heading[len("vote on ") :].strip()
    if not vote.draft and not vote.title and mentioned[0]:
        vote.draft, vote.title = mentioned[0], vote.title or mentioned[1]
    vote.part = bool(_PART.search(subject)) and "as a whole" not in subject.casefold()


_ON_DRAFT = re.compile(
    r"\b(?:titled|entitled|on)\s+[“\"]?([^“”\"()]{4,200}?)[”\"]?,?\s*\(document\s+("
    + _DRAFT.pattern[2:]
    + r")\)"
)


def _last_mention(paragraph: str) -> tuple[str, str] | None:
    """The last draft a paragraph names, with the title it gives it ("… on X (document A/C.1/78/L.56)")."""
    titled = _last(_ON_DRAFT, paragraph)
    draft = _last(_DRAFT, paragraph)
    if draft is None:
        return None
    if titled and titled.group(2) == draft.group(0):
        return draft.group(0), titled.group(1).strip()
    return draft.group(0), ""


def _last(pattern: re.Pattern, text: str):
    match = None
    for match in pattern.finditer(text):  # noqa: B007 — the last one is wanted
        pass
    return match


def _merge(votes: list[_Vote]) -> list[_Vote]:
    """The same vote stated twice (in the body, then in the annex) is one vote with the fuller lists.

    Two statements are one vote when their totals agree and their drafts do not differ (one may
    name none); two undrafted statements with different titles stay apart.
    """
    kept: list[_Vote] = []
    for vote in votes:
        twin = None if vote.without_vote else next((k for k in kept if _same(k, vote)), None)
        if twin is None:
            kept.append(vote)
            continue
        for category in CATEGORIES:
            have = {un_names.fold(name) for name in twin.names[category]}
            twin.names[category].extend(n for n in vote.names[category] if un_names.fold(n) not in have)
        twin.draft = twin.draft or vote.draft
        twin.title = twin.title or vote.title
        twin.resolution = twin.resolution or vote.resolution
        if vote.context and vote.context not in twin.context:
            twin.context = f"{twin.context} / {vote.context}"
    return kept


def _same(a: _Vote, b: _Vote) -> bool:
    if a.without_vote or (a.yes, a.no, a.abstain, a.part) != (b.yes, b.no, b.abstain, b.part):
        return False
    if a.draft and b.draft:
        return a.draft == b.draft
    if not a.draft and not b.draft and a.title and b.title:
        return a.title == b.title
    return True


def _number(raw: str) -> int:
    return 0 if raw.casefold() in ("no", "none") else int(raw)


def _parenthesised(text: str, at: int) -> tuple[str | None, int]:
    """The balanced "( … )" starting at ``at`` (after spaces), and the position after it."""
    i = at
    while i < len(text) and text[i] == " ":
        i += 1
    if i >= len(text) or text[i] != "(":
        return None, at
    depth = 0
    for j in range(i, len(text)):
        depth += {"(": 1, ")": -1}.get(text[j], 0)
        if depth == 0:
            return text[i + 1 : j], j + 1
    return None, at  # unbalanced: not a list


def _names(listed: str) -> list[str]:
    """Split "A, B (C of), D." at the commas outside parentheses; "None" is no names."""
    listed = " ".join(listed.split()).strip().rstrip(".").strip()
    if listed.casefold() in ("", "none", "nil"):
        return []
    names, depth, current = [], 0, []
    for char in listed:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            names.append("".join(current))
            current = []
        else:
            current.append(char)
    names.append("".join(current))
    cleaned = []
    for name in names:
        name = name.strip().rstrip(".").strip()
        name = re.sub(r"^and\s+", "", name)
        if name:
            cleaned.append(name)
    return cleaned


# --- turning the page into paragraphs ---------------------------------------------------------------


def _html_paragraphs(text: str, url: str) -> tuple[list[str], str, dt.date | None]:
    try:
        document = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError) as error:
        raise MalformedRecord(f"The page could not be read as HTML: {error}.", location=url) from error
    page_date = _page_date(document)
    for element in document.xpath("//script|//style|//noscript|//nav|//form"):
        element.drop_tree()
    for element in document.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in document.iter(*_BLOCKS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    body = document.find("body")
    full = (body if body is not None else document).text_content()
    paragraphs = [" ".join(line.split()) for line in full.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    return _split_labels(paragraphs), "\n".join(paragraphs[:40]), page_date


def _text_paragraphs(text: str) -> list[str]:
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    paragraphs = []
    for block in blocks:
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        current: list[str] = []
        for line in lines:  # a wrapped paragraph is one; a new label starts another
            if _LABEL.match(line) and current:
                paragraphs.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            paragraphs.append(" ".join(current))
    return _split_labels(paragraphs)


def _split_labels(paragraphs: list[str]) -> list[str]:
    """ "In favour: … Against: … Abstain: …" run together in one paragraph become three."""
    split = []
    pattern = re.compile(r"\s(?=(?:Against|Abstain(?:ing)?|Abstentions|Absent)\s*:)")
    for paragraph in paragraphs:
        if _LABEL.match(paragraph):
            split.extend(part.strip() for part in pattern.split(paragraph) if part.strip())
        else:
            split.append(paragraph)
    return split


def _page_date(document) -> dt.date | None:
    candidates = document.xpath(
        '//time/@datetime|//meta[@property="article:published_time"]/@content|//meta[@name="date"]/@content'
        '|//meta[@name="dcterms.date"]/@content'
    )
    for raw in candidates:
        match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", raw)
        if match:
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


def _date_in(text: str) -> dt.date | None:
    match = _DAY_MONTH_YEAR.search(text)
    if not match:
        return None
    month = _MONTHS.split("|").index(match.group(2)) + 1
    try:
        return dt.date(int(match.group(3)), month, int(match.group(1)))
    except ValueError:
        return None
