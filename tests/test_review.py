"""The review queue in the admin: curators approve, reject and correct; analysts only read."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from initiatives.choices import Act, Position, SourceKind, StanceOrigin, StanceStatus
from initiatives.models import Mention, Stance, StanceSource
from tests.factories import make_actor, make_article, make_framework, make_stance

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:initiatives_suggestion_changelist")


def make_user(username, group):
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def suggestion():
    chn = make_actor(code="CHN", name="China")
    waico = make_framework(slug="waico", name="World AI Cooperation Organization", short_name="WAICO")
    article = make_article(
        url="https://wire.example.org/waico",
        title="Beijing <b>proposes</b> WAICO",
        published_at=timezone.now(),
    )
    evidence = "Beijing proposed the <script>alert(1)</script> WAICO at the APEC meeting."
    Mention.objects.create(article=article, actor=chn, matched_text="Beijing", start=0, end=7)
    stance = make_stance(
        actor=chn,
        framework=waico,
        position=Position.PROPOSES,
        source=article,
        status=StanceStatus.PENDING,
        origin=StanceOrigin.INGESTED,
        evidence=evidence,
        cue="proposed",
        confidence=0.8,
    )
    other = make_article(url="https://other.example.org/waico", title="Second outlet")
    StanceSource.objects.create(
        stance=stance, article=other, evidence="China proposed WAICO.", cue="proposed"
    )
    return stance


@pytest.fixture
def curator(client):
    user = make_user("cora", "curator")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def analyst(client):
    client.force_login(make_user("ana", "analyst"))
    return client


def test_the_queue_lists_pending_suggestions_with_highlighted_escaped_evidence(curator, suggestion):
    published = make_stance(
        actor=suggestion.actor, framework=suggestion.framework, evidence="Already published."
    )
    response = curator.get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<mark class="review-actor" title="actor">Beijing</mark>' in html
    assert '<mark class="review-cue" title="cue">proposed</mark>' in html
    assert '<mark class="review-framework" title="framework">WAICO</mark>' in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>proposes</b>" not in html  # the article's title is escaped in the link
    assert 'href="https://wire.example.org/waico"' in html
    assert '<td class="field-article_count">2</td>' in html
    assert "<h1>Suggestions awaiting review</h1>" in html
    assert "Already published." not in html
    assert published.status == StanceStatus.PUBLISHED


def test_a_curator_approves_in_bulk_and_the_stance_is_published_with_its_source(curator, suggestion):
    response = curator.post(
        QUEUE, {"action": "approve_selected", "_selected_action": [suggestion.pk]}, follow=True
    )
    assert "1 suggestion(s) published." in response.content.decode()
    stance = Stance.objects.get(pk=suggestion.pk)
    assert stance.status == StanceStatus.PUBLISHED
    assert stance.reviewed_by == curator.user
    assert stance.reviewed_at is not None
    assert stance.source_kind == SourceKind.SECONDARY
    assert stance.last_verified == timezone.localdate()
    assert stance.source.url == "https://wire.example.org/waico"
    assert stance in Stance.objects.as_of()
    assert stance.history.first().history_change_reason == "published from the review queue"


def test_a_curator_rejects_in_bulk(curator, suggestion):
    curator.post(QUEUE, {"action": "reject_selected", "_selected_action": [suggestion.pk]})
    stance = Stance.objects.get(pk=suggestion.pk)
    assert stance.status == StanceStatus.REJECTED
    assert stance.reviewed_by == curator.user
    assert stance not in Stance.objects.published()


def test_a_curator_corrects_the_position_and_actor_before_approving(curator, suggestion):
    usa = make_actor(code="USA", name="United States")
    url = reverse("admin:initiatives_suggestion_change", args=[suggestion.pk])
    page = curator.get(url)
    assert page.status_code == 200
    assert "other.example.org" in page.content.decode()
    response = curator.post(
        url,
        {
            "actor": usa.pk,
            "framework": suggestion.framework.pk,
            "act": Act.STATED_SUPPORT,
            "position_detail": "",
            "date": suggestion.date.isoformat(),
            "date_precision": "day",
            "summit": "",
            "decision": "approve",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stance = Stance.objects.get(pk=suggestion.pk)
    assert (stance.actor, stance.position, stance.status) == (usa, Position.SUPPORTS, StanceStatus.PUBLISHED)
    assert stance.reviewed_by == curator.user


def test_an_analyst_reads_the_queue_but_cannot_approve(analyst, suggestion):
    response = analyst.get(QUEUE)
    assert response.status_code == 200
    assert "approve_selected" not in response.content.decode()
    analyst.post(QUEUE, {"action": "approve_selected", "_selected_action": [suggestion.pk]})
    assert Stance.objects.get(pk=suggestion.pk).status == StanceStatus.PENDING
    change = reverse("admin:initiatives_suggestion_change", args=[suggestion.pk])
    analyst.post(change, {"actor": suggestion.actor.pk, "decision": "approve"})
    assert Stance.objects.get(pk=suggestion.pk).status == StanceStatus.PENDING


def test_anonymous_users_are_sent_to_the_login(client, suggestion):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_approving_twice_publishes_once(curator, suggestion):
    from initiatives.ingest import review

    assert review.approve([suggestion.pk], curator.user) == 1
    assert review.approve([suggestion.pk], curator.user) == 0
    assert Stance.objects.get(pk=suggestion.pk).date == suggestion.date
    assert dt.date.today() - Stance.objects.get(pk=suggestion.pk).last_verified < dt.timedelta(days=2)


def test_the_queue_costs_the_same_queries_however_long_it_is(curator, suggestion):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert curator.get(QUEUE).status_code == 200
        return len(captured)

    few = queries()
    for n in range(10):
        article = make_article(url=f"https://wire.example.org/more-{n}")
        Mention.objects.create(article=article, actor=suggestion.actor, matched_text="China", start=0, end=5)
        make_stance(
            actor=suggestion.actor,
            framework=suggestion.framework,
            source=article,
            status=StanceStatus.PENDING,
            origin=StanceOrigin.INGESTED,
            evidence="China proposed it.",
        )
    assert queries() == few
