"""The shared filtering layer: the same parameters for list pages, CSV exports and the API."""

import datetime as dt
import json

import pytest
from django.contrib.auth.models import Group, User
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone

from initiatives.choices import ActorKind, FrameworkKind, MembershipRole, Position, StanceStatus
from initiatives.filters import (
    ActorFilter,
    ArticleFilter,
    FilterError,
    FrameworkFilter,
    MembershipFilter,
    StanceFilter,
    SummitFilter,
    apply_filters,
    parse_as_of,
    reports_filter_errors,
)
from initiatives.models import Actor, Article, Framework, Membership, Mention, Stance, Summit

from .factories import make_actor, make_article, make_framework, make_organisation, make_stance, make_summit

pytestmark = pytest.mark.django_db


def qd(text: str) -> QueryDict:
    return QueryDict(text)


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def test_it_reads_lists_repeated_or_comma_separated_and_case_insensitively():
    make_actor(code="CHN")
    make_actor(code="USA")
    make_actor(code="FRA")
    for params in ("code=CHN,USA", "code=CHN&code=USA", "code=chn, usa"):
        qs, _ = apply_filters(ActorFilter, qd(params), Actor.objects.all())
        assert codes(qs) == {"CHN", "USA"}, params


def test_it_rejects_an_unknown_actor_code_naming_it():
    make_actor(code="CHN")
    with pytest.raises(FilterError) as caught:
        apply_filters(StanceFilter, qd("actor=CHN,XXY"), Stance.objects.all())
    assert caught.value.errors == {"actor": ["Unknown actor code: XXY."]}
    assert "XXY" in caught.value.message


def test_it_reports_every_bad_parameter_at_once():
    with pytest.raises(FilterError) as caught:
        apply_filters(
            StanceFilter, qd("position=likes&date_from=2024-13-01&as_of=yesterday"), Stance.objects.all()
        )
    assert set(caught.value.errors) == {"position", "date_from", "as_of"}
    assert "Use one of: proposes, supports" in caught.value.errors["position"][0]
    assert "YYYY-MM-DD" in caught.value.errors["as_of"][0]


def test_as_of_takes_only_real_calendar_days():
    assert parse_as_of("2024-02-29") == dt.date(2024, 2, 29)
    assert parse_as_of("") is None
    for bad in ("2023-02-29", "2024-2-1", "2024", "2024-01-01T00:00"):
        with pytest.raises(FilterError):
            parse_as_of(bad)


def test_stances_are_published_only_by_default():
    actor, framework = make_actor(), make_framework()
    published = make_stance(actor=actor, framework=framework)
    make_stance(actor=actor, framework=framework, status=StanceStatus.PENDING, date=dt.date(2025, 2, 1))
    qs, _ = apply_filters(StanceFilter, qd(""), Stance.objects.all())
    assert list(qs) == [published]


def test_unpublished_stances_need_the_view_permission():
    actor, framework = make_actor(), make_framework()
    pending = make_stance(actor=actor, framework=framework, status=StanceStatus.PENDING)
    request = RequestFactory().get("/")
    request.user = User.objects.create_user("visitor")
    with pytest.raises(FilterError) as caught:
        apply_filters(StanceFilter, qd("status=pending"), Stance.objects.all(), request=request)
    assert "status" in caught.value.errors

    analyst = User.objects.create_user("analyst")
    analyst.groups.add(Group.objects.get(name="analyst"))
    request.user = User.objects.get(pk=analyst.pk)
    qs, _ = apply_filters(StanceFilter, qd("status=pending"), Stance.objects.all(), request=request)
    assert list(qs) == [pending]


