"""The Council of Europe Treaty Office's chart of signatures and ratifications of one treaty.

The chart page (coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=225)
is a JavaScript application: its HTML holds no data, only the address of the Treaty Office's
service and a token, and the browser fills the chart from the JSON that service returns
(conventions-ws.coe.int/WS_LFRConventions/api/signatures?numSTE=225&langue=ENG). Two forms are
read here:

- that JSON: a list of three lists, member States, non-member States and international
  organisations, one object per State: "LibPaysOrga" (its name), "DateSignature",
  "DateConsentement" (ratification, acceptance, approval or accession), "DateEntreeVigueur",
  "DateDenonciation", and the marks "Reserves", "Declarations", "Autorites", "Territoires",
  "Communications", "Objections";
- the chart as a table (a saved, rendered page, or the Treaty Office's older chart pages): one
  table per group, headed "States | Signature | Ratification | Entry into Force | Notes | R. | D. |
  A. | T. | C. | O." (sometimes with "Denunciation" and "Effect denunciation"), dates dd/mm/yyyy,
  an "X" under each mark, and in Notes "a" (accession), "s" (signature without reservation as to
  ratification), "su" (succession) or "r" (signature ad referendum).

The JS shell itself is refused with a message giving the JSON address to save instead.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field

import lxml.html

from . import decoding, un_names
from .errors import MalformedRecord, UnrecognisedFormat
from .sources import load_source

MEMBER, NON_MEMBER, ORGANISATION = "member", "non_member", "organisation"
GROUPS = (MEMBER, NON_MEMBER, ORGANISATION)
MARKS = ("R", "D", "A", "T", "C", "O")
MARK_NAMES = {
    "R": "Reservations",
    "D": "Declarations",
    "A": "Authorities",
    "T": "Territorial application",
    "C": "Communication",
    "O": "Objection",
}
NOTE_KINDS = {
    "a": "accession",
    "su": "succession",
    "s": "signature without reservation as to ratification",
    "r": "signature ad referendum",
}
DATA_URL = "https://conventions-ws.coe.int/WS_LFRConventions/api/signatures?numSTE={}&langue=ENG"

# The Treaty Office's spellings that are not among the UN's (and the one organisation it lists).
COE_SPELLINGS = {
    "european union": "EU",
    "slovak republic": "SVK",
    "republic of north macedonia": "MKD",
    "kosovo": "XKX",
}
_JSON_MARKS = {
    "Reserves": "R",
    "Declarations": "D",
    "Autorites": "A",
    "Territoires": "T",
    "Communications": "C",
    "Objections": "O",
}


@dataclass(frozen=True)
class ChartEntry:
    """One State's (or organisation's) line in the chart."""

    name: str  # as the chart writes it
    code: str | None  # ISO alpha-3 (XKX for Kosovo) or an organisation code (EU); None if unknown
    group: str  # member, non_member or organisation
    signature: dt.date | None = None
    consent: dt.date | None = None  # ratification, acceptance, approval or accession
    entry_into_force: dt.date | None = None
    denunciation: dt.date | None = None
    notes: str = ""  # the Notes column as written ("a", "s", "su", "r")
    marks: frozenset[str] = frozenset()  # of MARKS

    @property
    def consent_kind(self) -> str:
        """ "accession" or "succession" when the Notes say so; otherwise the chart does not say which of
        ratification, acceptance or approval it was, and this is ""."""
        return {"a": "accession", "su": "succession"}.get(self.notes.strip().casefold(), "")


@dataclass(frozen=True)
class TreatyChart:
    treaty_number: str
    entries: tuple[ChartEntry, ...]
    source_url: str = ""
    title: str = ""
    status_as_of: dt.date | None = None
    unmapped: tuple[str, ...] = ()  # names no code was found for
    problems: tuple[str, ...] = field(default=())
    # The totals the chart page states under its tables (the JSON states none).
    stated_signatures_not_followed: int | None = None
    stated_consents: int | None = None

    def signatories(self) -> list[ChartEntry]:
        return [e for e in self.entries if e.signature or e.consent]

    def consents(self) -> list[ChartEntry]:
        """Those that have ratified, accepted, approved or acceded."""
        return [e for e in self.entries if e.consent]

    def in_group(self, group: str) -> list[ChartEntry]:
        return [e for e in self.entries if e.group == group]

    def count_gaps(self) -> dict[str, int | None]:
        """The stated totals less the lines read: 0 when they agree, None when the chart states none."""
        signed_only = sum(1 for e in self.entries if e.signature and not e.consent)
        return {
            "signatures_not_followed": None
            if self.stated_signatures_not_followed is None
            else self.stated_signatures_not_followed - signed_only,
            "consents": None if self.stated_consents is None else self.stated_consents - len(self.consents()),
        }


def code_for(name: str) -> str | None:
    """A Treaty Office spelling's code: the UN's spellings, then the Treaty Office's own."""
    return un_names.code_for(name) or COE_SPELLINGS.get(un_names.fold(name))


