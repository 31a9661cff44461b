"""UN Digital Library voting records, page and MARCXML: totals, date, symbols and every State's vote."""

import datetime as dt
from pathlib import Path

import pytest

from initiatives.records import undl
from initiatives.records.errors import MalformedRecord, UnrecognisedFormat

DATA = Path(__file__).parent / "data" / "records"


def read(name):
    return (DATA / name).read_bytes()


@pytest.mark.parametrize("name", ["undl_record_4094456.html", "undl_record_4094456.xml"])
def test_it_reads_the_80_57_record_in_both_formats(name):
    vote = undl.parse_record(read(name))
    assert vote.symbol == "A/RES/80/57"
    assert vote.date == dt.date(2025, 12, 1)
    assert vote.body == "plenary"
    assert vote.title.startswith("Lethal autonomous weapons systems")
    assert (vote.official.in_favour, vote.official.against, vote.official.abstaining) == (164, 6, 7)
    assert (vote.official.non_voting, vote.official.membership) == (16, 193)
    assert vote.roll_call["against"] == ("BDI", "BLR", "ISR", "PRK", "RUS", "USA")
    assert vote.roll_call["abstain"] == ("ARG", "CHN", "IRN", "NIC", "POL", "SAU", "TUR")
    assert {"AFG", "VEN", "UKR"} <= set(vote.roll_call["non_voting"])
    assert len(vote.roll_call["for"]) == 164
    assert vote.roll_call_gaps() == {"for": 0, "against": 0, "abstain": 0, "non_voting": 0}
    assert vote.roll_call_complete
    assert vote.unmapped == () and vote.problems == ()
    assert vote.members_not_listed() == []
    assert vote.source_url == "https://digitallibrary.un.org/record/4094456"  # from the saved page itself


def test_the_page_and_the_marcxml_give_the_same_votes():
    page = undl.parse_record(read("undl_record_4094456.html"))
    marc = undl.parse_record(read("undl_record_4094456.xml"))
    assert page.votes_by_code() == marc.votes_by_code()
    assert len(page.votes_by_code()) == 193


def test_a_shortened_roll_call_says_how_many_names_are_missing_per_category():
    vote = undl.parse_record(read("undl_record_4031004_shortened.html"))
    assert vote.symbol == "A/RES/78/241" and vote.date == dt.date(2023, 12, 22)
    assert vote.official.as_dict() == {"for": 152, "against": 4, "abstain": 11}
    assert vote.roll_call_gaps() == {"for": 121, "against": 3, "abstain": 10, "non_voting": 19}
    assert not vote.roll_call_complete
    assert vote.roll_call["against"] == ("BLR",) and vote.roll_call["abstain"] == ("CHN",)
    assert len(vote.members_not_listed()) == 193 - 40


def test_the_marcxml_excerpt_keeps_its_meeting_record_and_counts_the_missing():
    vote = undl.parse_record(read("undl_record_4096564_excerpt.xml"))
    assert vote.symbol == "A/RES/80/214"
    assert vote.meeting_record == "A/80/PV.69"
    assert vote.date == dt.date(2025, 12, 18)
    assert vote.roll_call == {"for": ("GBR",), "against": ("USA",), "abstain": (), "non_voting": ("RUS",)}
    assert vote.roll_call_gaps() == {"for": 166, "against": 1, "abstain": 11, "non_voting": 12}
    assert vote.source_url == "https://digitallibrary.un.org/record/4096564"


def test_votes_file_entry_has_the_shared_format():
    entry = undl.parse_record(read("undl_record_4094456.html")).as_votes_file_entry()
    assert entry["symbol"] == "A/RES/80/57" and entry["body"] == "plenary" and entry["date"] == "2025-12-01"
    assert entry["official"] == {"for": 164, "against": 6, "abstain": 7}
    assert entry["roll_call_complete"] is True and entry["adopted_without_vote"] is False
    assert sum(len(codes) for codes in entry["roll_call"].values()) == 193


