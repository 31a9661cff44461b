"""Bytes of any encoding become the same text, and no record parser lets a stray exception out."""

import contextlib
from pathlib import Path

import pytest

from initiatives.records import coe_treaty_chart, un_votes
from initiatives.records.decoding import declared_charset, decode
from initiatives.records.errors import RecordError

DATA = Path(__file__).parent / "data" / "records"
TEXT = "Türkiye, Côte d’Ivoire"


@pytest.mark.parametrize(
    "data, declared",
    [
        (TEXT.encode("utf-8"), None),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "iso-8859-1"),  # a BOM beats a wrong declaration
        (TEXT.encode("utf-16"), None),
        (TEXT.encode("utf-16-le"), None),  # no BOM: the NULs give it away
        (TEXT.encode("cp1252"), "windows-1252"),
        (TEXT.encode("cp1252"), "utf-8"),  # declared wrongly: the bytes are not UTF-8
        (TEXT.encode("cp1252"), "no-such-charset"),
    ],
)
def test_it_decodes_any_encoding_to_the_same_text(data, declared):
    assert decode(data, declared=declared) == TEXT


def test_it_reads_the_documents_own_declaration():
    assert (
        declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
        == "windows-1252"
    )
    assert declared_charset(b'<?xml version="1.0" encoding="ISO-8859-1"?><a/>') == "ISO-8859-1"
    assert decode('<?xml version="1.0" encoding="ISO-8859-1"?><a>T\xfcrkiye</a>'.encode("latin-1")).endswith(
        "Türkiye</a>"
    )


@pytest.mark.parametrize(
    "name",
    [
        "undl_record_4094456.html",
        "undl_record_4094456.xml",
        "press_gadis3731_shortened.html",
        "press_ga12736_annexes.txt",
    ],
)
def test_every_cut_of_a_un_record_parses_or_fails_with_a_record_error(name):
    data = (DATA / name).read_bytes()
    for end in range(0, len(data), max(1, len(data) // 60)):
        with contextlib.suppress(RecordError):
            un_votes.parse_un_votes(data[:end])


@pytest.mark.parametrize("name", ["coe_cets225_signatures.json", "coe_cets225_chart.html"])
def test_every_cut_of_a_chart_parses_or_fails_with_a_record_error(name):
    data = (DATA / name).read_bytes()
    for end in range(0, len(data), max(1, len(data) // 60)):
        with contextlib.suppress(RecordError):
            coe_treaty_chart.parse_treaty_chart(data[:end])


@pytest.mark.parametrize(
    "junk",
    [
        b"",
        b"\x00\x01\x02\xff" * 50,
        b"<html>",
        b"[1, 2, 3]",
        b"{}",
        b"<record/>",
        b"<collection><record><datafield tag='791'/></record></collection>",
    ],
)
def test_junk_fails_with_a_record_error(junk):
    for parse in (un_votes.parse_un_votes, coe_treaty_chart.parse_treaty_chart):
        with pytest.raises(RecordError):
            parse(junk)
