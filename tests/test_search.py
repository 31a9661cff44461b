"""Issue 14, item 1: site-wide search over frameworks, actors, summits, published stance evidence and
public articles, on PostgreSQL's full-text search and SQLite's FTS5 alike (run this file on both:
DATABASE_URL=postgres://... for the first)."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.db import connection

from initiatives.choices import AliasKind, FetchStatus, StanceStatus
from initiatives.models import Alias, SearchDocument
from initiatives.search import documents
from initiatives.search.query import parse, search
from tests.factories import make_actor, make_article, make_framework, make_stance, make_summit

pytestmark = pytest.mark.django_db


def found(q, **kwargs) -> set[tuple[str, int]]:
    results = search(parse(q), per_kind=100, **kwargs)
    return {(hit.kind, hit.object_id) for hits in results.hits.values() for hit in hits}


@pytest.fixture
def world():
    chn = make_actor(code="CHN", name="China")
    Alias.objects.create(text="Beijing", kind=AliasKind.CAPITAL, actor=chn)
    Alias.objects.create(text="Xi Jinping", kind=AliasKind.LEADER, actor=chn, valid_from=dt.date(2013, 3, 14))
    fra = make_actor(code="FRA", name="France")
    waico = make_framework(
        slug="waico",
        name="World AI Cooperation Organization",
        short_name="WAICO",
        headquarters="Shanghai (proposed)",
        summary="A proposed global body for cooperation on artificial intelligence.",
        date_proposed=dt.date(2025, 7, 26),
    )
    plan = make_framework(
        slug="plan",
        name="Global AI Governance Action Plan",
        status_note="Released at WAIC in Shanghai.",
        date_proposed=dt.date(2025, 7, 26),
    )
    convention = make_framework(slug="cets", name="Framework Convention on Artificial Intelligence")
    waic = make_summit(
        slug="waic-2025", name="World AI Conference 2025", city="Shanghai", start_date=dt.date(2025, 7, 26)
    )
    paris = make_summit(
        slug="paris",
        name="AI Action Summit",
        city="Paris",
        venue="Grand Palais",
        start_date=dt.date(2025, 2, 10),
    )
    source = make_article(
        title="Premier Li at WAIC",
        text="Li Qiang spoke in Shanghai on cooperation.",
        fetch_status=FetchStatus.ANALYSED,
    )
    published = make_stance(
        actor=chn,
        framework=waico,
        source=source,
        evidence="China proposed the organisation, seated in Shanghai.",
    )
    pending = make_stance(
        actor=fra, framework=waico, source=source, status=StanceStatus.PENDING,
        evidence="France weighed joining the Shanghai organisation: a pending suggestion.",
    )  # fmt: skip
    return locals()


def test_it_finds_every_kind_of_record_by_the_words_it_holds(world):
    w = world
    assert found("Shanghai") == {
        ("framework", w["waico"].pk),  # its seat
        ("framework", w["plan"].pk),  # its status note
        ("summit", w["waic"].pk),  # its city
        ("stance", w["published"].pk),  # the evidence
        ("article", w["source"].pk),  # the text
    }
    assert found("Beijing") == {("actor", w["chn"].pk)}  # a capital
    assert found("Xi Jinping") == {("actor", w["chn"].pk)}  # a leader
    assert found("Grand Palais") == {("summit", w["paris"].pk)}  # a venue
    assert found("WAICO") == {("framework", w["waico"].pk)}  # a short name


def test_a_pending_suggestion_is_never_found_until_it_is_published(world, client):
    pending = world["pending"]
    assert ("stance", pending.pk) not in found("France weighed")
    assert "a pending suggestion" not in client.get("/search/?q=weighed").content.decode()
    assert client.get("/api/v1/search/?q=weighed").json()["results"] == []
    pending.status = StanceStatus.PUBLISHED
    pending.save()
    assert ("stance", pending.pk) in found("France weighed")
    pending.status = StanceStatus.REJECTED
    pending.save()
    assert ("stance", pending.pk) not in found("France weighed")


def test_the_query_syntax_is_websearch_on_both_databases(world):
    w = world
    # Stemming: "cooperating" finds "cooperation".
    assert ("framework", w["waico"].pk) in found("cooperating")
    # A phrase holds its words in order; the same words apart are not the phrase.
    assert found('"action plan"') == {("framework", w["plan"].pk)}
    assert found('"plan action"') == set()
    # or: either side; -word: leave out.
    assert found("Paris or Beijing") == {("summit", w["paris"].pk), ("actor", w["chn"].pk)}
    assert ("framework", w["plan"].pk) not in found("Shanghai -plan")
    assert ("framework", w["waico"].pk) in found("Shanghai -plan")
    # Case and accents fold.
    assert found("SHANGHÂI") == found("shanghai")


@pytest.mark.parametrize(
    ("text", "websearch", "fts5"),
    [
        ("Shanghai", '"shanghai"', '(("shanghai"))'),
        ('"action plan" -europe', '"action plan" -"europe"', '(("action plan") NOT "europe")'),
        ("paris or beijing", '"paris" or "beijing"', '(("paris")) OR (("beijing"))'),
        ('"unbalanced quote', '"unbalanced quote"', '(("unbalanced quote"))'),
        ("A/RES/78/241", '"a res 78 241"', '(("a res 78 241"))'),
        ("!!! ??? ...", "", ""),
        ("-only -negations", "", ""),
        ("or or", "", ""),
        ('NEAR AND "', '"near" "and"', '(("near" AND "and"))'),  # FTS5's operators are words here
    ],
)
def test_both_databases_are_asked_the_same_question(text, websearch, fts5):
    query = parse(text)
    assert query.websearch() == websearch
    assert query.fts5() == fts5


def test_highlights_escape_the_records_text(db, client):
    make_framework(
        slug="xss",
        name='<script>alert("x")</script> Shanghai <b>pact</b>',
        summary="<img src=x onerror=alert(1)> Shanghai",
    )
    body = client.get("/search/?q=Shanghai").content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body and "<b>pact" not in body
    assert "&lt;script&gt;" in body  # shown as text
    assert "<mark>Shanghai</mark>" in body


def test_the_search_page_groups_results_and_links_to_more(db, client):
    for n in range(7):
        make_summit(slug=f"summit-{n}", name=f"Shanghai forum {n}", city="Shanghai")
    make_framework(slug="one", name="Shanghai principles")
    body = client.get("/search/?q=Shanghai").content.decode()
    assert "Summits" in body and "Frameworks" in body
    assert body.count("</mark> forum ") == 5  # capped per group (the title's matched word marked)
    assert "kind=summit" in body and "All 7 summits" in body
    page = client.get("/search/?q=Shanghai&kind=summit").content.decode()
    assert page.count("</mark> forum ") == 7
    assert "</mark> principles" not in page


def test_a_view_as_of_a_past_day_leaves_out_what_was_not_known(world):
    w = world
    before = found("Shanghai", day=dt.date(2025, 1, 1))
    assert ("summit", w["waic"].pk) not in before and ("framework", w["waico"].pk) not in before
    assert ("summit", w["waic"].pk) in found("Shanghai", day=dt.date(2025, 8, 1))


def test_saves_keep_the_index_current(world):
    w = world
    waico = w["waico"]
    waico.summary = "Now also about quantum computing."
    waico.save()
    assert ("framework", waico.pk) in found("quantum")
    # A renamed actor renames its stances' titles.
    w["chn"].name = "People's Republic of China"
    w["chn"].save()
    title = SearchDocument.objects.get(kind="stance", object_id=w["published"].pk).title
    assert title.startswith("People's Republic of China")
    # An alias added to a summit finds it; a deleted summit is gone.
    Alias.objects.create(text="Expo Centre", summit=w["paris"])
    assert found("Expo Centre") == {("summit", w["paris"].pk)}
    paris_pk = w["paris"].pk
    w["paris"].delete()
    assert not SearchDocument.objects.filter(kind="summit", object_id=paris_pk).exists()
    # A failed fetch is not a public article.
    failed = make_article(title="Shanghai leak", fetch_status=FetchStatus.FAILED)
    assert ("article", failed.pk) not in found("leak")


def test_rebuild_search_index_is_idempotent(world, capsys):
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index")
    first = capsys.readouterr().out
    assert "framework: 3 inserted" in first and "stance: 1 inserted" in first
    call_command("rebuild_search_index")
    second = capsys.readouterr().out
    assert "framework: 0 inserted, 0 updated, 3 unchanged, 0 deleted" in second
    assert "stance: 0 inserted, 0 updated, 1 unchanged, 0 deleted" in second
    assert found("Shanghai")  # the rebuilt index answers


def test_the_api_offers_the_same_search(world, client):
    w = world
    response = client.get("/api/v1/search/?q=Shanghai")
    assert response.status_code == 200
    data = response.json()
    assert {(r["kind"], r["id"]) for r in data["results"]} == found("Shanghai")
    assert data["counts"]["framework"] == 2 and data["counts"]["actor"] == 0
    hit = next(r for r in data["results"] if r["kind"] == "stance")
    assert "<mark>Shanghai</mark>" in hit["snippet_html"] and hit["url"] == "/frameworks/waico/"
    one_kind = client.get("/api/v1/search/?q=Shanghai&kind=summit").json()
    assert [(r["kind"], r["id"]) for r in one_kind["results"]] == [("summit", w["waic"].pk)]
    assert client.get("/api/v1/search/?q=Shanghai&kind=nope").status_code == 400
    schema = client.get("/api/schema/?format=json").content.decode()
    assert "/api/v1/search/" in json.loads(schema)["paths"]


def test_the_header_has_a_labelled_search_form(db, client):
    body = client.get("/").content.decode()
    assert 'role="search" aria-label="Search the tracker"' in body
    assert '<label for="site-search-q"' in body and 'id="site-search-q"' in body


def test_shanghai_lists_waico_waic_2025_the_action_plan_and_the_evidence_with_the_starter_data(db, client):
    """The bar of issue 14: with the starter data loaded (which fills the index), on this database."""
    from initiatives.starter_data import load_starter_data

    load_starter_data()
    response = client.get("/search/?q=Shanghai")
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "World Artificial Intelligence Cooperation Organization",  # WAICO: its seat
        "2025 World AI Conference",  # WAIC 2025: its city
        "Global AI Governance Action Plan",
        "the World AI Conference held in <mark>Shanghai</mark> in July 2025",  # evidence
        "opening ceremony of WAIC 2025 in <mark>Shanghai</mark>",  # a stance's note
    ):
        assert text in body, text
    assert "Stance evidence" in body
    print(connection.vendor, "ok")


def test_documents_never_hold_the_snippet_markers(db):
    framework = make_framework(slug="ctl", name="Name\x02with\x03markers\x07")
    doc = SearchDocument.objects.get(kind="framework", object_id=framework.pk)
    assert "\x02" not in doc.title and "\x03" not in doc.title and "\x07" not in doc.title
    assert documents.clean("a\x02b") == "a b"


def test_the_search_page_asks_a_fixed_number_of_queries(world, client, django_assert_max_num_queries):
    # One count per kind at once, then per kind with matches its best rows and their passages.
    with django_assert_max_num_queries(1 + 2 * 5):
        assert client.get("/search/?q=Shanghai").status_code == 200
    with django_assert_max_num_queries(1 + 2):
        assert client.get("/search/?q=Shanghai&kind=stance").status_code == 200