def test_an_unknown_name_is_kept_as_unmapped_with_its_category_and_the_record_is_not_complete():
    vote = undl.parse_record(read("undl_record_4094456_unknown_name.html"))
    assert [(u.name, u.category) for u in vote.unmapped] == [
        ("SOCIALIST PEOPLE'S LIBYAN ARAB JAMAHIRIYA", "for")
    ]
    assert "not a UN spelling" in vote.unmapped[0].reason
    assert vote.roll_call_gaps()["for"] == 0  # the name is listed, just not mapped
    assert not vote.roll_call_complete
    assert vote.members_not_listed() == ["LBY"]


def test_a_truncated_page_is_refused_as_cut_short():
    with pytest.raises(MalformedRecord, match="cut short"):
        undl.parse_record(
            read("undl_record_4094456_truncated.html"), url="https://digitallibrary.un.org/record/4094456"
        )


def test_a_page_without_its_vote_summary_says_the_totals_are_missing():
    with pytest.raises(MalformedRecord, match="no vote summary"):
        undl.parse_record(read("undl_record_4094456_no_summary.html"))


def test_a_truncated_marcxml_file_is_refused_clearly():
    data = read("undl_record_4094456.xml")
    with pytest.raises(MalformedRecord, match="could not be read"):
        undl.parse_record(data[: len(data) // 2])


def test_marcxml_without_totals_names_the_missing_field():
    text = read("undl_record_4096564_excerpt.xml").decode()
    start, end = text.index('<datafield tag="996"'), text.index('<datafield tag="967"')
    with pytest.raises(MalformedRecord, match="996"):
        undl.parse_record(text[:start] + text[end:])


def test_marcxml_with_a_dtd_entity_is_refused():
    evil = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "boom">]>'
        '<collection xmlns="http://www.loc.gov/MARC21/slim"><record><datafield tag="791">'
        '<subfield code="a">&x;</subfield></datafield></record></collection>'
    )
    with pytest.raises(MalformedRecord, match="entities"):
        undl.parse_marcxml(evil)


@pytest.mark.parametrize(
    "summary, message",
    [
        ("Yes: 164 | No: 6 | Abstentions: 7 | Total voting membership: 193", "Non-Voting"),
        (
            "Yes: 164 | No: 6 | Abstentions: 7 | Non-Voting: 15 | Total voting membership: 193",
            "does not add up",
        ),
    ],
)
def test_a_vote_summary_that_is_incomplete_or_does_not_add_up_is_refused(summary, message):
    with pytest.raises(MalformedRecord, match=message):
        undl.parse_vote_summary(summary)


def test_a_blank_zero_in_an_old_summary_is_read_as_zero_when_the_rest_adds_up():
    # Record 671259 as its scrapers quote it: "No:" left blank.
    totals = undl.parse_vote_summary(
        "Voting Summary Yes: 44 | No: | Abstentions: 5 | Non-Voting: 5 | Total voting membership: 54"
    )
    assert (totals.in_favour, totals.against, totals.abstaining, totals.non_voting) == (44, 0, 5, 5)


def test_a_record_from_other_bytes_is_not_taken_for_a_vote():
    with pytest.raises(UnrecognisedFormat):
        undl.parse_record(b"<html><body><p>Nothing here</p></body></html>")


def test_old_records_names_map_to_todays_codes():
    page = read("undl_record_4094456.html").decode()
    for today, then in [
        ("A TURKIYE<br>", "A TURKEY<br>"),
        ("\nESWATINI<br>", "\nSWAZILAND<br>"),
        ("Y NORTH MACEDONIA<br>", "Y THE FORMER YUGOSLAV REPUBLIC OF MACEDONIA<br>"),
    ]:
        assert today in page
        page = page.replace(today, then)
    vote = undl.parse_record(page)
    assert (
        "TUR" in vote.roll_call["abstain"]
        and "SWZ" in vote.roll_call["non_voting"]
        and "MKD" in vote.roll_call["for"]
    )
    assert vote.unmapped == () and vote.roll_call_complete
