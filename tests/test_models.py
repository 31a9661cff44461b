import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from initiatives.choices import Act, DatePrecision, FrameworkStatus, Position, StanceStatus
from initiatives.models import Actor, Alias, Article, Framework, Membership, Mention, Stance
from initiatives.partial_dates import PartialDate, display_partial_date
from tests.factories import make_actor, make_article, make_framework, make_organisation, make_stance

pytestmark = pytest.mark.django_db


def test_it_refuses_two_actors_with_one_code():
    make_actor(code="CHN")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_actor(code="CHN")


def test_it_refuses_two_frameworks_with_one_slug():
    make_framework(slug="waico")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_framework(slug="waico")


def test_an_alias_may_return_for_another_term_but_not_twice_from_one_date():
    actor = make_actor(code="USA")
    Alias.objects.create(actor=actor, text="Trump", kind="leader", valid_from=dt.date(2017, 1, 20))
    Alias.objects.create(actor=actor, text="Trump", kind="leader", valid_from=dt.date(2025, 1, 20))
    with pytest.raises(IntegrityError), transaction.atomic():
        Alias.objects.create(actor=actor, text="Trump", kind="leader", valid_from=dt.date(2025, 1, 20))
    Alias.objects.create(actor=actor, text="Washington", kind="capital")
    with pytest.raises(IntegrityError), transaction.atomic():
        Alias.objects.create(actor=actor, text="Washington", kind="capital")  # undated twice


def test_it_refuses_the_same_act_twice_from_one_source_on_one_day():
    actor, framework, source = make_actor(), make_framework(), make_article()
    make_stance(actor=actor, framework=framework, source=source, act=Act.SIGNED)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_stance(actor=actor, framework=framework, source=source, act=Act.SIGNED)
    # Two acts the same day from one report: China proposed and co-sponsored a resolution.
    make_stance(actor=actor, framework=framework, source=source, act=Act.CO_SPONSORED)


def test_the_position_follows_from_the_act_in_the_database_too():
    stance = make_stance(actor=make_actor(), framework=make_framework(), act=Act.ABSTAINED)
    assert stance.position == Position.ABSTAINS
    with pytest.raises(IntegrityError), transaction.atomic():
        Stance.objects.filter(pk=stance.pk).update(position=Position.SUPPORTS)


def test_a_vote_holds_one_ballot_per_state():
    from initiatives.models import Vote

    actor, framework = make_actor(), make_framework()
    vote = Vote.objects.create(
        framework=framework,
        date=dt.date(2024, 12, 2),
        source=make_article(),
        official_for=1,
        official_against=0,
        official_abstain=0,
    )
    make_stance(actor=actor, framework=framework, act=Act.VOTED_FOR, vote=vote, date=vote.date)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_stance(actor=actor, framework=framework, act=Act.VOTED_AGAINST, vote=vote, date=vote.date)
    # A ballot is a vote, never a signature.
    with pytest.raises(IntegrityError), transaction.atomic():
        make_stance(actor=make_actor(), framework=framework, act=Act.SIGNED, vote=vote)
    assert vote.tally().complete


