"""The importers: import_positions, import_un_vote and import_treaty_chart.

Each is idempotent (a second run changes nothing and says so), has a dry run, reports each bad row
with its number and keeps the good ones, and never overwrites what a curator edited. The official
records are read from fixtures in their sources' formats (tests/data/records/README.md), from a
file or from a local server standing in for the UN and the Council of Europe.
"""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from initiatives.choices import Act, SourceKind
from initiatives.ledger.positions import import_positions, read_positions
from initiatives.models import Actor, Article, Stance, StanceSource, Vote
from initiatives.records import un_names
from tests.factories import make_actor, make_framework, make_organisation, make_stance
from tests.httpserver import Route

pytestmark = pytest.mark.django_db
RECORDS = Path(__file__).parent / "data" / "records"

CSV = """actor,framework,act,date,source_url,source_kind,note,also_sources
FRA,treaty,signed,2024-09-05,https://www.coe.int/chart,primary,Signed in Vilnius.,https://news.example.org/vilnius
Côte d'Ivoire,treaty,signed,2025-02,https://www.coe.int/chart,primary,,
Atlantis,treaty,signed,2024-09-05,https://www.coe.int/chart,primary,,
FRA,treaty,voted_for,2024-09-05,https://www.coe.int/chart,primary,,
FRA,treaty,signed,2024-13-01,https://www.coe.int/chart,primary,,
Türkiye,treaty,ratified,2026,https://www.coe.int/chart,primary,,
FRA,treaty,signed,2024-09-05,https://www.coe.int/chart,primary,the same again,
JPN,nope,signed,2024-09-05,https://www.coe.int/chart,primary,,
JPN,treaty,signed,2024-09-05,ftp://example.org/x,primary,,
JPN,treaty,signed,2024-09-05,https://www.coe.int/chart,maybe,,
"""


@pytest.fixture
def world():
    for code, name in [("FRA", "France"), ("CIV", "Côte d'Ivoire"), ("TUR", "Türkiye"), ("JPN", "Japan")]:
        make_actor(code=code, name=name)
    return make_framework(slug="treaty", name="A treaty")


def load(text, **kwargs):
    return import_positions(read_positions(text.encode(), name="positions.csv"), **kwargs)


def test_each_bad_row_is_reported_with_its_number_and_the_rest_loaded(world):
    report = load(CSV)
    problems = {problem.row: problem.reason for problem in report.problems}
    assert set(problems) == {3, 4, 5, 7, 8, 9, 10}
    assert "unknown actor 'Atlantis'" in problems[3]
    assert "import_un_vote" in problems[4]
    assert "bad date" in problems[5]
    assert "the same act as row 1" in problems[7]
    assert "unknown framework slug 'nope'" in problems[8]
    assert "not a web address" in problems[9]
    assert "source_kind" in problems[10]
    assert report["Stance"].inserted == 3
    civ = Stance.objects.get(actor__code="CIV")
    assert (civ.date_iso, civ.act, civ.position, civ.source_kind) == ("2025-02", "signed", "signs", "primary")
    assert Stance.objects.get(actor__code="TUR").date_precision == "year"
    # The second page becomes a corroborating source.
    france = Stance.objects.get(actor__code="FRA")
    assert [s.article.url for s in france.corroborations.all()] == ["https://news.example.org/vilnius"]


def test_importing_the_same_file_twice_changes_nothing(world):
    load(CSV)
    again = load(CSV)
    assert again.changed == 0
    assert again["Stance"].unchanged == 3
    assert again["StanceSource"].inserted == 0


def test_a_dry_run_reports_the_same_and_writes_nothing(world):
    report = load(CSV, dry_run=True)
    assert report["Stance"].inserted == 3 and len(report.problems) == 7
    assert not Stance.objects.exists() and not Article.objects.exists()


def test_a_curators_edit_is_never_overwritten(world, django_user_model):
    load(CSV)
    france = Stance.objects.get(actor__code="FRA")
    france.note = "Checked against the Treaty Office chart by a curator."
    france._history_user = django_user_model.objects.create_user("curator")
    france.save()
    changed = CSV.replace("Signed in Vilnius.", "Signed at the Vilnius conference.")
    report = load(changed)
    france.refresh_from_db()
    assert france.note == "Checked against the Treaty Office chart by a curator."
    assert report["Stance"].kept == 1


