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
    Verification,
)
from initiatives.models import Actor, Alias, Article, Framework, Membership, Stance, Summit
from initiatives.starter_data import DATA_DIR, MODEL_ORDER, StarterDataError, load_starter_data
from tests.factories import make_article, make_stance

CETS = "coe-framework-convention-ai"


def read(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def updated_at_snapshot():
    return {
        model.__name__: dict(model.objects.values_list("pk", "updated_at"))
        for model in (Actor, Alias, Article, Framework, Membership, Stance, Summit)
    }


@pytest.fixture
def loaded(db):
    return load_starter_data()


# -- the data files -------------------------------------------------------------------------------


def test_it_ships_data_files_where_every_stance_cites_a_listed_source():
    starter = read("starter.json")
    urls = {article["url"] for article in starter["articles"]}
    assert len(urls) == len(starter["articles"]), "an article URL is listed twice"
    assert len(starter["stances"]) == 231
    for stance in starter["stances"]:
        assert stance["source"] in urls, stance
        assert stance["evidence"].strip(), stance
    for framework in starter["frameworks"]:
        assert framework["sources"] and set(framework["sources"]) <= urls, framework["slug"]
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
    assert Actor.objects.countries().count() == 249
    assert Actor.objects.count() >= 200
    assert Framework.objects.count() == 20
    assert Summit.objects.count() == 15
    assert Stance.objects.count() == 231
    assert not Stance.objects.filter(source__isnull=True).exists()
    # Frameworks and summits say where their dates, statuses and summaries come from.
    assert all(
        urls and all(u.startswith(("https://", "http://")) for u in urls)
        for urls in Framework.objects.values_list("source_urls", flat=True)
    )
    assert all(Summit.objects.values_list("source_urls", flat=True))
    assert set(Stance.objects.values_list("status", "origin", "confidence").distinct()) == {
        (StanceStatus.PUBLISHED, StanceOrigin.CURATED, 1.0)
    }
    assert set(Stance.objects.values_list("last_verified", flat=True)) == {dt.date(2026, 11, 28)}
    assert set(Article.objects.values_list("fetch_status", flat=True)) == {FetchStatus.REFERENCE}
    assert loaded["Stance"].inserted == 231 and loaded["Actor"].inserted == Actor.objects.count()


def test_it_reports_one_line_per_model_from_the_command(db):
    out = io.StringIO()
    call_command("load_starter_data", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == MODEL_ORDER
    assert "Stance: 231 inserted, 0 updated, 0 unchanged, 0 kept" in lines


def test_a_second_load_changes_nothing(loaded):
    before = updated_at_snapshot()
    history_before = Stance.history.count() + Framework.history.count() + Summit.history.count()
    report = load_starter_data()
    for name in MODEL_ORDER:
        assert report[name].inserted == 0, name
        assert report[name].updated == 0, name
        assert report[name].kept == 0, name
    assert report["Stance"].unchanged == 231
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
    assert report["Summit"].updated == 1 and report["Summit"].unchanged == 14


def test_a_curators_edit_survives_a_reload(loaded, django_user_model):
    curator = django_user_model.objects.create_user(username="curator")
    framework = Framework.objects.get(slug="waico")
    framework.summary = "Curator's own summary."
    framework._history_user = curator
    framework.save()
    stance = Stance.objects.get(
        actor__code="USA", framework__slug="unga-res-79-325", date=dt.date(2026, 2, 12)
    )
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
    uruguay = Stance.objects.get(actor__code="URY", framework__slug=CETS)
    assert (uruguay.date, uruguay.date_precision, uruguay.date_iso) == (
        dt.date(2025, 9, 1),
        DatePrecision.MONTH,
        "2025-09",
    )
    assert Stance.objects.get(actor__code="BIH", framework__slug=CETS).date is None
    shenzhen = Summit.objects.get(slug="apec-aelm-2026")
    assert (shenzhen.start_iso, shenzhen.end_date, shenzhen.status) == ("2026-11", None, "planned")
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
    assert not Stance.objects.filter(framework=cets, position=Position.RATIFIES).exists()
    assert cets.current_status() == FrameworkStatus.OPEN_FOR_SIGNATURE

    # Five ratifications but only two by Council of Europe members: still not in force.
    for code, day in [("USA", 2), ("JPN", 3), ("CAN", 4), ("NOR", 5), ("GBR", 6)]:
        _ratify(cets, code, dt.date(2026, 3, day))
    assert cets.current_status(dt.date(2027, 1, 1)) == FrameworkStatus.OPEN_FOR_SIGNATURE

    # The third member ratifies on 10 March 2026: three months later is 10 June, so in force on 1 July.
    _ratify(cets, "CHE", dt.date(2026, 3, 10))
    assert cets.current_status(dt.date(2026, 6, 30)) == FrameworkStatus.OPEN_FOR_SIGNATURE
    assert cets.current_status(dt.date(2026, 7, 1)) == FrameworkStatus.IN_FORCE
    assert cets.computed_entry_into_force(dt.date(2026, 7, 1)) == dt.date(2026, 7, 1)


def test_the_as_of_rule_on_starter_data(loaded):
    as_of = Stance.objects.as_of(dt.date(2026, 3, 1))
    usa = as_of.get(actor__code="USA", framework__slug="unga-res-79-325")
    assert (usa.position, usa.date) == (Position.OPPOSES, dt.date(2026, 2, 12))
    earlier = Stance.objects.as_of(dt.date(2025, 10, 1)).get(
        actor__code="USA", framework__slug="unga-res-79-325"
    )
    assert earlier.date == dt.date(2025, 9, 24)
    assert (
        not Stance.objects.as_of(dt.date(2025, 9, 1))
        .filter(actor__code="USA", framework__slug="unga-res-79-325")
        .exists()
    )
    # China proposed WAICO twice; the later statement is the current one.
    assert Stance.objects.as_of().get(actor__code="CHN", framework__slug="waico").date == dt.date(2025, 11, 1)


def test_stances_name_a_summit_only_for_its_outcomes_within_its_dates(loaded):
    bletchley = Stance.objects.filter(framework__slug="bletchley-declaration")
    assert set(bletchley.values_list("summit__slug", flat=True)) == {"ai-safety-summit-2023"}
    apec = Stance.objects.filter(framework__slug="apec-ai-initiative")
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
    un_record = Article.objects.get(url="https://press.un.org/en/2026/ga12751.doc.htm")
    assert (un_record.kind, un_record.publisher) == ("official", "press.un.org")
    assert Article.objects.get(url="https://tass.com/world/1700479").kind == "news"
    # Stored as given, not "fixed".
    assert Article.objects.filter(url__startswith="http://Tr.im/").exists()
    usa = Stance.objects.get(actor__code="USA", framework__slug="unga-res-79-325", date=dt.date(2026, 2, 12))
    assert usa.verification == Verification.PRIMARY
    assert Stance.objects.get(actor__code="URY", framework__slug=CETS).verification == Verification.SECONDARY


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
    from initiatives import charts
    from initiatives.ingest.alias_index import index_version

    aliases_before, charts_before = index_version(), charts.data_version()
    with django_capture_on_commit_callbacks(execute=True):
        load_starter_data()
    assert index_version() != aliases_before
    assert charts.data_version() != charts_before


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
    starter = read("starter.json")
    starter["stances"][0]["actor"] = "XXX"
    (tmp_path / "starter.json").write_text(json.dumps(starter))
    with pytest.raises(StarterDataError, match="unknown actor code 'XXX'"):
        load_starter_data(data_dir=tmp_path)
    assert not Actor.objects.exists() and not Article.objects.exists()


def test_a_curators_correction_of_a_stance_date_is_not_undone_by_a_reload(loaded, django_user_model):
    curator = django_user_model.objects.create_user(username="curator")
    uruguay = Stance.objects.get(actor__code="URY", framework__slug=CETS)
    uruguay.date, uruguay.date_precision = dt.date(2025, 9, 2), DatePrecision.DAY
    uruguay._history_user = curator
    uruguay.save()

    report = load_starter_data()

    assert Stance.objects.filter(actor__code="URY", framework__slug=CETS).count() == 1
    uruguay.refresh_from_db()
    assert uruguay.date_iso == "2025-09-02"
    assert (report["Stance"].inserted, report["Stance"].kept) == (0, 1)


def test_a_stance_a_curator_deleted_stays_deleted(loaded, django_user_model):
    curator = django_user_model.objects.create_user(username="curator")
    stance = Stance.objects.get(actor__code="PRY", framework__slug="unga-res-79-325")
    stance._history_user = curator
    stance.delete()

    report = load_starter_data()

    assert not Stance.objects.filter(actor__code="PRY", framework__slug="unga-res-79-325").exists()
    assert (report["Stance"].inserted, report["Stance"].kept, Stance.objects.count()) == (0, 1, 230)


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