def test_it_refuses_a_second_undated_stance_from_one_source():
    actor, framework, source = make_actor(), make_framework(), make_article()
    make_stance(actor=actor, framework=framework, source=source, date=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_stance(actor=actor, framework=framework, source=source, date=None)


def test_it_refuses_an_alias_with_two_targets():
    with pytest.raises(IntegrityError), transaction.atomic():
        Alias.objects.create(text="Beijing", actor=make_actor(), framework=make_framework())


def test_it_refuses_a_ratification_detail_on_a_signature():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_stance(
            actor=make_actor(),
            framework=make_framework(),
            position=Position.SIGNS,
            position_detail="accession",
        )


def test_a_stance_needs_a_source():
    with pytest.raises(IntegrityError), transaction.atomic():
        Stance.objects.create(
            actor=make_actor(),
            framework=make_framework(),
            position=Position.SIGNS,
            evidence="x",
            status=StanceStatus.PUBLISHED,
        )


class TestAsOf:
    """An actor's position as of D is its latest published stance on or before D."""

    @pytest.fixture
    def history(self):
        usa, chn = make_actor(code="USA"), make_actor(code="CHN")
        treaty = make_framework(slug="treaty")
        make_stance(actor=usa, framework=treaty, position=Position.SIGNS, date=dt.date(2024, 9, 5))
        make_stance(actor=usa, framework=treaty, position=Position.WITHDRAWS, date=dt.date(2025, 3, 1))
        make_stance(
            actor=usa,
            framework=treaty,
            position=Position.SUPPORTS,
            date=dt.date(2025, 6, 1),
            status=StanceStatus.PENDING,
        )
        make_stance(actor=chn, framework=treaty, position=Position.OPPOSES, date=dt.date(2025, 1, 10))
        return usa, chn, treaty

    def positions(self, date):
        return {s.actor.code: s.position for s in Stance.objects.as_of(date).select_related("actor")}

    def test_it_gives_nothing_before_the_first_stance(self, history):
        assert self.positions(dt.date(2024, 1, 1)) == {}

    def test_it_gives_the_position_held_on_the_date(self, history):
        assert self.positions(dt.date(2024, 12, 31)) == {"USA": Position.SIGNS}
        assert self.positions(dt.date(2025, 1, 10)) == {"USA": Position.SIGNS, "CHN": Position.OPPOSES}

    def test_it_follows_a_change_of_side(self, history):
        assert self.positions(dt.date(2025, 3, 1))["USA"] == Position.WITHDRAWS

    def test_it_ignores_suggestions_awaiting_review(self, history):
        assert self.positions(None)["USA"] == Position.WITHDRAWS

    def test_an_undated_stance_counts_on_every_date_until_a_dated_one_follows(self, history):
        usa, chn, treaty = history
        gbr = make_actor(code="GBR")
        make_stance(actor=gbr, framework=treaty, position=Position.SIGNS, date=None)
        make_stance(actor=usa, framework=treaty, position=Position.SUPPORTS, date=None)
        assert self.positions(None)["GBR"] == Position.SIGNS
        assert self.positions(dt.date(2020, 1, 1)) == {"GBR": Position.SIGNS, "USA": Position.SUPPORTS}
        # A dated stance follows it: from its date on, the dated one holds.
        assert self.positions(dt.date(2024, 9, 5))["USA"] == Position.SIGNS
        assert self.positions(None)["USA"] == Position.WITHDRAWS

    def test_today_and_no_date_are_the_same_view(self, history):
        assert self.positions(dt.date.today()) == self.positions(None)

    def test_future_stances_wait_for_their_date(self, history):
        usa, chn, treaty = history
        make_stance(
            actor=chn, framework=treaty, position=Position.SIGNS, date=dt.date.today() + dt.timedelta(days=30)
        )
        assert self.positions(None)["CHN"] == Position.OPPOSES

    def test_restrictions_read_only_the_pairs_asked_for(self, history):
        usa, chn, treaty = history
        rows = Stance.objects.as_of(dt.date(2025, 6, 1), actors=[chn]).select_related("actor")
        assert [s.actor.code for s in rows] == ["CHN"]
        assert Stance.objects.as_of(dt.date(2025, 6, 1), frameworks=[treaty]).count() == 2

    def test_other_filters_narrow_the_rows_not_the_choice_of_the_latest(self, history):
        # USA signed, then withdrew: it is not a signatory now, however the rows are filtered.
        assert (
            not Stance.objects.filter(position=Position.SIGNS).as_of(None).filter(actor__code="USA").exists()
        )
        assert not Stance.objects.as_of(None).filter(position=Position.SIGNS).exists()

    def test_two_stances_on_one_day_resolve_to_the_later_record(self, history):
        usa, chn, treaty = history
        make_stance(actor=chn, framework=treaty, position=Position.SUPPORTS, date=dt.date(2025, 1, 10))
        assert self.positions(dt.date(2025, 1, 10))["CHN"] == Position.SUPPORTS


class TestPreviousPosition:
    def test_each_stance_knows_the_one_before_it(self):
        usa, treaty = make_actor(code="USA"), make_framework(slug="treaty")
        undated = make_stance(actor=usa, framework=treaty, position=Position.SUPPORTS, date=None)
        signs = make_stance(actor=usa, framework=treaty, position=Position.SIGNS, date=dt.date(2024, 9, 5))
        withdraws = make_stance(
            actor=usa, framework=treaty, position=Position.WITHDRAWS, date=dt.date(2025, 3, 1)
        )
        same_day = make_stance(
            actor=usa, framework=treaty, position=Position.OPPOSES, date=dt.date(2025, 3, 1)
        )
        make_stance(
            actor=usa,
            framework=treaty,
            position=Position.SIGNS,
            date=dt.date(2024, 1, 1),
            status=StanceStatus.PENDING,
        )
        previous = dict(
            Stance.objects.published().with_previous_position().values_list("pk", "previous_position")
        )
        assert previous == {
            undated.pk: None,
            signs.pk: Position.SUPPORTS,
            withdraws.pk: Position.SIGNS,
            same_day.pk: Position.WITHDRAWS,
        }


class TestPartialDates:
    def test_it_keeps_the_precision_it_was_given(self):
        assert PartialDate.parse("2025-09") == PartialDate(dt.date(2025, 9, 1), DatePrecision.MONTH)
        assert PartialDate.parse("2025-09").iso() == "2025-09"
        assert PartialDate.parse("2023").iso() == "2023"
        assert PartialDate.parse("2024-05-21").iso() == "2024-05-21"

    def test_it_never_shows_an_invented_day(self):
        assert display_partial_date(dt.date(2025, 9, 1), DatePrecision.MONTH) == "Sep 2025"
        assert display_partial_date(dt.date(2025, 9, 2), DatePrecision.DAY) == "2 Sep 2025"

    @pytest.mark.parametrize("text", ["2025-13", "25-09-01", "2025/09/01", "soon"])
    def test_it_rejects_what_is_not_a_date(self, text):
        with pytest.raises(ValueError):
            PartialDate.parse(text)


class TestTreatyStatus:
    """CETS 225's rule: five ratifications, three by Council of Europe members, then three months."""

    @pytest.fixture
    def convention(self):
        members = [make_actor(code=code) for code in ("GBR", "FRA", "NOR", "ESP")]
        outsiders = [make_actor(code=code) for code in ("USA", "JPN", "CAN")]
        coe = make_organisation(code="COE", members=members)
        treaty = make_framework(
            slug="cets-225",
            status=FrameworkStatus.OPEN_FOR_SIGNATURE,
            eif_ratifications_required=5,
            eif_members_of=coe,
            eif_min_members=3,
            eif_delay_months=3,
        )
        return treaty, members, outsiders

    def ratify(self, treaty, actor, day):
        make_stance(
            actor=actor,
            framework=treaty,
            position=Position.RATIFIES,
            date=day,
            position_detail="ratification",
        )

    def test_it_stays_open_until_the_rule_is_met(self, convention):
        treaty, members, outsiders = convention
        for i, actor in enumerate(outsiders + members[:1]):
            self.ratify(treaty, actor, dt.date(2025, 1, 10 + i))
        # Four ratifications, only one of them by a member.
        assert treaty.status_on(dt.date.today()) == FrameworkStatus.OPEN_FOR_SIGNATURE

    def test_it_enters_into_force_on_the_first_of_the_month_after_three_months(self, convention):
        treaty, members, outsiders = convention
        for i, actor in enumerate(outsiders[:2] + members[:3]):
            self.ratify(treaty, actor, dt.date(2025, 7, 10 + i))  # fifth on 14 July 2025
        assert treaty.computed_entry_into_force() == dt.date(2025, 11, 1)
        assert treaty.status_on(dt.date(2025, 10, 31)) == FrameworkStatus.OPEN_FOR_SIGNATURE
        assert treaty.status_on(dt.date(2025, 11, 1)) == FrameworkStatus.IN_FORCE

    def test_a_declared_in_force_status_without_ratifications_is_not_shown(self, convention):
        treaty, _, _ = convention
        Framework.objects.filter(pk=treaty.pk).update(status=FrameworkStatus.IN_FORCE)
        treaty.refresh_from_db()
        assert treaty.status_on(dt.date.today()) == FrameworkStatus.OPEN_FOR_SIGNATURE

    def test_status_follows_the_dated_timeline(self, convention):
        treaty, _, _ = convention
        treaty.date_adopted, treaty.date_opened_for_signature = dt.date(2024, 5, 17), dt.date(2024, 9, 5)
        treaty.save()
        assert treaty.status_on(dt.date(2024, 5, 1)) is None
        assert treaty.status_on(dt.date(2024, 9, 1)) == FrameworkStatus.ADOPTED
        assert treaty.status_on(dt.date(2024, 9, 5)) == FrameworkStatus.OPEN_FOR_SIGNATURE
        assert treaty.status_label_on(dt.date(2024, 5, 1)) == "Not yet proposed"


def test_a_bloc_signing_does_not_sign_for_its_members():
    fra = make_actor(code="FRA")
    eu = make_organisation(code="EU", members=[fra])
    make_stance(actor=eu, framework=make_framework(), position=Position.SIGNS)
    assert not Stance.objects.filter(actor=fra).exists()
    assert Membership.objects.active_on(dt.date(2025, 1, 1)).filter(organisation=eu).count() == 1


def test_memberships_have_periods():
    au = make_actor(code="AU", kind="organisation")
    g20 = make_organisation(code="G20")
    Membership.objects.create(organisation=g20, member=au, start_date=dt.date(2023, 9, 9))
    assert not Membership.objects.active_on(dt.date(2023, 1, 1)).filter(member=au).exists()
    assert Membership.objects.active_on(dt.date(2024, 1, 1)).filter(member=au).exists()
    assert Actor.objects.organisations().count() == 2


def test_a_period_ending_on_the_first_still_waits_for_the_following_month():
    coe = make_organisation(code="COE")
    treaty = make_framework(
        slug="rule", eif_ratifications_required=1, eif_members_of=coe, eif_min_members=0, eif_delay_months=3
    )
    make_stance(actor=make_actor(), framework=treaty, position=Position.RATIFIES, date=dt.date(2025, 7, 1))
    assert treaty.computed_entry_into_force() == dt.date(2025, 11, 1)


class TestArticlesAbout:
    """Article.objects.recent_about: a subject's newest articles, from its mentions and its sources."""

    NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

    def mention(self, article, actor, times=1):
        Mention.objects.bulk_create(
            Mention(
                article=article,
                actor=actor,
                matched_text="X",
                start=i * 10,
                end=i * 10 + 1,
                published_at=article.published_at,
            )
            for i in range(times)
        )

    def titles(self, actor, limit=3, moment=NOW):
        return [a.title for a in Article.objects.recent_about(moment, limit, actor=actor)]

    def test_newest_first_then_cited_sources_without_a_date(self):
        actor = make_actor()
        for day in (1, 3, 2):
            self.mention(
                make_article(title=f"May {day}", published_at=dt.datetime(2025, 5, day, tzinfo=dt.UTC)), actor
            )
        make_stance(actor=actor, framework=make_framework(), source=make_article(title="Reference page"))
        assert self.titles(actor, limit=4) == ["May 3", "May 2", "May 1", "Reference page"]
        assert self.titles(actor, limit=2) == ["May 3", "May 2"]
        assert self.titles(actor, moment=dt.datetime(2025, 5, 2, tzinfo=dt.UTC)) == [
            "May 1",
            "Reference page",
        ]

    def test_an_article_naming_its_subject_hundreds_of_times_hides_no_other(self):
        actor = make_actor()
        for day in (1, 2):
            self.mention(
                make_article(title=f"May {day}", published_at=dt.datetime(2025, 5, day, tzinfo=dt.UTC)), actor
            )
        self.mention(
            make_article(title="Long read", published_at=dt.datetime(2025, 6, 1, tzinfo=dt.UTC)), actor, 250
        )
        assert self.titles(actor) == ["Long read", "May 2", "May 1"]

    def test_ties_on_a_date_go_to_the_later_article_as_on_the_article_list(self):
        actor = make_actor()
        midnight = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)
        articles = [make_article(title=f"A{i}", published_at=midnight) for i in range(3)]
        for article in reversed(articles):  # mentions stored newest article first
            self.mention(article, actor)
        assert self.titles(actor, limit=2) == ["A2", "A1"]

    def test_a_rejected_suggestions_source_is_not_about_the_actor(self):
        actor = make_actor()
        make_stance(
            actor=actor,
            framework=make_framework(),
            source=make_article(title="Basketball"),
            status=StanceStatus.REJECTED,
        )
        assert self.titles(actor) == []

    def test_a_mention_takes_its_articles_date(self):
        article = make_article(published_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC))
        mention = Mention.objects.create(
            article=article, actor=make_actor(), matched_text="X", start=0, end=1, published_at=None
        )
        assert mention.published_at == article.published_at

    def test_a_corrected_date_moves_the_articles_mentions(self):
        actor = make_actor()
        article = make_article(published_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC))
        self.mention(article, actor)
        article.published_at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        article.save()
        assert Mention.objects.get(article=article).published_at == article.published_at
        article.published_at = None
        article.save()
        assert Mention.objects.get(article=article).published_at is None