def test_a_stance_recorded_before_its_act_was_known_is_refined_not_duplicated(world):
    """The starter data recorded co-sponsors as 'supports' (an act of stated support); the ledger says
    co-sponsored, on the same page and day: one stance, its act corrected, its old page kept."""
    old = make_stance(
        actor=Actor.objects.get(code="FRA"),
        framework=world,
        act=Act.STATED_SUPPORT,
        date=dt.date(2024, 3, 21),
    )
    row = f"actor,framework,act,date,source_url,source_kind,note\nFRA,treaty,co_sponsored,2024-03-21,{old.source.url},secondary,\n"
    report = load(row)
    assert report["Stance"].updated == 1 and report["Stance"].inserted == 0
    assert list(Stance.objects.filter(actor__code="FRA").values_list("act", "position")) == [
        ("co_sponsored", "supports")
    ]


def test_a_primary_source_is_added_and_the_news_page_kept(world):
    news = make_stance(
        actor=Actor.objects.get(code="JPN"), framework=world, act=Act.SIGNED, date=dt.date(2025, 2, 11)
    )
    row = (
        "actor,framework,act,date,source_url,source_kind,note,also_sources\n"
        f"JPN,treaty,signed,2025-02-11,https://www.coe.int/chart,primary,,{news.source.url}\n"
    )
    load(row)
    stance = Stance.objects.get(actor__code="JPN")
    assert (stance.source.url, stance.source_kind) == ("https://www.coe.int/chart", SourceKind.PRIMARY)
    assert [s.article.url for s in stance.corroborations.all()] == [news.source.url]


def test_a_file_that_cannot_be_read_loads_nothing_and_says_why(world, tmp_path):
    bad = tmp_path / "positions.json"
    bad.write_text('{"positions": [ {"actor": "FRA",')
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_positions", str(bad))
    missing = tmp_path / "positions.csv"
    missing.write_text("actor,framework\nFRA,treaty\n")
    with pytest.raises(CommandError, match="the header lacks act, date, source_url, source_kind, note"):
        call_command("import_positions", str(missing))


