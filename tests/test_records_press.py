"""UN meeting coverage: the votes a press release states, inline or in its annexes, in any encoding."""

import datetime as dt
from pathlib import Path

import pytest

from initiatives.records import press, un_votes
from initiatives.records.errors import MalformedRecord, UnrecognisedFormat

DATA = Path(__file__).parent / "data" / "records"


def read(name):
    return (DATA / name).read_bytes()


def test_it_reads_the_first_committee_vote_with_its_inline_lists():
    [vote] = press.parse_meeting_coverage(read("press_gadis3731_shortened.html"))
    assert vote.body == "first_committee"
    assert vote.date == dt.date(2023, 11, 1)
    assert vote.source_document == "GA/DIS/3731"
    assert vote.meeting_record == "Seventy-eighth Session, 28th Meeting (AM) (GA/DIS/3731)"
    assert vote.draft_symbol == "A/C.1/78/L.56" and vote.symbol == ""  # named in the first paragraph
    assert vote.title == "lethal autonomous weapons systems"
    assert vote.official.as_dict() == {"for": 164, "against": 5, "abstain": 8}
    assert vote.roll_call["against"] == ("BLR", "IND", "MLI", "NER", "RUS")
    assert vote.roll_call["abstain"] == ("ARE", "CHN", "IRN", "ISR", "PRK", "SAU", "SYR", "TUR")
    assert not vote.part_vote  # "the draft resolution as a whole", after 11 votes on its provisions
    # The release names only those against and abstaining: the 164 in favour are missing, and with a
    # membership of 193 the 16 who did not vote.
    assert vote.roll_call_gaps() == {"for": 164, "against": 0, "abstain": 0, "non_voting": 16}
    assert not vote.roll_call_complete


def test_it_reads_several_votes_from_the_annexes_each_with_its_own_lists():
    votes = press.parse_meeting_coverage(read("press_ga12736_annexes.txt"))
    assert [v.draft_symbol for v in votes] == ["A/C.1/80/L.56", "A/C.1/80/L.41", ""]
    assert [v.official.as_dict()["for"] for v in votes] == [118, 164, 167]
    assert all(v.body == "plenary" and v.date == dt.date(2025, 12, 1) for v in votes)
    assert all(v.roll_call_complete and v.unmapped == () for v in votes)
    assert all(v.roll_call_gaps()["non_voting"] == 0 for v in votes)  # the Absent lists
    assert votes[2].title.startswith("Artificial intelligence in the military domain")
    nuclear, laws, _ = votes
    assert "GBR" in nuclear.roll_call["against"] and "FRA" in nuclear.roll_call["against"]
    assert laws.roll_call["against"] == ("BDI", "BLR", "ISR", "PRK", "RUS", "USA")
    assert "NLD" in laws.roll_call["for"]  # "Kingdom of the Netherlands"


def test_the_annex_and_the_digital_library_record_agree_on_80_57():
    laws = press.parse_meeting_coverage(read("press_ga12736_annexes.txt"))[1]
    record = un_votes.parse_un_votes(read("undl_record_4094456.html"))[0]
    assert laws.votes_by_code() == record.votes_by_code()


def test_the_same_vote_in_the_body_and_the_annex_is_one_vote_with_the_fuller_lists():
    annex = read("press_ga12736_annexes.txt").decode()
    body = (
        "The Assembly adopted the draft resolution “Lethal autonomous weapons systems” (document "
        "A/C.1/80/L.41) by a recorded vote of 164 in favour to 6 against (Belarus, Burundi, Democratic "
        "People’s Republic of Korea, Israel, Russian Federation, United States), with 7 abstentions "
        "(Argentina, China, Iran, Nicaragua, Poland, Saudi Arabia, Türkiye) (Annex II).\n\n"
    )
    votes = press.parse_meeting_coverage(annex.replace("ANNEX I\n", body + "ANNEX I\n", 1))
    assert len(votes) == 3
    laws = next(v for v in votes if v.draft_symbol == "A/C.1/80/L.41")
    assert laws.roll_call_complete and laws.problems == ()


@pytest.mark.parametrize(
    "name", ["press_gadis3731_cp1252.html", "press_gadis3731_mislabelled.html", "press_gadis3731_utf16.html"]
)
def test_other_encodings_read_the_same(name):
    [vote] = press.parse_meeting_coverage(read(name))
    assert vote.roll_call["abstain"] == ("ARE", "CHN", "IRN", "ISR", "PRK", "SAU", "SYR", "TUR")
    assert vote.unmapped == ()