def test_stance_as_of_is_each_pairs_latest_published_position_on_the_date():
    actor, framework = make_actor(code="GBR"), make_framework()
    make_stance(actor=actor, framework=framework, position=Position.SUPPORTS, date=dt.date(2023, 11, 1))
    make_stance(actor=actor, framework=framework, position=Position.SIGNS, date=dt.date(2024, 9, 5))
    qs, fs = apply_filters(StanceFilter, qd("as_of=2024-01-01&current=true"), Stance.objects.all())
    assert fs.as_of.day == dt.date(2024, 1, 1)
    assert [s.position for s in qs] == [Position.SUPPORTS]
    qs, _ = apply_filters(
        StanceFilter, qd("as_of=2024-12-31&position=supports&current=1"), Stance.objects.all()
    )
    assert list(qs) == [], "GBR no longer merely supports at the end of 2024"
    qs, _ = apply_filters(StanceFilter, qd("as_of=2024-12-31&position=supports"), Stance.objects.all())
    assert [s.position for s in qs] == [Position.SUPPORTS], "the record up to the date keeps it"


def test_date_to_runs_to_the_end_of_a_partial_period():
    actor, framework = make_actor(), make_framework()
    late = make_stance(actor=actor, framework=framework, date=dt.date(2024, 12, 31))
    make_stance(actor=actor, framework=framework, date=dt.date(2025, 1, 1))
    qs, _ = apply_filters(StanceFilter, qd("date_from=2024&date_to=2024"), Stance.objects.all())
    assert list(qs) == [late]
    with pytest.raises(FilterError):
        apply_filters(StanceFilter, qd("date_from=2025&date_to=2024-06"), Stance.objects.all())


def test_member_of_reads_membership_on_the_as_of_date():
    usa, afr = make_actor(code="USA"), make_actor(code="ZAF")
    au = make_actor(code="AU", kind=ActorKind.ORGANISATION)
    g20 = make_organisation(code="G20", members=[usa, afr])
    Membership.objects.create(organisation=g20, member=au, start_date=dt.date(2023, 9, 9))
    Membership.objects.create(organisation=g20, member=make_actor(code="OBS"), role=MembershipRole.OBSERVER)
    qs, _ = apply_filters(ActorFilter, qd("member_of=G20&as_of=2023-01-01"), Actor.objects.all())
    assert codes(qs) == {"USA", "ZAF"}
    qs, _ = apply_filters(ActorFilter, qd("member_of=g20"), Actor.objects.all())
    assert codes(qs) == {"USA", "ZAF", "AU"}

    framework = make_framework()
    make_stance(actor=au, framework=framework, date=dt.date(2022, 1, 1))
    make_stance(actor=usa, framework=framework, date=dt.date(2022, 1, 1))
    qs, _ = apply_filters(StanceFilter, qd("member_of=G20&as_of=2023-01-01"), Stance.objects.all())
    assert [s.actor.code for s in qs] == ["USA"]


def test_member_of_must_name_an_organisation():
    make_actor(code="USA")
    with pytest.raises(FilterError) as caught:
        apply_filters(ActorFilter, qd("member_of=USA"), Actor.objects.all())
    assert caught.value.errors["member_of"] == ["Unknown organisation code: USA."]


def test_binding_is_strict_about_its_values():
    make_framework(slug="treaty", kind=FrameworkKind.TREATY, binding=True)
    make_framework(slug="declaration")
    qs, _ = apply_filters(FrameworkFilter, qd("binding=yes"), Framework.objects.all())
    assert [f.slug for f in qs] == ["treaty"]
    qs, _ = apply_filters(FrameworkFilter, qd("binding=0&kind=declaration"), Framework.objects.all())
    assert [f.slug for f in qs] == ["declaration"]
    with pytest.raises(FilterError):
        apply_filters(FrameworkFilter, qd("binding=maybe"), Framework.objects.all())


def test_frameworks_as_of_hides_ones_not_yet_proposed():
    make_framework(slug="old", date_proposed=dt.date(2019, 5, 22))
    make_framework(slug="new", date_proposed=dt.date(2025, 2, 11))
    qs, _ = apply_filters(FrameworkFilter, qd("as_of=2020-01-01"), Framework.objects.all())
    assert [f.slug for f in qs] == ["old"]