def test_the_command_counts_inserted_updated_unchanged_and_reports_bad_rows(world, tmp_path):
    path = tmp_path / "positions.csv"
    path.write_text(CSV)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_positions", str(path), "--dry-run", stdout=out, stderr=err)
    assert "Stance: 3 inserted, 0 updated, 0 unchanged, 0 kept" in out.getvalue()
    assert "Dry run: nothing was written." in out.getvalue()
    assert "positions.csv, row 3: unknown actor 'Atlantis'" in err.getvalue()
    call_command("import_positions", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("import_positions", str(path), stdout=out, stderr=io.StringIO())
    assert "Stance: 0 inserted, 0 updated, 3 unchanged, 0 kept" in out.getvalue()


# --- UN votes ---------------------------------------------------------------------------------------


@pytest.fixture
def un():
    members = [make_actor(code=state.code, name=state.name) for state in un_names.MEMBER_STATES]
    make_organisation(code="UN", members=members)
    return make_framework(slug="unga-res-80-57", kind="resolution", document_symbol="A/RES/80/57")


def test_a_digital_library_record_becomes_a_vote_with_one_ballot_per_state(un):
    out = io.StringIO()
    call_command(
        "import_un_vote", str(RECORDS / "undl_record_4094456.html"), stdout=out, stderr=io.StringIO()
    )
    vote = Vote.objects.get()
    assert (vote.framework, vote.body, vote.date) == (un, "plenary", dt.date(2025, 12, 1))
    assert (vote.official_for, vote.official_against, vote.official_abstain) == (164, 6, 7)
    tally = vote.tally()
    assert tally.complete and tally.missing_total == 0
    assert vote.source.url == "https://digitallibrary.un.org/record/4094456"
    assert vote.source_kind == SourceKind.PRIMARY
    assert vote.ballots.count() == 177
    assert vote.ballots.get(actor__code="USA").act == Act.VOTED_AGAINST
    assert set(vote.ballots.values_list("source_kind", flat=True)) == {SourceKind.PRIMARY}
    assert "Stance (ballots): 177 inserted" in out.getvalue()
    # Again: nothing changes.
    out = io.StringIO()
    call_command(
        "import_un_vote", str(RECORDS / "undl_record_4094456.html"), stdout=out, stderr=io.StringIO()
    )
    assert "Vote: 0 inserted, 0 updated, 1 unchanged" in out.getvalue()
    assert "Stance (ballots): 0 inserted, 0 updated, 177 unchanged" in out.getvalue()


def test_a_record_read_through_the_safe_fetcher_from_a_local_server(un, web):
    web.routes["/record/4094456"] = Route(
        body=(RECORDS / "undl_record_4094456.html").read_bytes(), content_type="text/html; charset=utf-8"
    )
    call_command("import_un_vote", web.url("/record/4094456"), stdout=io.StringIO(), stderr=io.StringIO())
    assert Vote.objects.get().ballots.count() == 177


def test_a_name_that_is_no_state_is_reported_and_the_rest_of_the_roll_call_kept(un):
    err = io.StringIO()
    call_command(
        "import_un_vote",
        str(RECORDS / "undl_record_4094456_unknown_name.html"),
        stdout=io.StringIO(),
        stderr=err,
    )
    assert "is not a state" in err.getvalue()
    tally = Vote.objects.get().tally()
    assert (tally.recorded_for, tally.missing_total, tally.complete) == (163, 1, False)


def test_a_shortened_roll_call_says_how_many_names_are_missing(db):
    for state in un_names.MEMBER_STATES:
        make_actor(code=state.code, name=state.name)
    make_framework(slug="unga-res-78-241", kind="resolution", document_symbol="A/RES/78/241")
    call_command(
        "import_un_vote",
        str(RECORDS / "undl_record_4031004_shortened.html"),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    tally = Vote.objects.get().tally()
    assert tally.missing == {"for": 121, "against": 3, "abstain": 10}
    assert not tally.complete


def test_meeting_coverage_needs_to_know_which_framework_and_what_it_was_saved_from(un):
    with pytest.raises(CommandError, match="no vote in the record could be used"):
        call_command(
            "import_un_vote",
            str(RECORDS / "press_ga12736_annexes.txt"),
            "--date",
            "2025-12-01",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert not Vote.objects.exists()


def test_an_unreadable_record_is_a_clear_error(un):
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command(
            "import_un_vote", str(RECORDS / "undl_record_4094456_truncated.html"), stdout=io.StringIO()
        )


# --- The Council of Europe's chart ---------------------------------------------------------------------


def test_the_treaty_office_chart_becomes_signatures_and_ratifications(db):
    from initiatives.records.coe_treaty_chart import read_treaty_chart

    chart = read_treaty_chart(RECORDS / "coe_cets225_signatures.json")
    for entry in chart.entries:
        make_actor(code=entry.code, name=entry.name)
    make_framework(slug="coe-framework-convention-ai", kind="treaty")
    url = "https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=225"
    args = [
        str(RECORDS / "coe_cets225_signatures.json"),
        "--framework",
        "coe-framework-convention-ai",
        "--source-url",
        url,
    ]
    call_command("import_treaty_chart", *args, stdout=io.StringIO(), stderr=io.StringIO())
    signed = Stance.objects.filter(act=Act.SIGNED)
    assert signed.count() == len(chart.signatories()) and set(
        signed.values_list("source_kind", flat=True)
    ) == {"primary"}
    assert list(Stance.objects.filter(act=Act.RATIFIED).values_list("actor__code", flat=True)) == [
        e.code for e in chart.consents()
    ]
    out = io.StringIO()
    call_command("import_treaty_chart", *args, stdout=out, stderr=io.StringIO())
    assert " 0 inserted, 0 updated" in out.getvalue() and not StanceSource.objects.exists()