def parse_treaty_chart(
    data: bytes | str, *, url: str = "", charset: str | None = None, treaty_number: str = ""
) -> TreatyChart:
    """A chart of signatures and ratifications from the Treaty Office's JSON or a chart table."""
    text = decoding.decode(data, declared=charset).strip()
    number = treaty_number or _treaty_number(url)
    if text.startswith(("[", "{")):
        return _from_json(text, url=url, number=number)
    if re.search(r"conventions_api_url|You need to enable JavaScript", text) and "<table" not in text.lower():
        raise UnrecognisedFormat(
            "This is the Treaty Office's JavaScript page, which holds no chart: its data is served as JSON at "
            f"{DATA_URL.format(number or 'NNN')} (the request needs the 'token' header the page sets). "
            "Save that JSON, or the page as rendered by a browser, and import the file.",
            location=url,
        )
    if "<table" in text.lower():
        return _from_tables(text, url=url, number=number)
    raise UnrecognisedFormat(
        "This is neither the Treaty Office's chart JSON nor a chart table.", location=url
    )


def read_treaty_chart(
    location: str | os.PathLike, *, treaty_number: str = "", source_url: str = ""
) -> TreatyChart:
    """Load SOURCE (a saved file, or an http(s) URL of the JSON) and parse the chart in it."""
    source = load_source(location)
    url = source.location if source.is_url else source_url
    return parse_treaty_chart(
        source.content,
        url=url,
        charset=source.charset,
        treaty_number=treaty_number or _treaty_number(source.location),
    )


def _treaty_number(url: str) -> str:
    match = re.search(r"(?:treatynum|numSTE|NumSte)=0*(\d+)", url or "", re.IGNORECASE)
    return match.group(1) if match else ""


# --- the JSON -------------------------------------------------------------------------------------


def _from_json(text: str, *, url: str, number: str) -> TreatyChart:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise MalformedRecord(
            f"The chart JSON could not be read (it may be cut short): {error}.", location=url
        ) from error
    if isinstance(data, dict):  # a wrapper object around the three lists
        data = next((v for v in data.values() if isinstance(v, list)), None)
    if not isinstance(data, list) or not data or not all(isinstance(group, list) for group in data):
        raise MalformedRecord(
            "The chart JSON is not a list of groups (member States, non-member States, organisations).",
            location=url,
        )
    entries, unmapped, problems = [], [], []
    for index, rows in enumerate(data[:3]):
        group = GROUPS[index]
        for position, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                raise MalformedRecord(f"Row {position} of the {group} group is not an object.", location=url)
            name = str(row.get("LibPaysOrga") or "").strip()
            if not name:
                raise MalformedRecord(
                    f"Row {position} of the {group} group has no name (LibPaysOrga).", location=url
                )
            number = number or str(row.get("NumSTE") or "").lstrip("0")
            entry = ChartEntry(
                name=name,
                code=code_for(name),
                group=group,
                signature=_json_date(row.get("DateSignature"), name, "signature", url),
                consent=_json_date(row.get("DateConsentement"), name, "ratification", url),
                entry_into_force=_json_date(row.get("DateEntreeVigueur"), name, "entry into force", url),
                denunciation=_json_date(row.get("DateDenonciation"), name, "denunciation", url),
                marks=frozenset(mark for key, mark in _JSON_MARKS.items() if row.get(key)),
            )
            entries.append(entry)
            if entry.code is None:
                unmapped.append(name)
    if len(data) > 3:
        problems.append(f"The JSON has {len(data)} groups; only the first three were read.")
    return TreatyChart(
        treaty_number=number,
        entries=tuple(entries),
        source_url=url,
        unmapped=tuple(unmapped),
        problems=tuple(problems),
    )


def _json_date(raw, name: str, what: str, url: str) -> dt.date | None:
    if raw in (None, ""):
        return None
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(raw))
    try:
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        pass
    raise MalformedRecord(f"{name}'s {what} date {raw!r} is not a date.", location=url)


# --- the table --------------------------------------------------------------------------------------

_COLUMNS = {
    "states": "name",
    "state": "name",
    "member states": "name",
    "non-member states": "name",
    "international organisations": "name",
    "organisations": "name",
    "country": "name",
    "signature": "signature",
    "ratification": "consent",
    "ratification / accession": "consent",
    "entry into force": "entry_into_force",
    "entry": "entry_into_force",
    "notes": "notes",
    "note": "notes",
    "denunciation": "denunciation",
    "effect denunciation": "effect_denunciation",
    "effect of denunciation": "effect_denunciation",
    "r": "R",
    "d": "D",
    "a": "A",
    "t": "T",
    "c": "C",
    "o": "O",
    "reservations": "R",
    "declarations": "D",
    "authorities": "A",
    "territorial application": "T",
    "communication": "C",
    "communications": "C",
    "objection": "O",
    "objections": "O",
}
# The columns in order when the header row is not readable (the older chart's 11 and 13 columns).
_ELEVEN = ("name", "signature", "consent", "entry_into_force", "notes", "R", "D", "A", "T", "C", "O")
_THIRTEEN = (
    "name",
    "signature",
    "consent",
    "entry_into_force",
    "notes",
    "R",
    "denunciation",
    "effect_denunciation",
    "D",
    "A",
    "T",
    "C",
    "O",
)