def test_a_pasted_paragraph_needs_the_meeting_date():
    paragraph = (
        "After 11 separate recorded votes on its provisions, the draft resolution as a whole was approved "
        "by a recorded vote of 164 in favour to 5 against (Belarus, India, Mali, Niger, Russian Federation), "
        "with 8 abstentions (China, Democratic People’s Republic of Korea, Iran, Israel, Saudi Arabia, "
        "Syria, Türkiye, United Arab Emirates)."
    )
    with pytest.raises(MalformedRecord, match="no meeting date"):
        press.parse_meeting_coverage(paragraph)
    [vote] = press.parse_meeting_coverage(paragraph, date=dt.date(2023, 11, 1))
    assert vote.body == "other" and vote.official.abstaining == 8


def test_an_unknown_name_in_a_list_is_reported_not_guessed():
    text = read("press_ga12736_annexes.txt").decode()
    assert "Against:  Argentina," in text
    nuclear = press.parse_meeting_coverage(text.replace("Against:  Argentina,", "Against:  Argentinia,"))[0]
    assert [(u.name, u.category) for u in nuclear.unmapped] == [("Argentinia", "against")]
    assert nuclear.roll_call_gaps()["against"] == 0 and not nuclear.roll_call_complete


def test_lists_without_totals_are_refused_naming_what_is_missing():
    with pytest.raises(MalformedRecord, match="no totals"):
        press.parse_meeting_coverage(read("press_lists_without_totals.txt"))


def test_a_truncated_page_is_refused():
    data = read("press_gadis3731_shortened.html")
    with pytest.raises(MalformedRecord, match="cut short"):
        press.parse_meeting_coverage(data[: data.index(b"After 11 separate")])


def test_a_page_with_no_vote_says_so():
    page = b"<html><body><p>GA/12736</p><p>1 December 2025</p><p>The Assembly met.</p></body></html>"
    with pytest.raises(MalformedRecord, match="no recorded vote"):
        press.parse_meeting_coverage(page)
    with pytest.raises(UnrecognisedFormat):
        un_votes.parse_un_votes(page)


def test_an_adoption_without_a_vote_is_a_record_with_no_totals():
    text = (
        "21 March 2024\n\nThe General Assembly adopted without a vote the resolution titled “Seizing the "
        "opportunities of safe, secure and trustworthy artificial intelligence systems for sustainable "
        "development” (document A/78/L.49).\n\nDelegates said the drafts had been approved without a vote."
    )
    [vote] = press.parse_meeting_coverage(text)  # the summary sentence names no text: not a record
    assert vote.adopted_without_vote and vote.draft_symbol == "A/78/L.49"
    assert vote.title.startswith("Seizing the opportunities") and vote.date.isoformat() == "2024-03-21"
    assert vote.official.as_dict() == {"for": None, "against": None, "abstain": None}
    assert not vote.roll_call_complete
    assert vote.as_votes_file_entry()["official"] is None


def test_a_vote_on_a_paragraph_is_marked_as_a_part_vote():
    text = (
        "GA/DIS/3731\n1 November 2023\n\nOperative paragraph 2 was retained by a recorded vote of 150 in "
        "favour to 2 against (Russian Federation, Belarus), with 10 abstentions."
    )
    [vote] = press.parse_meeting_coverage(text)
    assert vote.part_vote and vote.official.abstaining == 10


def test_an_annex_reference_in_parentheses_is_not_a_list_of_names():
    # As GA/11331 (2012) writes it.
    text = (
        "GA/11331\n20 December 2012\n\nBy the resolution on Syria — adopted by a recorded vote of 135 in "
        "favour to 12 against, with 36 abstentions (Annex XV) — the Assembly called on that country to protect "
        "the population."
    )
    [vote] = press.parse_meeting_coverage(text)
    assert vote.official.as_dict() == {"for": 135, "against": 12, "abstain": 36}
    assert vote.unmapped == () and vote.roll_call["abstain"] == ()
    assert vote.body == "plenary"


def test_totals_written_with_commas_and_and_are_read():
    text = (
        "GA/DIS/3731\n1 November 2023\n\nThe draft resolution (document A/C.1/78/L.56) was approved by a "
        "recorded vote of 164 in favour, 5 against and 8 abstentions."
    )
    [vote] = press.parse_meeting_coverage(text)
    assert vote.official.as_dict() == {"for": 164, "against": 5, "abstain": 8}