def test_summits_filter_by_series_host_and_year():
    fra = make_actor(code="FRA")
    make_summit(slug="paris", series="ai_summits", host=fra, start_date=dt.date(2025, 2, 10))
    make_summit(slug="seoul", series="ai_summits", start_date=dt.date(2024, 5, 21))
    qs, _ = apply_filters(SummitFilter, qd("series=ai_summits&host=FRA&year=2025"), Summit.objects.all())
    assert [s.slug for s in qs] == ["paris"]
    with pytest.raises(FilterError):
        apply_filters(SummitFilter, qd("year=twenty"), Summit.objects.all())


def test_articles_filter_by_what_they_mention_without_duplicates():
    chn, usa = make_actor(code="CHN"), make_actor(code="USA")
    both = make_article(published_at=timezone.make_aware(dt.datetime(2025, 7, 26, 9)))
    make_article(published_at=timezone.make_aware(dt.datetime(2025, 8, 1, 9)))
    Mention.objects.create(article=both, actor=chn, matched_text="China", start=0, end=5)
    Mention.objects.create(article=both, actor=usa, matched_text="US", start=10, end=12)
    qs, _ = apply_filters(ArticleFilter, qd("actor=CHN,USA"), Article.objects.all())
    assert list(qs) == [both]
    qs, _ = apply_filters(ArticleFilter, qd("date_to=2025-07"), Article.objects.all())
    assert list(qs) == [both]
    qs, _ = apply_filters(ArticleFilter, qd("as_of=2025-07-26"), Article.objects.all())
    assert list(qs) == [both]


def test_memberships_active_on_a_date():
    eu = make_organisation(code="EU")
    gbr = make_actor(code="GBR")
    Membership.objects.create(
        organisation=eu, member=gbr, start_date=dt.date(1973, 1, 1), end_date=dt.date(2020, 1, 31)
    )
    qs, _ = apply_filters(
        MembershipFilter, qd("organisation=EU&active_on=2019-06-01"), Membership.objects.all()
    )
    assert [m.member.code for m in qs] == ["GBR"]
    qs, _ = apply_filters(
        MembershipFilter, qd("organisation=EU&active_on=2021-06-01"), Membership.objects.all()
    )
    assert list(qs) == []
    # as_of is the record up to the date: a membership that ended is part of it, one not begun is not.
    qs, _ = apply_filters(MembershipFilter, qd("organisation=EU&as_of=2021-06-01"), Membership.objects.all())
    assert [m.member.code for m in qs] == ["GBR"]
    qs, _ = apply_filters(MembershipFilter, qd("organisation=EU&as_of=1970-06-01"), Membership.objects.all())
    assert list(qs) == []


def test_the_decorator_turns_filter_errors_into_400s_in_each_style():
    request = RequestFactory().get("/export/stances.csv?position=likes")

    def view(request):
        apply_filters(StanceFilter, request.GET, Stance.objects.all())
        raise AssertionError("the filter should have failed")

    text = reports_filter_errors("text")(view)(request)
    assert text.status_code == 400
    assert text["Content-Type"].startswith("text/plain")
    assert "position: Unknown position: likes." in text.content.decode()

    body = json.loads(reports_filter_errors("json")(view)(request).content)
    assert body["errors"] == {"position": [body["errors"]["position"][0]]}
    assert "likes" in body["detail"]

    html = reports_filter_errors("html")(view)(request)
    assert html.status_code == 400
    assert "Unknown position: likes." in html.content.decode()


def test_it_refuses_nul_characters_before_they_reach_the_database():
    make_actor(code="CHN")
    with pytest.raises(FilterError) as caught:
        apply_filters(StanceFilter, qd("actor=CH%00N"), Stance.objects.all())
    assert caught.value.errors == {"actor": ["Values cannot contain NUL characters."]}
    with pytest.raises(FilterError):
        apply_filters(ActorFilter, qd("q=a%00b"), Actor.objects.all())
