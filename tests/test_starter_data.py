"""The sourced starter dataset and `manage.py load_starter_data`."""

import datetime as dt
import io
import json
import shutil

import pytest
from django.core.management import call_command

from initiatives.choices import (
    DatePrecision,
    FetchStatus,
    FrameworkStatus,
    MembershipRole,
    Position,
    StanceOrigin,
    StanceStatus,
)
from initiatives.models import Actor, Alias, Article, Framework, Membership, Stance, Summit, Vote
from initiatives.starter_data import DATA_DIR, MODEL_ORDER, StarterDataError, load_starter_data
from tests.factories import make_article, make_stance

CETS = "coe-framework-convention-ai"


def read(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


POSITIONS = read("ledger/positions.json")["positions"]
VOTES = read("ledger/votes.json")["votes"]
BALLOTS = sum(
    len(vote["roll_call"].get(side) or [])
    for vote in VOTES
    if vote.get("roll_call")
    for side in ("for", "against", "abstain")
)
LEDGER = len(POSITIONS) + BALLOTS


def updated_at_snapshot():
    return {
        model.__name__: dict(model.objects.values_list("pk", "updated_at"))
        for model in (Actor, Alias, Article, Framework, Membership, Stance, Summit)
    }


@pytest.fixture
def loaded(db):
    return load_starter_data()


# -- the data files -------------------------------------------------------------------------------


def test_it_ships_data_files_where_every_source_is_described():
    starter = read("starter.json")
    urls = {article["url"] for article in starter["articles"]}
    assert len(urls) == len(starter["articles"]), "an article URL is listed twice"
    # Positions live in the ledger's files (tests/test_ledger_data.py checks them).
    assert not starter.get("stances")
    for framework in starter["frameworks"]:
        assert framework["sources"], framework["slug"]
    for summit in starter["summits"]:
        assert summit["source_urls"] and set(summit["source_urls"]) <= urls, summit["slug"]
    for article in starter["articles"]:
        assert article["kind"] in ("official", "news") and article["publisher"], article
    # Facts that could not be confirmed are documented, never loaded as facts.
    assert "unverified" not in starter and starter["not_recorded"]


def test_it_keeps_every_organisation_member_code_an_iso_code_or_an_organisation():
    reference = read("organisations.json")
    regions = reference["countries"]["regions"]
    country_codes = {code for codes in regions.values() for code in codes}
    org_codes = {org["code"] for org in reference["organisations"]}
    for org in reference["organisations"]:
        for entry in org["members"]:
            assert entry["member"] in country_codes | org_codes, (org["code"], entry)


# -- loading --------------------------------------------------------------------------------------


def test_it_loads_countries_organisations_frameworks_summits_and_sourced_stances(loaded):
    assert Actor.objects.countries().count() == 250  # ISO 3166-1 and Kosovo (XKX)
    assert Actor.objects.count() >= 200
    assert Framework.objects.count() == len(read("starter.json")["frameworks"])
    assert Summit.objects.count() == len(read("starter.json")["summits"])
    # The ledger's stances, and the pending suggestions the sources' titles make (tests/test_starter_news.py).
    assert Stance.objects.filter(origin=StanceOrigin.CURATED).count() == LEDGER
    assert not Stance.objects.filter(source__isnull=True).exists()
    # Frameworks and summits say where their dates, statuses and summaries come from.
    assert all(
        urls and all(u.startswith(("https://", "http://")) for u in urls)
        for urls in Framework.objects.values_list("source_urls", flat=True)
    )
    assert all(Summit.objects.values_list("source_urls", flat=True))
    assert set(
        Stance.objects.filter(origin=StanceOrigin.CURATED).values_list("status", "confidence").distinct()
    ) == {(StanceStatus.PUBLISHED, 1.0)}
    assert set(Stance.objects.exclude(origin=StanceOrigin.CURATED).values_list("status", flat=True)) == {
        StanceStatus.PENDING
    }
    assert set(Article.objects.values_list("fetch_status", flat=True)) == {FetchStatus.REFERENCE}
    assert loaded["Stance"].inserted + loaded["Stance (ballots)"].inserted == LEDGER
    assert loaded["Actor"].inserted == Actor.objects.count()
    assert Vote.objects.count() == len(VOTES)


def test_it_reports_one_line_per_model_from_the_command(db):
    out = io.StringIO()
    call_command("load_starter_data", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines][: len(MODEL_ORDER)] == MODEL_ORDER
    assert f"Stance: {len(POSITIONS)} inserted, 0 updated, 0 unchanged, 0 kept" in lines
    assert f"Stance (ballots): {BALLOTS} inserted, 0 updated, 0 unchanged, 0 kept" in lines


def test_a_second_load_changes_nothing(loaded):
    before = updated_at_snapshot()
    history_before = Stance.history.count() + Framework.history.count() + Summit.history.count()
    report = load_starter_data()
    for name, counts in report.counts.items():
        assert counts.inserted == 0, name
        assert counts.updated == 0, name
        assert counts.kept == 0, name
    assert report["Stance"].unchanged == len(POSITIONS)
    assert updated_at_snapshot() == before
    assert Stance.history.count() + Framework.history.count() + Summit.history.count() == history_before


def test_it_restores_a_record_that_nobody_edited(loaded):
    # A change that leaves no history user (a script, a bad import) is put right by the next load.
    Summit.objects.filter(slug="waic-2025").update(city="Beijing")
    summit = Summit.objects.get(slug="waic-2025")
    summit.outcomes.clear()
    report = load_starter_data()
    summit.refresh_from_db()
    assert summit.city == "Shanghai"
    assert list(summit.outcomes.values_list("slug", flat=True)) == ["global-ai-governance-action-plan"]
    assert report["Summit"].updated == 1 and report["Summit"].unchanged == Summit.objects.count() - 1


def test_a_curators_edit_survives_a_reload(loaded, django_user_model):
    curator = django_user_model.objects.create_user(username="curator")
    framework = Framework.objects.get(slug="waico")
    framework.summary = "Curator's own summary."
    framework._history_user = curator
    framework.save()
    stance = Stance.objects.get(actor__code="GBR", framework__slug="bletchley-declaration", act="signed")
    stance.evidence = "Curator's wording after re-reading the UN record."
    stance._history_user = curator
    stance.save()

    report = load_starter_data()

    framework.refresh_from_db()
    stance.refresh_from_db()
    assert framework.summary == "Curator's own summary."
    assert stance.evidence == "Curator's wording after re-reading the UN record."
    assert (report["Framework"].kept, report["Framework"].updated) == (1, 0)
    assert (report["Stance"].kept, report["Stance"].updated) == (1, 0)


def test_partial_dates_keep_their_precision(loaded):
    friend = Stance.objects.get(actor__code="CAN", framework__slug="hiroshima-ai-process-friends-group")
    assert (friend.date, friend.date_precision, friend.date_iso) == (
        dt.date(2024, 5, 1),
        DatePrecision.MONTH,
        "2024-05",
    )
    assert friend.date_display == "May 2024"
    assert Stance.objects.get(actor__code="AUT", framework__slug="global-partnership-on-ai").date is None
    shenzhen = Summit.objects.get(slug="apec-aelm-2026")
    assert (shenzhen.start_iso, shenzhen.end_iso, shenzhen.status) == ("2026-11-18", "2026-11-19", "planned")
    eu_act = Framework.objects.get(slug="eu-ai-act")
    assert eu_act.date_proposed_iso == "2021-04"
    assert eu_act.date_in_force == dt.date(2024, 8, 1)
    south_africa = Membership.objects.get(organisation__code="BRICS", member__code="ZAF")
    assert south_africa.start_iso == "2011"


def test_the_eus_signature_does_not_sign_for_its_members(loaded):
    assert Stance.objects.filter(actor__code="EU", framework__slug=CETS, position=Position.SIGNS).exists()
    eu_members = Membership.objects.filter(organisation__code="EU").values("member")
    assert Membership.objects.filter(organisation__code="EU").count() == 27
    assert not Stance.objects.filter(framework__slug=CETS, actor__in=eu_members).exists()


def _ratify(framework, code, day):
    return make_stance(
        actor=Actor.objects.get(code=code),
        framework=framework,
        position=Position.RATIFIES,
        position_detail="ratification",
        date=day,
        source=make_article(),
    )


def test_cets_225_stays_open_for_signature_until_its_rule_is_met(loaded):
    cets = Framework.objects.get(slug=CETS)
    assert (cets.eif_ratifications_required, cets.eif_members_of.code, cets.eif_min_members) == (5, "COE", 3)
    # The EU's approval (15 May 2026) is one consent to be bound, by a non-member of the Council of Europe.
    assert list(
        Stance.objects.filter(framework=cets, act="ratified").values_list("actor__code", "position_detail")
    ) == [("EU", "approval")]
    assert cets.status_on(dt.date.today()) == FrameworkStatus.OPEN_FOR_SIGNATURE

    # Five ratifications but only two by Council of Europe members: still not in force.
    for code, day in [("USA", 2), ("JPN", 3), ("CAN", 4), ("NOR", 5), ("GBR", 6)]:
        _ratify(cets, code, dt.date(2026, 3, day))
    assert cets.status_on(dt.date(2027, 1, 1)) == FrameworkStatus.OPEN_FOR_SIGNATURE

    # The third member ratifies on 10 March 2026: three months later is 10 June, so in force on 1 July.
    _ratify(cets, "CHE", dt.date(2026, 3, 10))
    assert cets.status_on(dt.date(2026, 6, 30)) == FrameworkStatus.OPEN_FOR_SIGNATURE
    assert cets.status_on(dt.date(2026, 7, 1)) == FrameworkStatus.IN_FORCE
    assert cets.computed_entry_into_force(dt.date(2026, 7, 1)) == dt.date(2026, 7, 1)


def test_the_as_of_rule_on_starter_data(loaded):
    # Voted for in the First Committee, then in plenary: two votes, each with its own date.
    first, plenary = Vote.objects.filter(framework__slug="unga-res-79-239").order_by("date")
    assert (first.body, plenary.body) == ("first_committee", "plenary")
    nld = Stance.objects.as_of(dt.date(2024, 12, 31)).get(
        actor__code="NLD", framework__slug="unga-res-79-239"
    )
    assert (nld.act, nld.vote_id) == ("voted_for", plenary.pk)
    # The United States' general speech of 24 Sep 2025 did not name 79/325: no stance (fact-check).
    assert not Stance.objects.filter(
        actor__code="USA", framework__slug="unga-res-79-325", act="stated_opposition"
    ).exists()
    # China proposed WAICO twice; the later statement is the current one.
    assert Stance.objects.as_of().get(actor__code="CHN", framework__slug="waico").date == dt.date(2025, 11, 1)


def test_stances_name_a_summit_only_for_its_outcomes_within_its_dates(loaded):
    bletchley = Stance.objects.filter(framework__slug="bletchley-declaration")
    at_the_summit = bletchley.filter(date__range=(dt.date(2023, 11, 1), dt.date(2023, 11, 2)))
    assert set(at_the_summit.values_list("summit__slug", flat=True)) == {"ai-safety-summit-2023"}
    # New Zealand endorsed it a year later, not at the summit.
    assert bletchley.get(actor__code="NZL").summit is None
    # (An undated suggestion read from a starter article's title has no day to fall within them.)
    apec = Stance.objects.filter(framework__slug="apec-ai-initiative", date__isnull=False)
    assert set(apec.values_list("summit__slug", flat=True)) == {"apec-aelm-2025"}
    # Adopted the day after the summit's last day: no summit.
    assert not Stance.objects.filter(
        framework__slug="new-delhi-declaration-ai-impact", summit__isnull=False
    ).exists()
    # WAICO is not an outcome of the APEC meeting where Xi promoted it.
    assert (
        Stance.objects.get(actor__code="CHN", framework__slug="waico", date=dt.date(2025, 11, 1)).summit
        is None
    )


def test_sources_are_classified_and_stances_verified_from_them(loaded):
    gov_uk = Stance.objects.get(actor__code="GBR", framework__slug="bletchley-declaration").source
    assert gov_uk.kind == "official" and gov_uk.outlet and gov_uk.outlet.domain == "gov.uk"
    tass = Article.objects.get(url="https://tass.com/world/1700479")
    assert tass.kind == "news" and tass.state_affiliated and tass.publisher_name == "TASS"
    # Stored as given, not "fixed".
    assert Article.objects.filter(url__startswith="http://Tr.im/").exists()
    assert (
        Stance.objects.get(actor__code="GBR", framework__slug="bletchley-declaration").source_kind
        == "primary"
    )
    assert (
        Stance.objects.get(actor__code="URY", framework__slug=CETS, act="signed").source_kind == "secondary"
    )
    # The news page the starter data cited before the primary list was found is kept as a second source.
    bletchley = Stance.objects.get(actor__code="FRA", framework__slug="bletchley-declaration")
    assert bletchley.corroborations.exists()


def test_organisations_carry_their_members_and_periods(loaded):
    def members(code, on=None):
        return set(
            Membership.objects.active_on(on)
            .filter(organisation__code=code, role=MembershipRole.MEMBER)
            .values_list("member__code", flat=True)
        )

    assert len(members("APEC")) == 21 and {"HKG", "TWN"} <= members("APEC")
    assert "EU" not in members("G7")
    assert (
        Membership.objects.get(organisation__code="G7", member__code="EU").role == MembershipRole.PARTICIPANT
    )
    assert "AU" in members("G20", dt.date(2023, 9, 9)) and "AU" not in members("G20", dt.date(2023, 9, 8))
    assert len(members("UN")) == 193 and not {"TWN", "HKG", "VAT", "PSE"} & members("UN")
    assert len(members("COE", dt.date(2026, 1, 1))) == 46 and "RUS" in members("COE", dt.date(2022, 3, 1))
    assert len(members("OECD", dt.date(2026, 1, 1))) == 38 and "COL" not in members(
        "OECD", dt.date(2019, 5, 22)
    )
    assert len(members("BRICS", dt.date(2025, 6, 1))) == 10
    assert (
        len(members("ASEAN", dt.date(2025, 10, 25))) == 10
        and len(members("ASEAN", dt.date(2025, 10, 26))) == 11
    )
    assert len(members("AU")) == 55


def test_countries_use_the_projects_names_and_regions(loaded):
    names = dict(
        Actor.objects.filter(code__in=["HKG", "TWN", "VAT", "KOR", "TUR"]).values_list("code", "name")
    )
    assert names == {
        "HKG": "Hong Kong, China",
        "TWN": "Chinese Taipei",
        "VAT": "Holy See",
        "KOR": "South Korea",
        "TUR": "Türkiye",
    }
    assert Actor.objects.get(code="FRA").region == "Europe"
    assert Actor.objects.get(code="FRA").iso_alpha2 == "FR"
    assert not Actor.objects.countries().filter(region="").exists()


def test_framework_aliases_and_the_actor_aliases_file_are_loaded(db, tmp_path):
    aliases = tmp_path / "actor_aliases.json"
    aliases.write_text(
        json.dumps(
            {
                "aliases": [
                    {"actor": "CHN", "text": "Beijing", "kind": "capital", "language": "en"},
                    {
                        "actor": "CHN",
                        "text": "Xi Jinping",
                        "kind": "leader",
                        "language": "en",
                        "valid_from": "2013-03-14",
                        "valid_to": None,
                        "source_url": "",
                        "note": "",
                    },
                    {"actor": "ZZZ", "text": "Nowhere", "kind": "name", "language": "en"},
                    {"actor": "CHN", "text": "PRC", "kind": "nickname", "language": "en"},
                ],
                "framework_aliases": [{"framework": "waico", "text": "world AI body", "kind": "paraphrase"}],
                "summit_aliases": [{"summit": "apec-aelm-2025", "text": "APEC Gyeongju", "kind": "name"}],
            }
        )
    )
    report = load_starter_data(actor_aliases=aliases)
    assert Alias.objects.filter(framework__slug="waico", text="WAICO", kind="abbreviation").exists()
    assert Alias.objects.get(actor__code="CHN", text="Xi Jinping").valid_from == dt.date(2013, 3, 14)
    assert Alias.objects.filter(framework__slug="waico", text="world AI body").exists()
    assert Alias.objects.filter(summit__slug="apec-aelm-2025", text="APEC Gyeongju").exists()
    assert report.warnings == [
        "actor_aliases.json: 1 aliases skipped (unknown actor, framework or summit)",
        "actor_aliases.json: 1 aliases skipped (missing or too long text, unknown kind, bad date)",
    ]
    assert not Alias.objects.filter(text="PRC").exists()
    assert load_starter_data(actor_aliases=aliases)["Alias"].inserted == 0


def test_a_load_tells_every_process_that_aliases_and_chart_data_changed(
    db, django_capture_on_commit_callbacks
):
    # Bulk inserts send no signals: without the bump a worker would keep analysing with its old
    # alias index, and the dashboard would serve charts cached before the load.
    from initiatives import caching
    from initiatives.ingest.alias_index import index_version

    aliases_before, charts_before = index_version(), caching.current_version()
    with django_capture_on_commit_callbacks(execute=True):
        load_starter_data()
    assert index_version() != aliases_before
    assert caching.current_version() != charts_before


def test_a_leader_is_read_as_the_country_in_each_of_two_separate_terms(loaded):
    from initiatives.analysis import analyse
    from initiatives.ingest import alias_index

    assert Alias.objects.filter(actor__code="USA", text="Trump").count() == 2
    index = alias_index.build()
    text = "Trump backed the OECD AI Principles."

    def actors(day):
        return {hit.key for hit in analyse(text, index, published=day).mentions if hit.target_type == "actor"}

    assert "USA" in actors(dt.date(2019, 5, 22))
    assert "USA" not in actors(dt.date(2022, 6, 1))  # between the terms he spoke for nobody
    assert "USA" in actors(dt.date(2025, 11, 1))


def test_bad_data_is_refused_with_a_clear_error_and_nothing_is_loaded(db, tmp_path):
    shutil.copy(DATA_DIR / "organisations.json", tmp_path / "organisations.json")
    shutil.copy(DATA_DIR / "publishers.json", tmp_path / "publishers.json")
    starter = read("starter.json")
    starter["frameworks"][0]["proposed_by"] = "XXX"
    (tmp_path / "starter.json").write_text(json.dumps(starter))
    with pytest.raises(StarterDataError, match="unknown actor code 'XXX'"):
        load_starter_data(data_dir=tmp_path)
    assert not Actor.objects.exists() and not Article.objects.exists()


def test_a_bad_row_in_a_ledger_file_is_reported_and_the_rest_loaded(db, tmp_path):
    for name in ("organisations.json", "publishers.json", "starter.json"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    (tmp_path / "ledger").mkdir()
    positions = read("ledger/positions.json")
    positions["positions"][3]["actor"] = "Atlantis"
    (tmp_path / "ledger" / "positions.json").write_text(json.dumps(positions))
    report = load_starter_data(data_dir=tmp_path)
    assert "positions.json, row 4: unknown actor 'Atlantis'" in " ".join(report.warnings)
    assert Stance.objects.filter(origin=StanceOrigin.CURATED).count() == len(POSITIONS) - 1


def test_a_curators_correction_of_a_stance_date_is_not_undone_by_a_reload(loaded, django_user_model):
    curator = django_user_model.objects.create_user(username="curator")
    uruguay = Stance.objects.get(actor__code="URY", framework__slug=CETS)
    uruguay.date, uruguay.date_precision = dt.date(2025, 9, 3), DatePrecision.DAY
    uruguay._history_user = curator
    uruguay.save()

    report = load_starter_data()

    assert Stance.objects.filter(actor__code="URY", framework__slug=CETS).count() == 1
    uruguay.refresh_from_db()
    assert uruguay.date_iso == "2025-09-03"
    assert (report["Stance"].inserted, report["Stance"].kept) == (0, 1)


def test_a_stance_a_curator_deleted_stays_deleted(loaded, django_user_model):
    curator = django_user_model.objects.create_user(username="curator")
    stance = Stance.objects.get(actor__code="GBR", framework__slug="bletchley-declaration")
    stance._history_user = curator
    stance.delete()

    report = load_starter_data()

    assert not Stance.objects.filter(actor__code="GBR", framework__slug="bletchley-declaration").exists()
    curated = Stance.objects.filter(origin=StanceOrigin.CURATED).count()
    assert (report["Stance"].inserted, report["Stance"].kept, curated) == (0, 1, LEDGER - 1)


def test_a_source_the_pipeline_has_fetched_is_left_to_the_pipeline(loaded):
    url = "https://tass.com/world/1700479"
    Article.objects.filter(url=url).update(fetch_status=FetchStatus.FETCHED, title="Headline as published")
    report = load_starter_data()
    article = Article.objects.get(url=url)
    assert (article.fetch_status, article.title) == (FetchStatus.FETCHED, "Headline as published")
    assert report["Article"].kept == 1


def test_a_stance_a_curator_moved_to_a_better_source_is_not_duplicated(loaded, django_user_model):
    curator = django_user_model.objects.create_user(username="curator")
    stance = Stance.objects.get(actor__code="CHE", framework__slug=CETS)
    stance.source = make_article(url="https://www.coe.int/en/web/portal/-/switzerland-signs", kind="official")
    stance._history_user = curator
    stance.save()

    report = load_starter_data()

    assert Stance.objects.filter(actor__code="CHE", framework__slug=CETS).count() == 1
    assert (report["Stance"].inserted, report["Stance"].kept) == (0, 1)


def test_the_council_of_europe_convention_was_not_open_for_signature_before_vilnius(loaded, client):
    """Adopted on 17 May 2024, opened for signature on 5 Sep 2024: its page as of 1 Sep 2024 says so,
    and leaves out the status note, which describes a later day."""
    page = client.get(f"/frameworks/{CETS}/?as_of=2024-09-01").content.decode()
    assert "<strong>Adopted</strong>" in page
    assert "Open for signature" not in page and "Opened for signature" not in page
    assert Framework.objects.get(slug=CETS).status_note not in page
    later = client.get(f"/frameworks/{CETS}/?as_of=2024-09-05").content.decode()
    assert "<strong>Open for signature</strong>" in later
