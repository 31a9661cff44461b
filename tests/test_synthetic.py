"""The synthetic dataset: the planned sizes, deterministic, consistent, and never mixed with real data by accident."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from initiatives.choices import StanceStatus
from initiatives.models import Actor, Article, Mention, Stance
from initiatives.synthetic import URL_PREFIX, Plan, SyntheticDataError, clear, generate
from tests.factories import make_actor, make_framework, make_stance

UNTIL = dt.date(2026, 6, 30)
SCALE = 0.001  # the smallest plan: 12 actors, 6 frameworks, 100 stances, 200 articles


def fingerprint():
    stances = list(
        Stance.objects.order_by("actor__code", "framework__slug", "date").values_list(
            "actor__code", "framework__slug", "position", "date", "status", "source__url"
        )
    )
    articles = list(Article.objects.order_by("url").values_list("url", "title", "published_at", "text"))
    return stances, articles


@pytest.mark.django_db
def test_it_generates_the_planned_numbers_of_rows():
    plan = Plan.for_scale(SCALE)
    report = generate(scale=SCALE, seed=3, until=UNTIL)
    assert Stance.objects.count() == plan.stances == report.counts["stances"]
    assert Article.objects.count() == plan.articles
    assert Mention.objects.count() == 5 * plan.articles
    assert Actor.objects.count() == plan.actors


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_does_not():
    generate(scale=SCALE, seed=3, until=UNTIL)
    first = fingerprint()
    generate(scale=SCALE, seed=3, until=UNTIL, replace=True)
    assert fingerprint() == first
    generate(scale=SCALE, seed=4, until=UNTIL, replace=True)
    assert fingerprint() != first


@pytest.mark.django_db
def test_mentions_point_at_their_text_and_carry_the_articles_date():
    generate(scale=SCALE, seed=3, until=UNTIL)
    assert not Mention.objects.exclude(published_at=F("article__published_at")).exists()
    for mention in Mention.objects.select_related("article", "actor", "framework", "summit")[:200]:
        assert mention.article.text[mention.start : mention.end] == mention.matched_text
        assert mention.matched_text == (mention.actor or mention.framework or mention.summit).name


@pytest.mark.django_db
def test_stances_change_over_ten_years_mostly_published_each_with_a_synthetic_source():
    generate(scale=SCALE, seed=3, until=UNTIL)
    assert not Stance.objects.exclude(source__url__startswith=URL_PREFIX).exists()
    dates = Stance.objects.values_list("date", flat=True)
    assert min(dates) >= UNTIL.replace(year=UNTIL.year - 10) and max(dates) <= UNTIL
    statuses = list(Stance.objects.values_list("status", flat=True))
    assert statuses.count(StanceStatus.PUBLISHED) > 0.8 * len(statuses)
    assert StanceStatus.PENDING in statuses
    # Several stances per actor-framework pair, and positions that change between them.
    pairs = {}
    for actor, framework, position in Stance.objects.order_by("date").values_list(
        "actor_id", "framework_id", "position"
    ):
        pairs.setdefault((actor, framework), []).append(position)
    assert any(len(set(positions)) > 1 for positions in pairs.values())


@pytest.mark.django_db
def test_it_refuses_a_database_holding_real_stances_unless_forced():
    stance = make_stance(actor=make_actor(code="FRA", name="France"), framework=make_framework())
    with pytest.raises(SyntheticDataError, match="not synthetic"):
        generate(scale=SCALE, seed=3, until=UNTIL)
    assert not Article.objects.filter(url__startswith=URL_PREFIX).exists()
    generate(scale=SCALE, seed=3, until=UNTIL, force=True)
    # The real country was reused as an actor, and clearing the fake rows leaves the real ones.
    assert Stance.objects.filter(actor__code="FRA", source__url__startswith=URL_PREFIX).exists()
    clear()
    assert list(Stance.objects.all()) == [stance]
    assert Actor.objects.filter(code="FRA").exists()
    assert not Article.objects.filter(url__startswith=URL_PREFIX).exists()


@pytest.mark.django_db
def test_it_asks_for_replace_before_writing_over_earlier_synthetic_data():
    generate(scale=SCALE, seed=3, until=UNTIL)
    with pytest.raises(SyntheticDataError, match="--replace"):
        generate(scale=SCALE, seed=3, until=UNTIL)


@pytest.mark.django_db
def test_the_command_reports_what_it_wrote_and_refuses_real_data_with_a_clear_error():
    out = io.StringIO()
    call_command("generate_synthetic", "--scale", str(SCALE), "--until", UNTIL.isoformat(), stdout=out)
    assert "100 stances" in out.getvalue() and "1000 mentions" in out.getvalue()
    make_stance(actor=make_actor(), framework=make_framework())
    with pytest.raises(CommandError, match="--force"):
        call_command("generate_synthetic", "--scale", str(SCALE), "--replace", stdout=io.StringIO())
