"""An actor's whole record: every framework open to it, with no recorded position where none is, what its
positions were before, its changes; the "compare with…" picker and /compare/'s "only differences"."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.cache import cache

from initiatives.choices import FrameworkScope, Position
from initiatives.models import Framework, Membership
from tests.factories import make_actor, make_framework, make_organisation, make_stance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    """Kenya and Chile are UN members; Palau joins the UN only in 2026. The resolution is open to UN members,
    the convention to Council of Europe members and Chile by name; the global declaration says nothing of
    who may join, nor do the regional pact and the national law."""
    ken = make_actor(code="KEN", name="Kenya")
    chl = make_actor(code="CHL", name="Chile")
    plw = make_actor(code="PLW", name="Palau")
    un = make_organisation(code="UN", name="United Nations", members=[ken, chl])
    Membership.objects.create(organisation=un, member=plw, start_date=dt.date(2026, 1, 1))
    coe = make_organisation(code="COE", name="Council of Europe")
    resolution = make_framework(slug="resolution", name="Resolution on Models", eligible_members_of=un)
    convention = make_framework(slug="convention", name="Convention on Models", eligible_members_of=coe)
    convention.eligible_also.add(chl)
    declaration = make_framework(slug="declaration", name="Declaration of Everywhere")
    pact = make_framework(slug="pact", name="Regional Pact", scope=FrameworkScope.REGIONAL)
    law = make_framework(slug="law", name="Some National Law", scope=FrameworkScope.NATIONAL)
    later = make_framework(slug="later", name="Later Accord", date_proposed=dt.date(2025, 6, 1))
    make_stance(actor=ken, framework=declaration, position=Position.SUPPORTS, date=dt.date(2024, 2, 1))
    make_stance(actor=ken, framework=declaration, position=Position.SIGNS, date=dt.date(2025, 3, 1))
    make_stance(actor=ken, framework=pact, position=Position.SIGNS, date=dt.date(2025, 1, 1))
    return {
        "ken": ken,
        "chl": chl,
        "plw": plw,
        "un": un,
        "resolution": resolution,
        "convention": convention,
        "declaration": declaration,
        "pact": pact,
        "law": law,
        "later": later,
    }


def record(client, url):
    """{framework name: the row's text} of the whole-record table."""
    page = client.get(url).content.decode()
    table = page.split('id="record-h"', 1)[1].split("</section>")[0]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
        name = re.search(r'<th scope="row"><a [^>]*>(.*?)</a>', row).group(1)
        rows[name] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
    return rows


def test_it_lists_every_framework_open_to_a_country_with_no_recorded_position_where_none_is(client, world):
    kenya = record(client, "/actors/KEN/")
    assert set(kenya) == {
        "Declaration of Everywhere",
        "Regional Pact",
        "Resolution on Models",
        "Later Accord",
    }
    assert "no recorded position" in kenya["Resolution on Models"]  # open to UN members
    assert "no recorded position" not in kenya["Declaration of Everywhere"]
    assert "Regional Pact" in kenya  # not said to be open to it, but it signed
    chile = record(client, "/actors/CHL/")
    # Named on the convention; the national law and the regional pact are open to no one in particular.
    assert set(chile) == {
        "Convention on Models",
        "Declaration of Everywhere",
        "Resolution on Models",
        "Later Accord",
    }
    assert all("no recorded position" in row for row in chile.values())


def test_it_reads_who_could_take_part_on_the_day_of_the_view(client, world):
    assert "Resolution on Models" not in record(client, "/actors/PLW/?as_of=2025-12-31")
    assert "Resolution on Models" in record(client, "/actors/PLW/?as_of=2026-01-01")
    assert "Later Accord" not in record(client, "/actors/KEN/?as_of=2025-05-31")
    kenya_2024 = record(client, "/actors/KEN/?as_of=2024-12-31")
    assert "Regional Pact" not in kenya_2024 and "Stated support" in kenya_2024["Declaration of Everywhere"]


def test_it_opens_no_global_framework_to_an_organisation_by_default(client, world):
    un = record(client, "/actors/UN/")
    assert un == {}
    assert "No published position" in client.get("/actors/UN/").content.decode()


def test_it_says_the_rule_and_counts_the_record(client, world):
    page = client.get("/actors/KEN/").content.decode()
    assert "Which frameworks are open to it" in page and "open to every country" in page
    summary = re.sub(r"<[^>]+>", "", page.split('class="record-summary"')[1].split("</p>")[0])
    assert "4 frameworks open to Kenya: a published position on 2, no recorded position on 2" in summary
    assert "1 of its positions replaced an earlier, different one" in summary
    # The spot where other parts of the page (closest, follow) are included: after the summary.
    template = (settings.BASE_DIR / "templates/initiatives/actor_detail.html").read_text()
    assert (
        template.index("record-summary") < template.index("_closest.html") < template.index('id="record-h"')
    )


def test_it_shows_what_each_position_was_before_and_each_change(client, world):
    kenya = record(client, "/actors/KEN/")
    assert re.search(r"Endorsed or signed .* was Supports", kenya["Declaration of Everywhere"])
    assert "no earlier position" in kenya["Regional Pact"]
    page = client.get("/actors/KEN/").content.decode()
    shifts = page.split('id="shifts-h"')[1].split("</section>")[0]
    assert "Declaration of Everywhere" in shifts and "Regional Pact" not in shifts  # a first position
    assert shifts.index("Supports") < shifts.index("Signs")
    assert 'href="/changes/?actor=KEN"' in shifts
    assert (
        "Declaration of Everywhere"
        not in client.get("/actors/KEN/?as_of=2025-02-28")
        .content.decode()
        .split('id="shifts-h"')[1]
        .split("</section>")[0]
    )


def test_it_offers_to_compare_with_an_actor_chosen_by_name(client, world):
    page = client.get("/actors/KEN/").content.decode()
    picker = page.split('class="filters inline compare-with"')[1].split("</form>")[0]
    assert 'action="/compare/"' in page.split('class="filters inline compare-with"')[0].rsplit("<form", 1)[1]
    assert '<input type="hidden" name="actors" value="KEN">' in picker
    assert '<label for="compare-with">' in picker
    assert '<option value="CHL">Chile</option>' in picker and '<option value="KEN">' not in picker
    compared = client.get("/compare/?actors=KEN&actors=CHL&only_differences=1")
    assert compared.status_code == 200
    assert [a.code for a in compared.context["actors"]] == ["KEN", "CHL"]


def test_compare_can_show_only_the_frameworks_where_they_differ(client, world):
    make_stance(actor=world["chl"], framework=world["declaration"], position=Position.SIGNS)
    make_stance(actor=world["chl"], framework=world["resolution"], position=Position.SUPPORTS)
    make_stance(actor=world["ken"], framework=world["resolution"], position=Position.SUPPORTS)

    def frameworks(query):
        response = client.get(f"/compare/?actors=KEN,CHL{query}")
        assert response.status_code == 200
        return {str(row["framework"]) for row in response.context["rows"]}

    assert frameworks("") == {"Declaration of Everywhere", "Resolution on Models", "Regional Pact"}
    assert frameworks("&only_differences=1") == {"Regional Pact"}  # Chile has no position on it
    cache.clear()  # anonymous pages are cached whole: read this one's context afresh
    response = client.get("/compare/?actors=KEN,CHL&only_differences=1")
    page = response.content.decode()
    assert "2 frameworks on which they all hold the same position are hidden" in page
    assert 'id="c-diff" type="checkbox" name="only_differences" value="1" checked' in page
    # The agreement is still read over every framework.
    assert response.context["pairs"][0]["shared"] == 2
    assert '<option value="CHL">Chile</option>' in page  # the picker adds an actor by name
    bad = client.get("/compare/?actors=KEN,CHL&only_differences=maybe")
    assert bad.status_code == 400 and "only_differences" in bad.content.decode()
    assert client.get("/compare/?actors=KEN&actors=&actors=CHL").status_code == 200


def test_the_actor_page_reads_its_record_in_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    # The record's three queries, the closest and furthest by each measure and the footer's data version
    # among them; the same number with twelve more frameworks and actors.
    with django_assert_max_num_queries(19):
        client.get("/actors/KEN/")
    for n in range(12):
        framework = make_framework(eligible_members_of=world["un"] if n % 2 else None)
        make_actor()
        if n % 3 == 0:
            make_stance(actor=world["ken"], framework=framework, position=Position.SUPPORTS)
            make_stance(
                actor=world["ken"], framework=framework, position=Position.OPPOSES, date=dt.date(2025, 5, 1)
            )
    cache.clear()
    with django_assert_max_num_queries(19):
        response = client.get("/actors/KEN/")
    assert len(record(client, "/actors/KEN/")) == 4 + 12
    assert response.context["record"]["changed"] == 1 + 4
    assert Framework.objects.count() == 6 + 12
