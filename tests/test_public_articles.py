"""Refused and failed fetches are not listed publicly: not in /articles/, the API or the CSV.

Their addresses may be internal ones (a feed entry pointing at http://10.0.0.5/admin is refused and
recorded as failed) and they hold no text. Curators still see them in the admin. A failed page that
a published stance cites stays listed: it is that stance's source.
"""

import csv
import io

import pytest
from django.contrib.auth.models import User

from initiatives.choices import FetchStatus, StanceStatus
from initiatives.models import Article

from .factories import make_actor, make_article, make_framework, make_stance

pytestmark = pytest.mark.django_db

INTERNAL = "http://10.0.0.5/admin/secret-dashboard"


@pytest.fixture
def articles():
    fetched = make_article(title="Shanghai declaration", fetch_status=FetchStatus.ANALYSED)
    refused = make_article(
        url=INTERNAL,
        title="Refused",
        fetch_status=FetchStatus.FAILED,
        fetch_error="Refused to fetch from 10.0.0.5: it resolves to 10.0.0.5, a private network address.",
    )
    failed = make_article(url="https://news.example.org/gone", title="Gone", fetch_status=FetchStatus.FAILED)
    cited = make_article(
        url="https://gov.example.org/treaty", title="Treaty text", fetch_status=FetchStatus.FAILED
    )
    make_stance(actor=make_actor(), framework=make_framework(), source=cited)
    pending_only = make_article(
        url="https://news.example.org/suggested", title="Only a suggestion's", fetch_status=FetchStatus.FAILED
    )
    make_stance(
        actor=make_actor(), framework=make_framework(), source=pending_only, status=StanceStatus.PENDING
    )
    return {
        "fetched": fetched,
        "refused": refused,
        "failed": failed,
        "cited": cited,
        "pending_only": pending_only,
    }


def test_the_public_queryset_leaves_out_failed_fetches_unless_a_published_stance_cites_them(articles):
    public = set(Article.objects.public().values_list("title", flat=True))
    assert public == {"Shanghai declaration", "Treaty text"}


def test_the_article_list_page_does_not_list_them(client, articles):
    page = client.get("/articles/").content.decode()
    assert "Shanghai declaration" in page and "Treaty text" in page
    for hidden in ("10.0.0.5", "Refused", "Gone", "Only a suggestion"):
        assert hidden not in page
    assert client.get(articles["refused"].get_absolute_url()).status_code == 404
    assert client.get(articles["cited"].get_absolute_url()).status_code == 200


def test_the_api_does_not_list_them(client, articles):
    listed = client.get("/api/v1/articles/").json()
    urls = {a["url"] for a in listed["results"]}
    assert INTERNAL not in urls and "https://news.example.org/gone" not in urls
    assert "https://gov.example.org/treaty" in urls
    assert client.get(f"/api/v1/articles/{articles['refused'].pk}/").status_code == 404


def test_the_csv_does_not_list_them(client, articles):
    response = client.get("/export/articles.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {r["title"] for r in rows} == {"Shanghai declaration", "Treaty text"}


def test_curators_still_see_them_in_the_admin(client, articles):
    admin = User.objects.create_superuser("curator", password="x" * 12)
    client.force_login(admin)
    page = client.get("/admin/initiatives/article/").content.decode()
    assert "Refused" in page and "Gone" in page
