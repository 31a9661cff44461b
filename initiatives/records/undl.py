"""A UN Digital Library voting record (digitallibrary.un.org/record/NNN): its page or its MARCXML.

The page (as the Library serves it, and as the public scrapers of it read it) is a list of
``<div class="metadata-row">``, each a ``<span class="title …">`` label and a ``<span class="value …">``:
"Title", "Resolution", "Meeting record", "Draft resolution", "Vote summary" ("Voting Summary
Yes: 164 | No: 6 | Abstentions: 7 | Non-Voting: 16 | Total voting membership: 193"), "Vote date"
(YYYY-MM-DD) and "Vote": one line per Member State, "Y AFGHANISTAN", "N BELARUS", "A CHINA", or the
name alone for a State that did not vote.

The MARCXML export (…/record/NNN/export/xm) holds the same in MARC fields: 245 title, 791 $a the
resolution, 269 $a the date, 952 $a the meeting record, 993 $a the draft, 996 the totals ($b yes,
$c no, $d abstentions, $e non-voting, $f membership) and one 967 per State ($a its place, $c its
code, $d Y/N/A or nothing for non-voting, $e its name).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from xml.etree.ElementTree import Element

import lxml.html
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from . import decoding
from .errors import MalformedRecord, UnrecognisedFormat
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

RECORD_URL = "https://digitallibrary.un.org/record/{}"
_LETTER = {"Y": FOR, "N": AGAINST, "A": ABSTAIN}
_VOTE_LINE = re.compile(r"^([YNA])\s+(\S.*)$")
_SUMMARY_FIELDS = {
    "in_favour": r"Yes",
    "against": r"No",
    "abstaining": r"Abstentions",
    "non_voting": r"Non-Voting",
    "membership": r"Total voting membership",
}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_RECORD_ID = re.compile(r"/record/(\d+)")
_SYMBOL = re.compile(r"\b[AS]/(?:[A-Z0-9.\-]+/)*[A-Z0-9.\-()]+")


def looks_like_marcxml(text: str) -> bool:
    head = text[:4000]
    return "<record" in head and ("MARC21" in head or "<datafield" in head or "<controlfield" in head)


def looks_like_record_page(text: str) -> bool:
    """The Library's record layout with any of a voting record's rows (so a page missing one is
    still recognised, and then reported for what it lacks)."""
    return (
        "metadata-row" in text
        and re.search(r">\s*Vote(?:\s+summary|\s+date)?\s*<", text, re.IGNORECASE) is not None
    )


def parse_record(data: bytes | str, *, url: str = "", charset: str | None = None) -> RecordedVote:
    """A Digital Library voting record, from its page or its MARCXML export (recognised by content)."""
    text = decoding.decode(data, declared=charset)
    if looks_like_marcxml(text):
        return parse_marcxml(text, url=url)
    if looks_like_record_page(text):
        return parse_record_page(text, url=url)
    raise UnrecognisedFormat(
        "This is neither a UN Digital Library voting record page (no 'Vote' rows) nor its MARCXML export.",
        location=url,
    )


# --- the page ---------------------------------------------------------------------------------


def _page_rows(document) -> dict[str, object]:
    rows: dict[str, object] = {}
    for row in document.xpath('//div[contains(concat(" ", normalize-space(@class), " "), " metadata-row ")]'):
        title = row.xpath('.//span[contains(concat(" ", normalize-space(@class), " "), " title ")]')
        value = row.xpath('.//span[contains(concat(" ", normalize-space(@class), " "), " value ")]')
        if title and value:
            label = " ".join(title[0].text_content().split()).rstrip(":").casefold()
            rows.setdefault(label, value[0])
    return rows


def _text(element) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def _lines(element) -> list[str]:
    """The value's text split where the page breaks lines (<br>, blocks)."""
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in element.iter("div", "p", "li"):
        block.tail = "\n" + (block.tail or "")
    return [" ".join(line.split()) for line in element.text_content().splitlines() if line.strip()]


def _row(rows: dict[str, object], *labels: str):
    for label in labels:
        if label in rows:
            return rows[label]
    return None