def _cell(cell) -> str:
    return " ".join(cell.text_content().split())


def _group_of(text: str) -> str | None:
    lowered = text.casefold()
    if "non-member" in lowered or "non member" in lowered:
        return NON_MEMBER
    if "organisation" in lowered or "organization" in lowered:
        return ORGANISATION
    if "member" in lowered:
        return MEMBER
    return None


def _from_tables(text: str, *, url: str, number: str) -> TreatyChart:
    if not re.search(r"</html\s*>", text[-2000:], re.IGNORECASE):
        raise MalformedRecord("The page ends before its closing </html>: it looks cut short.", location=url)
    document = lxml.html.document_fromstring(text)
    entries, unmapped = [], []
    tables = [t for t in document.iter("table") if not t.xpath(".//table")]
    for table in tables:
        rows = table.xpath("./tr|./thead/tr|./tbody/tr")
        if not rows:
            continue
        header = [_cell(c).casefold().rstrip(".:") for c in rows[0].xpath("./th|./td")]
        columns = [_COLUMNS.get(h) for h in header]
        if "signature" not in columns:
            continue
        group = _group_of(header[0]) or _group_of(_caption(table)) or MEMBER
        for position, row in enumerate(rows[1:], start=2):
            cells = [_cell(c) for c in row.xpath("./th|./td")]
            if not any(cells):
                continue
            layout = columns if len(cells) == len(columns) else {11: _ELEVEN, 13: _THIRTEEN}.get(len(cells))
            if layout is None:
                raise MalformedRecord(
                    f"Row {position} of the {group} table has {len(cells)} cells; the header has {len(columns)}.",
                    location=url,
                )
            values = dict(zip(layout, cells, strict=True))
            name = values.get("name", "").strip()
            if not name:
                continue
            entry = ChartEntry(
                name=name,
                code=code_for(name),
                group=group,
                signature=_table_date(values.get("signature"), name, "signature", url),
                consent=_table_date(values.get("consent"), name, "ratification", url),
                entry_into_force=_table_date(values.get("entry_into_force"), name, "entry into force", url),
                denunciation=_table_date(values.get("denunciation"), name, "denunciation", url),
                notes=values.get("notes", "").strip(),
                marks=frozenset(m for m in MARKS if values.get(m, "").strip()),
            )
            entries.append(entry)
            if entry.code is None:
                unmapped.append(name)
    if not entries:
        raise MalformedRecord("The page has no chart table (no table headed 'Signature').", location=url)
    body = document.find("body")
    page_text = " ".join((body if body is not None else document).text_content().split())
    status = re.search(r"Status as of:?\s*(\d{1,2})/(\d{1,2})/(\d{4})", page_text)
    title = _chart_title(page_text)
    named = re.search(r"ratifications of Treaty (\d+)", page_text)
    number = number or (named.group(1) if named else "")
    signed = re.search(r"Total number of signatures not followed by ratifications:?\s*(\d+)", page_text)
    consents = re.search(r"Total number of ratifications(?:/accessions)?:?\s*(\d+)", page_text)
    return TreatyChart(
        treaty_number=number,
        entries=tuple(entries),
        source_url=url,
        title=title,
        status_as_of=dt.date(int(status.group(3)), int(status.group(2)), int(status.group(1)))
        if status
        else None,
        unmapped=tuple(unmapped),
        stated_signatures_not_followed=int(signed.group(1)) if signed else None,
        stated_consents=int(consents.group(1)) if consents else None,
    )


def _caption(table) -> str:
    caption = table.find("caption")
    if caption is not None:
        return _cell(caption)
    previous = table.getprevious()
    while previous is not None and not _cell(previous):
        previous = previous.getprevious()
    return _cell(previous) if previous is not None else ""


def _chart_title(page_text: str) -> str:
    match = re.search(
        r"Chart of signatures and ratifications of Treaty \d+\s*(.+?)\s*(?:Status as of|$)", page_text
    )
    return match.group(1).strip() if match else ""


def _table_date(raw: str | None, name: str, what: str, url: str) -> dt.date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw)
    try:
        if match:
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        pass
    raise MalformedRecord(f"{name}'s {what} date {raw!r} is not a date (dd/mm/yyyy).", location=url)
