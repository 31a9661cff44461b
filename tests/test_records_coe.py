"""The Council of Europe Treaty Office chart of CETS No. 225, from its JSON and from chart tables."""

import datetime as dt
from pathlib import Path

import pytest

from initiatives.records import coe_treaty_chart as chart
from initiatives.records.errors import MalformedRecord, UnrecognisedFormat

DATA = Path(__file__).parent / "data" / "records"
CHART_URL = "https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=225"
MEMBER_SIGNATORIES = {
    "ALB",
    "AND",
    "ARM",
    "BIH",
    "GEO",
    "ISL",
    "LIE",
    "MNE",
    "MKD",
    "NOR",
    "MDA",
    "SMR",
    "CHE",
    "UKR",
    "GBR",
}


def read(name):
    return (DATA / name).read_bytes()


@pytest.mark.parametrize("name", ["coe_cets225_signatures.json", "coe_cets225_chart.html"])
def test_it_reads_the_signatories_ratifications_and_marks(name):
    parsed = chart.parse_treaty_chart(read(name), url=CHART_URL)
    assert parsed.treaty_number == "225"
    assert parsed.unmapped == ()
    signed = {e.code for e in parsed.signatories()}
    assert len(signed) == 21
    assert {e.code for e in parsed.in_group("member") if e.signature} == MEMBER_SIGNATORIES
    assert {e.code for e in parsed.in_group("non_member")} == {"CAN", "ISR", "JPN", "USA", "URY"}
    [eu] = parsed.in_group("organisation")
    assert (eu.code, eu.signature, eu.consent) == ("EU", dt.date(2024, 9, 5), dt.date(2026, 5, 15))
    assert [e.code for e in parsed.consents()] == ["EU"]
    assert {e.code for e in parsed.entries if "D" in e.marks} == {"NOR", "UKR", "EU"}
    assert not any("R" in e.marks for e in parsed.entries)
    assert all(e.entry_into_force is None for e in parsed.entries)
    by_code = {e.code: e for e in parsed.entries}
    assert by_code["ALB"].signature == dt.date(2026, 6, 15)
    assert by_code["URY"].signature == dt.date(2025, 9, 2)
    assert by_code["FRA"].signature is None and by_code["DEU"].consent is None
    assert by_code["MDA"].name == "Republic of Moldova" and by_code["USA"].name == "United States of America"


def test_the_chart_table_states_its_date_and_totals_and_they_agree_with_its_lines():
    parsed = chart.parse_treaty_chart(read("coe_cets225_chart.html"))
    assert parsed.treaty_number == "225"  # from the page's heading
    assert parsed.status_as_of == dt.date(2026, 9, 12)
    assert parsed.title.startswith("Council of Europe Framework Convention on Artificial Intelligence")
    assert (parsed.stated_signatures_not_followed, parsed.stated_consents) == (20, 1)
    assert parsed.count_gaps() == {"signatures_not_followed": 0, "consents": 0}


def test_the_notes_column_says_accession_and_succession():
    page = (
        read("coe_cets225_chart.html")
        .decode()
        .replace(
            "<tr><td>Canada</td><td>11/02/2025</td><td></td><td></td><td></td>",
            "<tr><td>Canada</td><td></td><td>11/02/2025</td><td></td><td>a</td>",
        )
    )
    canada = next(e for e in chart.parse_treaty_chart(page).entries if e.code == "CAN")
    assert canada.consent == dt.date(2025, 2, 11) and canada.consent_kind == "accession"


def test_the_javascript_page_is_refused_with_the_address_of_its_data():
    with pytest.raises(UnrecognisedFormat, match=r"api/signatures\?numSTE=225"):
        chart.parse_treaty_chart(read("coe_chart_page_shell.html"), url=CHART_URL)


def test_truncated_json_is_refused():
    with pytest.raises(MalformedRecord, match="could not be read"):
        chart.parse_treaty_chart(read("coe_cets225_signatures_truncated.json"))


def test_an_unknown_name_is_listed_as_unmapped():
    text = read("coe_cets225_signatures.json").decode()
    assert '"Liechtenstein"' in text
    parsed = chart.parse_treaty_chart(
        text.replace('"Liechtenstein"', '"Liechtenstien"')
    )  # a typo is not guessed
    assert parsed.unmapped == ("Liechtenstien",)
    assert next(e for e in parsed.entries if e.name == "Liechtenstien").code is None


@pytest.mark.parametrize(
    "change, message",
    [
        (('"2025-02-27T00:00:00"', '"27 February 2025"'), "signature date '27 February 2025' is not a date"),
        (('"LibPaysOrga": "Andorra"', '"LibPaysOrga": ""'), "Row 2 of the member group has no name"),
    ],
)
def test_a_bad_row_is_named_by_its_group_and_position(change, message):
    text = read("coe_cets225_signatures.json").decode()
    assert change[0] in text
    with pytest.raises(MalformedRecord, match=message):
        chart.parse_treaty_chart(text.replace(change[0], change[1], 1))


def test_a_bad_date_in_a_table_is_named():
    page = read("coe_cets225_chart.html").decode().replace("27/02/2025", "2025-02-27")
    with pytest.raises(MalformedRecord, match="Liechtenstein's signature date '2025-02-27'"):
        chart.parse_treaty_chart(page)


def test_the_treaty_offices_own_spellings_map():
    assert chart.code_for("Slovak Republic") == "SVK"
    assert chart.code_for("Türkiye") == "TUR" and chart.code_for("Republic of Moldova") == "MDA"
    assert chart.code_for("European Union") == "EU" and chart.code_for("Holy See") == "VAT"
    assert chart.code_for("Kosovo") == "XKX"