def parse_record_page(data: bytes | str, *, url: str = "", charset: str | None = None) -> RecordedVote:
    """The Digital Library's HTML page for one voting record."""
    text = decoding.decode(data, declared=charset)
    if not looks_like_record_page(text):
        raise UnrecognisedFormat(
            "This is not a UN Digital Library voting record page (no 'Vote' rows).", location=url
        )
    if not re.search(r"</html\s*>", text[-2000:], re.IGNORECASE):
        raise MalformedRecord(
            "The page ends before its closing </html>: it looks cut short. Save or fetch the whole page again.",
            location=url,
        )
    try:
        document = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError) as error:
        raise MalformedRecord(f"The page could not be read as HTML: {error}.", location=url) from error
    rows = _page_rows(document)
    summary = _text(_row(rows, "vote summary"))
    official = parse_vote_summary(summary, location=url)
    symbol = _text(_row(rows, "resolution", "resolution / decision", "decision"))
    if not symbol:
        raise MalformedRecord(
            "The record names no resolution (its 'Resolution' row is missing).", location=url
        )
    date = _date(_text(_row(rows, "vote date", "date")), what="vote date", location=url)
    named: dict[str, list[str]] = {category: [] for category in CATEGORIES}
    vote_cell = _row(rows, "vote")
    if vote_cell is not None:
        for line in _lines(vote_cell):
            match = _VOTE_LINE.match(line)
            if match:
                named[_LETTER[match.group(1)]].append(match.group(2))
            else:
                named[NON_VOTING].append(line)
    roll_call, unmapped, problems = build_roll_call(named)
    if vote_cell is None:
        problems += ("The record has no 'Vote' row: no State is listed by name.",)
    meeting = _text(_row(rows, "meeting record"))
    url = url or _canonical(document)
    return RecordedVote(
        symbol=symbol,
        draft_symbol=_first_symbol(_text(_row(rows, "draft resolution", "draft"))),
        title=_text(_row(rows, "title")) or _schema_name(document),
        body=_body(symbol, meeting),
        date=date,
        meeting_record=meeting,
        official=official,
        roll_call=roll_call,
        unmapped=unmapped,
        source_url=url,
        source_format="undl_html",
        source_document=_record_id(url),
        problems=problems,
    )


def _canonical(document) -> str:
    """The record's own address, when a saved page gives it (so a saved copy cites the record)."""
    for href in document.xpath('//link[@rel="canonical"]/@href|//meta[@property="og:url"]/@content'):
        if _RECORD_ID.search(href):
            return href.strip()
    return ""


def _schema_name(document) -> str:
    for script in document.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content())
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            return data["name"].strip()
    return ""


def parse_vote_summary(summary: str, *, location: str = "") -> OfficialTotals:
    """ "Yes: 164 | No: 6 | Abstentions: 7 | Non-Voting: 16 | Total voting membership: 193".

    Old records leave a zero blank ("No: |"); a blank is read as 0 only when the other numbers then
    add up to the membership, and is otherwise an error.
    """
    if not summary:
        raise MalformedRecord(
            "The record has no vote summary (Yes / No / Abstentions / Non-Voting totals).", location=location
        )
    values: dict[str, int | None] = {}
    blanks = []
    for key, label in _SUMMARY_FIELDS.items():
        match = re.search(rf"\b{label}\s*:\s*(\d*)", summary, re.IGNORECASE)
        if not match:
            raise MalformedRecord(
                f"The vote summary has no '{label}:' count: {summary!r}.", location=location
            )
        if match.group(1):
            values[key] = int(match.group(1))
        else:
            values[key] = None
            blanks.append(key)
    if blanks:
        stated = sum(v for v in values.values() if v is not None) - (values["membership"] or 0)
        if values["membership"] is None or stated != values["membership"] or len(blanks) > 1:
            raise MalformedRecord(
                f"The vote summary leaves a count blank that cannot be read as 0: {summary!r}.",
                location=location,
            )
        values[blanks[0]] = 0
    totals = OfficialTotals(**values)
    voted = totals.in_favour + totals.against + totals.abstaining + totals.non_voting
    if voted != totals.membership:
        raise MalformedRecord(
            f"The vote summary does not add up: {voted} votes and non-votes for a membership of "
            f"{totals.membership} ({summary!r}).",
            location=location,
        )
    return totals


# --- MARCXML ------------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _fields(record: Element, tag: str) -> list[Element]:
    return [f for f in record if _local(f.tag) == "datafield" and f.get("tag") == tag]


def _sub(field: Element, code: str) -> str:
    for sub in field:
        if _local(sub.tag) == "subfield" and sub.get("code") == code:
            return " ".join((sub.text or "").split())
    return ""


def _first(record: Element, tag: str, code: str) -> str:
    return next((value for f in _fields(record, tag) if (value := _sub(f, code))), "")


