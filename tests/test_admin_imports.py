"""The importers in the admin: a curator uploads a positions file (dry run first), re-reads a vote
from the UN's record, and sees each report."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from initiatives.models import Stance, Vote
from initiatives.records import un_names
from tests.factories import make_actor, make_article, make_framework
from tests.httpserver import Route

pytestmark = pytest.mark.django_db
RECORDS = Path(__file__).parent / "data" / "records"
UPLOAD = "/admin/initiatives/stance/import/"


@pytest.fixture
def curator(client):
    user = User.objects.create_user("cora", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="curator"))
    client.force_login(user)
    return client


def upload(client, text, dry_run):
    data = {"file": SimpleUploadedFile("positions.csv", text.encode(), content_type="text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(UPLOAD, data)


def test_a_curator_uploads_a_positions_file_after_a_dry_run(curator):
    make_actor(code="FRA", name="France")
    make_framework(slug="treaty")
    text = (
        "actor,framework,act,date,source_url,source_kind,note\n"
        "FRA,treaty,signed,2024-09-05,https://www.coe.int/chart,primary,\n"
        "Atlantis,treaty,signed,2024-09-05,https://www.coe.int/chart,primary,\n"
    )
    assert "Import positions file" in curator.get("/admin/initiatives/stance/").content.decode()
    page = upload(curator, text, dry_run=True).content.decode()
    assert (
        "Dry run" in page
        and "Stance: 1 inserted" in page
        and "row 2: unknown actor &#x27;Atlantis&#x27;" in page
    )
    assert not Stance.objects.exists()
    page = upload(curator, text, dry_run=False).content.decode()
    assert "What the file did" in page and Stance.objects.get().actor.code == "FRA"


def test_an_analyst_cannot_import(client):
    user = User.objects.create_user("ana", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="analyst"))
    client.force_login(user)
    assert client.get(UPLOAD).status_code == 403


def test_a_vote_is_read_again_from_the_uns_record(curator, web):
    for state in un_names.MEMBER_STATES:
        make_actor(code=state.code, name=state.name)
    framework = make_framework(slug="unga-res-80-57", kind="resolution", document_symbol="A/RES/80/57")
    web.routes["/record/4094456"] = Route(body=(RECORDS / "undl_record_4094456.html").read_bytes())
    vote = Vote.objects.create(
        framework=framework,
        body="plenary",
        date="2025-12-01",
        source=make_article(),
        official_for=164,
        official_against=6,
        official_abstain=7,
        primary_record=web.url("/record/4094456"),
    )
    response = curator.post(
        "/admin/initiatives/vote/",
        {"action": "reread_from_un_record", "_selected_action": [vote.pk]},
        follow=True,
    )
    assert "Stance (ballots): 177 inserted" in response.content.decode()
    assert vote.ballots.count() == 177
