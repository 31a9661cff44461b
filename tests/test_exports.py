"""CSV exports, the matrix, the export_csv command, the data dictionary and the bulk zip."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.choices import DatePrecision, Position, StanceStatus
from initiatives.exports import EXPORTS, MATRIX
from initiatives.exports.bulk import BULK_FILES
from initiatives.filters import apply_filters
from initiatives.models import Stance

from .factories import make_actor, make_article, make_framework, make_organisation, make_stance, make_summit

pytestmark = pytest.mark.django_db

BOM = "\ufeff"


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response))))


@pytest.fixture
def world():
    civ = make_actor(code="CIV", name="Côte d'Ivoire")
    tur = make_actor(code="TUR", name="Türkiye")
    odd = make_actor(code="ODD", name='Name, with "quotes", and commas')
    g7 = make_organisation(code="G7", members=[tur, odd])
    treaty = make_framework(slug="cets-225", name="Framework Convention on AI, Human Rights, Democracy")
    declaration = make_framework(slug="bletchley", name="Bletchley Declaration")
    paris = make_summit(slug="paris-2025", name="AI Action Summit")
    make_stance(actor=civ, framework=treaty, position=Position.SUPPORTS, date=dt.date(2024, 3, 1))
    make_stance(
        actor=civ,
        framework=treaty,
        position=Position.SIGNS,
        date=dt.date(2024, 9, 1),
        date_precision=DatePrecision.MONTH,
        summit=paris,
        source=make_article(url="https://example.org/a?b=1,2", title="Signing, at last"),
    )
    make_stance(actor=tur, framework=declaration, position=Position.SIGNS, date=dt.date(2023, 11, 1))
    make_stance(actor=odd, framework=declaration, position=Position.OPPOSES, date=dt.date(2025, 2, 11))
    make_stance(actor=odd, framework=treaty, position=Position.SIGNS, status=StanceStatus.PENDING)
    return {"civ": civ, "tur": tur, "odd": odd, "g7": g7, "treaty": treaty, "declaration": declaration}


def test_it_round_trips_the_stances_with_names_intact(client, world):
    response = client.get("/export/stances.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="stances-' in response["Content-Disposition"]
    rows = read_csv(response)
    assert len(rows) == Stance.objects.published().count() == 4
    assert {r["actor_name"] for r in rows} == {"Côte d'Ivoire", "Türkiye", 'Name, with "quotes", and commas'}
    signed = next(r for r in rows if r["position"] == "signs" and r["actor_code"] == "CIV")
    assert signed["date"] == "2024-09", "a month-precision date is written at its precision"
    assert signed["date_precision"] == "month"
    assert signed["summit_slug"] == "paris-2025"
    assert signed["source_url"] == "https://example.org/a?b=1,2"
    assert signed["source_title"] == "Signing, at last"
    assert signed["status"] == "published"
    assert signed["framework_slug"] == "cets-225"
    assert signed["last_updated"].endswith("Z")
    assert not body(client.get("/export/stances.csv")).startswith(BOM)


def test_the_header_is_the_documented_columns(client, world):
    for kind, export in EXPORTS.items():
        header = next(csv.reader(io.StringIO(body(client.get(f"/export/{kind}.csv")))))
        assert header == [column.name for column in export.columns], kind
        assert {"id", "last_updated"} <= set(header), kind


def test_excel_adds_a_byte_order_mark_and_nothing_else(client, world):
    plain = body(client.get("/export/actors.csv"))
    excel = body(client.get("/export/actors.csv?excel=1"))
    assert excel == BOM + plain
    assert list(csv.DictReader(io.StringIO(excel.removeprefix(BOM))))[0].keys() == {
        c.name for c in EXPORTS["actors"].columns
    }


def test_it_honours_the_list_filters(client, world):
    rows = read_csv(client.get("/export/stances.csv?actor=CIV&position=signs"))
    assert [(r["actor_code"], r["position"]) for r in rows] == [("CIV", "signs")]
    rows = read_csv(client.get("/export/stances.csv?member_of=G7"))
    assert {r["actor_code"] for r in rows} == {"TUR", "ODD"}
    params = {"framework": "bletchley", "date_from": "2024"}
    rows = read_csv(client.get("/export/stances.csv", params))
    expected, _ = apply_filters(EXPORTS["stances"].filterset_class, params, Stance.objects.all())
    assert len(rows) == expected.count() == 1
    rows = read_csv(client.get("/export/actors.csv?member_of=G7"))
    assert sorted(r["code"] for r in rows) == ["ODD", "TUR"]


def test_current_exports_each_pairs_position_on_the_as_of_date(client, world):
    rows = read_csv(client.get("/export/stances.csv?as_of=2024-06-30&actor=CIV&current=1"))
    assert [r["position"] for r in rows] == ["supports"]
    response = client.get("/export/stances.csv?as_of=2024-12-31&actor=CIV&current=1")
    assert [r["position"] for r in read_csv(response)] == ["signs"]
    assert 'filename="stances-as-of-2024-12-31.csv"' in response["Content-Disposition"]


def test_as_of_exports_the_record_up_to_that_date(client, world):
    rows = read_csv(client.get("/export/stances.csv?as_of=2024-06-30&actor=CIV"))
    assert [r["position"] for r in rows] == ["supports"]
    rows = read_csv(client.get("/export/stances.csv?as_of=2024-12-31&actor=CIV"))
    assert sorted(r["position"] for r in rows) == ["signs", "supports"]


def test_pending_stances_are_never_exported_to_the_public(client, world):
    rows = read_csv(client.get("/export/stances.csv?actor=ODD"))
    assert {r["status"] for r in rows} == {"published"}
    response = client.get("/export/stances.csv?status=pending")
    assert response.status_code == 400
    assert "Only published stances are public" in body(response)


@pytest.mark.parametrize(
    "query, message",
    [
        ("actor=CIV,NOPE", "actor: Unknown actor code: NOPE."),
        ("position=likes", "position: Unknown position: likes."),
        ("as_of=2024-02-30", "as_of: '2024-02-30' is not a date"),
        ("date_from=last-year", "date_from: 'last-year' is not a date"),
        ("positon=signs", "positon: Unknown parameter. The stances export takes:"),
        ("excel=please", "excel: Use excel=1"),
    ],
)
def test_bad_parameters_get_a_400_with_a_plain_message(client, world, query, message):
    response = client.get(f"/export/stances.csv?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert message in body(response)


def test_an_unknown_export_is_a_404(client):
    assert client.get("/export/secrets.csv").status_code == 404


def test_the_matrix_gives_each_position_as_of_a_date(client, world):
    rows = read_csv(client.get("/export/matrix.csv?as_of=2024-06-30"))
    by_code = {r["actor_code"]: r for r in rows}
    assert list(rows[0].keys()) == ["actor_code", "actor_name", "bletchley", "cets-225"]
    assert by_code["CIV"]["cets-225"] == "supports"
    assert by_code["TUR"]["bletchley"] == "signs"
    assert by_code["ODD"]["bletchley"] == "", "its opposition came in 2025"
    assert by_code["ODD"]["cets-225"] == "", "a pending stance is no position"

    rows = read_csv(client.get("/export/matrix.csv?member_of=G7&framework=bletchley"))
    assert [(r["actor_code"], r["bletchley"]) for r in rows] == [("ODD", "opposes"), ("TUR", "signs")]
    assert "cets-225" not in rows[0]


def test_the_matrix_reports_bad_filters_under_its_own_names(client, world):
    response = client.get("/export/matrix.csv?actor_kind=planet&framework=nope")
    assert response.status_code == 400
    text = body(response)
    assert "actor_kind: Unknown actor kind: planet." in text
    assert "framework: Unknown framework slug: nope." in text


def test_export_queries_do_not_grow_with_rows(client, world):
    def count_queries(url):
        with CaptureQueriesContext(connection) as queries:
            body(client.get(url))
        return len(queries)

    before = {kind: count_queries(f"/export/{kind}.csv?as_of=2030-01-01") for kind in [*EXPORTS, "matrix"]}
    for n in range(30):
        actor = make_actor(name=f"Pays {n}")
        framework = make_framework()
        make_stance(actor=actor, framework=framework, summit=make_summit())
        make_organisation(members=[actor])
    after = {kind: count_queries(f"/export/{kind}.csv?as_of=2030-01-01") for kind in [*EXPORTS, "matrix"]}
    assert after == before
    assert max(after.values()) <= 4


def test_the_command_writes_the_same_csv_as_the_view(client, world, tmp_path):
    output = tmp_path / "stances.csv"
    call_command(
        "export_csv", "stances", "--filter", "actor=CIV", "--as-of", "2024-12-31", "--output", str(output)
    )
    from_view = body(client.get("/export/stances.csv?actor=CIV&as_of=2024-12-31"))
    assert output.read_bytes().decode("utf-8") == from_view

    stdout = io.StringIO()
    call_command("export_csv", "matrix", "--filter", "member_of=G7", "--excel", stdout=stdout)
    assert stdout.getvalue().startswith(BOM + "actor_code,actor_name,")


def test_the_command_refuses_bad_filters_with_the_message(tmp_path):
    with pytest.raises(CommandError, match="Unknown position: likes"):
        call_command(
            "export_csv", "stances", "--filter", "position=likes", "--output", str(tmp_path / "x.csv")
        )
    with pytest.raises(CommandError, match="key=value"):
        call_command("export_csv", "stances", "--filter", "position")
    assert not (tmp_path / "x.csv").exists(), "no half-written file is left behind"


def test_the_data_dictionary_describes_every_column_of_every_export(client):
    page = client.get("/data/dictionary/").content.decode()
    for export in EXPORTS.values():
        assert f'id="{export.kind}"' in page
        for column in export.columns:
            assert f"<code>{column.name}</code>" in page, (export.kind, column.name)
    assert 'href="/data/download.zip"' in page
    assert 'href="/export/matrix.csv"' in page
    dictionary = list(csv.DictReader(io.StringIO(client.get("/data/dictionary.csv").content.decode())))
    assert {(r["file"], r["column"]) for r in dictionary} >= {
        ("stances.csv", "source_url"),
        ("matrix.csv", "actor_code"),
    }


def test_the_bulk_zip_holds_every_file(client, world):
    response = client.get("/data/download.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == sorted(BULK_FILES)
    stances = list(csv.DictReader(io.StringIO(archive.read("stances.csv").decode())))
    assert len(stances) == 4, "published stances only"
    assert archive.read("matrix.csv").decode().startswith("actor_code,actor_name,bletchley,cets-225")
    sources = archive.read("SOURCES.md").decode()
    assert "https://example.org/a?b=1,2" in sources
    assert "Signing, at last" in sources
    assert "source_url" in archive.read("data-dictionary.md").decode()
    assert "MIT" in archive.read("README.txt").decode()


def test_the_matrix_column_list_is_in_the_dictionary():
    assert MATRIX.columns[0].name == "actor_code"


def test_the_database_and_python_writers_give_the_same_bytes(world):
    """On PostgreSQL the database writes the CSV (COPY); the Python writer must agree byte for byte."""
    from initiatives.exports.columns import csv_blocks

    world["treaty"].binding = True
    world["treaty"].save()
    for kind, export in EXPORTS.items():
        queryset = export.filtered({})
        written = b"".join(export.blocks(queryset))
        in_python = b"".join(csv_blocks(export.header, export.values(queryset).iterator()))
        assert written == in_python, kind
    frameworks = list(
        csv.DictReader(
            io.StringIO(b"".join(EXPORTS["frameworks"].blocks(EXPORTS["frameworks"].filtered({}))).decode())
        )
    )
    assert {f["slug"]: f["binding"] for f in frameworks} == {"cets-225": "true", "bletchley": "false"}
    stance = next(
        csv.DictReader(io.StringIO(b"".join(EXPORTS["stances"].blocks(Stance.objects.all())).decode()))
    )
    assert stance["confidence"] == "1.000"
    assert stance["position_detail"] == ""


def test_a_stream_abandoned_half_way_leaves_the_connection_usable(world, monkeypatch):
    from initiatives.exports import columns, sql

    # A block per row, so that the stream stops in the middle of the COPY or the cursor.
    monkeypatch.setattr(sql, "COPY_BLOCK_BYTES", 1)
    monkeypatch.setattr(columns, "ROWS_PER_BLOCK", 1)
    export = EXPORTS["stances"]
    blocks = export.blocks(export.filtered({}))
    assert next(blocks).startswith(b"id,")
    assert next(blocks).count(b"\n") == 1
    blocks.close()  # the client went away
    assert Stance.objects.published().count() == 4


def test_export_links_carry_a_pages_filters_but_not_its_paging():
    from django.http import QueryDict

    from initiatives.exports import export_url

    url = export_url("stances", QueryDict("actor=CHN&actor=USA&position=signs&page=3&sort=date"))
    assert url == "/export/stances.csv?actor=CHN&actor=USA&position=signs"
    assert export_url("matrix", QueryDict("member_of=G20&as_of=2025-01-01")) == (
        "/export/matrix.csv?member_of=G20&as_of=2025-01-01"
    )
    assert export_url("actors", QueryDict("")) == "/export/actors.csv"


def test_each_export_links_to_its_columns(client, world):
    response = client.get("/export/summits.csv")
    assert response["Link"] == '</data/dictionary/#summits>; rel="describedby"'


def test_the_bulk_zip_is_rebuilt_only_when_the_data_changes(client, world):
    def download():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/data/download.zip")
            archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        return archive, len(queries)

    first, _ = download()
    again, queries = download()
    assert queries <= 6, "a cached zip costs the fingerprint queries only"
    assert again.read("actors.csv") == first.read("actors.csv")
    world["tur"].name = "Republic of Türkiye"
    world["tur"].save()
    changed, _ = download()
    assert "Republic of Türkiye" in changed.read("actors.csv").decode()


def test_votes_csv_gives_each_vote_its_official_and_recorded_counts(client, world):
    from initiatives.choices import Act
    from initiatives.models import Vote
    from tests.factories import make_actor, make_article, make_framework, make_stance

    resolution = make_framework(slug="unga-res-80-57", kind="resolution")
    plenary = Vote.objects.create(
        framework=resolution,
        body="plenary",
        date=dt.date(2025, 12, 1),
        source=make_article(),
        official_for=2,
        official_against=1,
        official_abstain=1,
        symbol="A/RES/80/57",
    )
    consensus = Vote.objects.create(
        framework=make_framework(slug="unga-res-78-265", kind="resolution"),
        body="plenary",
        date=dt.date(2024, 3, 21),
        source=make_article(),
        adopted_without_vote=True,
    )
    for act in (Act.VOTED_FOR, Act.VOTED_FOR, Act.VOTED_AGAINST):
        make_stance(actor=make_actor(), framework=resolution, act=act, vote=plenary, date=plenary.date)
    rows = {row["framework"]: row for row in read_csv(client.get("/export/votes.csv"))}
    header = list(rows["unga-res-80-57"])
    for column in (
        "framework",
        "body",
        "date",
        "adopted_without_vote",
        "official_for",
        "official_against",
        "official_abstain",
        "recorded_for",
        "recorded_against",
        "recorded_abstain",
    ):
        assert column in header
    vote = rows["unga-res-80-57"]
    assert (vote["body"], vote["date"], vote["adopted_without_vote"]) == ("plenary", "2025-12-01", "false")
    assert [vote[k] for k in ("official_for", "official_against", "official_abstain")] == ["2", "1", "1"]
    # One abstention is not in the roll call: recorded 2-1-0 against 2-1-1.
    assert [vote[k] for k in ("recorded_for", "recorded_against", "recorded_abstain")] == ["2", "1", "0"]
    adopted = rows["unga-res-78-265"]
    assert adopted["adopted_without_vote"] == "true"
    assert [adopted[k] for k in ("official_for", "recorded_for")] == ["", "0"]
    assert consensus.tally().missing is None
    # The API has the same records.
    api = {v["framework"]: v for v in client.get("/api/v1/votes/").json()["results"]}
    assert (api["unga-res-80-57"]["recorded_abstain"], api["unga-res-80-57"]["official_abstain"]) == (0, 1)
    assert api["unga-res-78-265"]["adopted_without_vote"] is True
    # Each ballot is a row of stances.csv with its act and the vote it belongs to.
    ballots = [
        r for r in read_csv(client.get("/export/stances.csv?framework=unga-res-80-57")) if r["vote_id"]
    ]
    assert sorted(r["act"] for r in ballots) == ["voted_against", "voted_for", "voted_for"]
    assert {r["source_kind"] for r in ballots} == {"secondary"}


def test_stances_csv_and_the_api_filter_by_source_kind_and_act(client, world):
    Stance.objects.filter(pk=Stance.objects.published().first().pk).update(source_kind="primary")
    rows = read_csv(client.get("/export/stances.csv?source_kind=primary"))
    assert len(rows) == 1
    assert rows and {r["source_kind"] for r in rows} == {"primary"}
    api = client.get("/api/v1/stances/?source_kind=secondary&act=signed").json()["results"]
    assert api and {(s["source_kind"], s["act"]) for s in api} == {("secondary", "signed")}
    assert client.get("/export/stances.csv?source_kind=official").status_code == 400