def parse_marcxml(data: bytes | str, *, url: str = "", charset: str | None = None) -> RecordedVote:
    """The Digital Library's MARCXML export of one voting record (the first record in the file)."""
    # Decoded here (any encoding), so the declaration's encoding no longer applies: drop it.
    text = _XML_DECLARATION.sub("", decoding.decode(data, declared=charset), count=1)
    try:
        root = defused_fromstring(text)
    except DefusedXmlException as error:
        raise MalformedRecord(
            f"The XML declares entities or a DTD, which are refused: {error}.", location=url
        ) from error
    except Exception as error:  # ParseError: a truncated or broken file
        raise MalformedRecord(
            f"The MARCXML could not be read (it may be cut short): {error}.", location=url
        ) from error
    records = (
        [root] if _local(root.tag) == "record" else [e for e in root.iter() if _local(e.tag) == "record"]
    )
    if not records:
        raise UnrecognisedFormat("The XML holds no MARC <record>.", location=url)
    record = records[0]
    symbol = _first(record, "791", "a")
    if not symbol:
        raise MalformedRecord("The record names no resolution (MARC field 791 $a is missing).", location=url)
    totals_field = next(iter(_fields(record, "996")), None)
    if totals_field is None:
        raise MalformedRecord("The record has no vote totals (MARC field 996 is missing).", location=url)
    official = _marc_totals(totals_field, location=url)
    named: dict[str, list[str]] = {category: [] for category in CATEGORIES}
    given: dict[str, list[str | None]] = {category: [] for category in CATEGORIES}
    for field in _fields(record, "967"):
        name, code, letter = _sub(field, "e"), _sub(field, "c"), _sub(field, "d").upper()
        if letter and letter not in _LETTER:
            raise MalformedRecord(
                f"{name or code} has the vote {letter!r}, not Y, N, A or blank.", location=url
            )
        category = _LETTER.get(letter, NON_VOTING)
        named[category].append(name or code)
        given[category].append(code or None)
    roll_call, unmapped, problems = build_roll_call(named, given_codes=given)
    control = next(
        (f.text or "" for f in record if _local(f.tag) == "controlfield" and f.get("tag") == "001"), ""
    )
    record_url = url or (RECORD_URL.format(control.strip()) if control.strip() else "")
    title = " ".join(part for code in "abc" if (part := _first(record, "245", code)))
    meeting = _first(record, "952", "a")
    drafts = [v for f in _fields(record, "993") if (v := _sub(f, "a"))]
    return RecordedVote(
        symbol=symbol,
        draft_symbol=next((d for d in drafts if "/L." in d), drafts[0] if drafts else ""),
        title=title,
        body=_body(symbol, meeting),
        date=_date(_first(record, "269", "a"), what="vote date (MARC field 269)", location=url),
        meeting_record=meeting,
        official=official,
        roll_call=roll_call,
        unmapped=unmapped,
        source_url=record_url,
        source_format="undl_marcxml",
        source_document=control.strip() or _record_id(url),
        problems=problems,
    )


def _marc_totals(field: Element, *, location: str) -> OfficialTotals:
    values = {}
    for key, code in (
        ("in_favour", "b"),
        ("against", "c"),
        ("abstaining", "d"),
        ("non_voting", "e"),
        ("membership", "f"),
    ):
        raw = _sub(field, code)
        if not raw.isdigit():
            raise MalformedRecord(
                f"The vote totals (MARC 996) have no number in ${code}: {raw!r}.", location=location
            )
        values[key] = int(raw)
    return OfficialTotals(**values)


# --- shared -------------------------------------------------------------------------------------


def _date(raw: str, *, what: str, location: str) -> dt.date:
    raw = raw.strip()
    if not raw:
        raise MalformedRecord(f"The record has no {what}.", location=location)
    match = re.search(r"(\d{4})-?(\d{2})-?(\d{2})", raw)
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    raise MalformedRecord(f"The {what} {raw!r} is not a date (YYYY-MM-DD).", location=location)


def _first_symbol(text: str) -> str:
    match = _SYMBOL.search(text)
    return match.group(0) if match else text


def _body(symbol: str, meeting: str) -> str:
    if meeting.startswith("A/C.1/") or symbol.startswith("A/C.1/"):
        return FIRST_COMMITTEE
    if symbol.startswith("A/RES/") or re.match(r"A/(ES-\d+/)?\d+/PV\.", meeting):
        return PLENARY
    return OTHER_BODY


def _record_id(url: str) -> str:
    match = _RECORD_ID.search(url or "")
    return match.group(1) if match else ""
