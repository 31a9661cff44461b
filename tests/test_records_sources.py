"""Getting a record from a saved file or an http(s) URL (a local server stands in for the UN's)."""

from pathlib import Path

import pytest

from initiatives.records import coe_treaty_chart, un_votes
from initiatives.records.errors import SourceUnavailable
from initiatives.records.sources import load_source

DATA = Path(__file__).parent / "data" / "records"


def test_it_reads_a_saved_file():
    source = load_source(DATA / "undl_record_4094456.html")
    assert source.content.startswith(b"<!DOCTYPE html>") and not source.is_url


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(SourceUnavailable, match="no such file"):
        load_source(tmp_path / "absent.html")


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(SourceUnavailable, match="folder"):
        load_source(tmp_path)


def test_other_schemes_are_refused():
    with pytest.raises(SourceUnavailable, match="ftp"):
        load_source("ftp://digitallibrary.un.org/record/4094456")


def test_it_fetches_a_record_page_through_the_safe_fetcher(web):
    url = web.add("/record/4094456", (DATA / "undl_record_4094456.html").read_bytes())
    [vote] = un_votes.read_un_votes(url)
    assert vote.symbol == "A/RES/80/57" and vote.roll_call_complete
    assert vote.source_url == url  # the address it was read from
    assert web.hits("/record/4094456")


def test_it_fetches_the_marcxml_export(web):
    url = web.add(
        "/record/4094456/export/xm",
        (DATA / "undl_record_4094456.xml").read_bytes(),
        content_type="application/xml; charset=utf-8",
    )
    [vote] = un_votes.read_un_votes(url)
    assert vote.source_format == "undl_marcxml" and len(vote.votes_by_code()) == 193


def test_it_uses_the_charset_the_server_declares(web):
    body = (
        (DATA / "press_gadis3731_shortened.html")
        .read_text(encoding="utf-8")
        .replace('<meta charset="utf-8">', "")
        .encode("cp1252")
    )
    url = web.add("/en/2023/gadis3731.doc.htm", body, content_type="text/html; charset=windows-1252")
    [vote] = un_votes.read_un_votes(url)
    assert "TUR" in vote.roll_call["abstain"] and vote.unmapped == ()


def test_it_fetches_the_treaty_office_json(web):
    url = (
        web.add(
            "/WS_LFRConventions/api/signatures",
            (DATA / "coe_cets225_signatures.json").read_bytes(),
            content_type="application/json",
        )
        + "?numSTE=225&langue=ENG"
    )
    parsed = coe_treaty_chart.read_treaty_chart(url)
    assert parsed.treaty_number == "225" and len(parsed.signatories()) == 21


def test_a_failed_fetch_is_a_source_error_with_the_fetchers_reason(web):
    url = web.url("/record/404")
    with pytest.raises(SourceUnavailable, match="404"):
        un_votes.read_un_votes(url)


def test_a_refused_content_type_is_a_source_error(web):
    url = web.add("/record.pdf", b"%PDF-1.4", content_type="application/pdf")
    with pytest.raises(SourceUnavailable, match="application/pdf"):
        un_votes.read_un_votes(url)


def test_a_saved_file_can_say_where_it_was_saved_from():
    saved_from = "https://press.un.org/en/2023/gadis3731.doc.htm"
    [vote] = un_votes.read_un_votes(DATA / "press_gadis3731_shortened.html", source_url=saved_from)
    assert vote.source_url == saved_from
