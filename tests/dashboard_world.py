"""A small world for the dashboard tests: a few countries, two blocs, three frameworks, a summit, an article.

China proposes WAICO in July 2025; the United States opposes it from September 2025; the EU (a bloc
whose members are France and Germany) signs CETS 225 in September 2024, while France signs it itself
only in March 2025 and Germany never does.
"""

import datetime as dt
import itertools

from initiatives.choices import DatePrecision, FrameworkKind, Position
from initiatives.models import Mention
from tests.factories import (
    make_actor,
    make_article,
    make_framework,
    make_organisation,
    make_stance,
    make_summit,
)

_more = itertools.count(1)


def build_world():
    chn = make_actor(code="CHN", name="China", region="Asia", iso_alpha2="CN")
    usa = make_actor(code="USA", name="United States", region="Americas", iso_alpha2="US")
    fra = make_actor(code="FRA", name="France", region="Europe", iso_alpha2="FR")
    deu = make_actor(code="DEU", name="Germany", region="Europe", iso_alpha2="DE")
    eu = make_organisation(code="EU", name="European Union", members=[fra, deu])
    g20 = make_organisation(code="G20", name="Group of Twenty", members=[chn, usa, fra, deu, eu])
    waico = make_framework(
        slug="waico", name="World AI Cooperation Organization", short_name="WAICO", proposed_by=chn
    )
    cets = make_framework(
        slug="cets-225",
        name="Framework Convention on AI",
        short_name="CETS 225",
        kind=FrameworkKind.TREATY,
        binding=True,
        date_opened_for_signature=dt.date(2024, 9, 5),
        # In force on the first day of the month after three months following the second
        # ratification, at least one of them by an EU member.
        eif_ratifications_required=2,
        eif_members_of=eu,
        eif_min_members=1,
        eif_delay_months=3,
    )
    summit = make_summit(slug="waic-2025", name="World AI Conference 2025", start_date=dt.date(2025, 7, 26))
    summit.outcomes.add(waico)
    summit.participants.add(chn, fra)
    article = make_article(
        title="China proposes a world AI body",
        publisher="Example News",
        text="China proposed <b>WAICO</b> in Shanghai.",
        published_at=dt.datetime(2025, 7, 27, 9, tzinfo=dt.UTC),
    )
    Mention.objects.create(
        article=article, actor=chn, matched_text="China", start=0, end=5, published_at=article.published_at
    )
    Mention.objects.create(
        article=article,
        framework=waico,
        matched_text="WAICO",
        start=18,
        end=23,
        published_at=article.published_at,
    )
    make_stance(
        actor=chn,
        framework=waico,
        position=Position.PROPOSES,
        date=dt.date(2025, 7, 26),
        source=article,
        summit=summit,
    )
    make_stance(actor=usa, framework=waico, position=Position.OPPOSES, date=dt.date(2025, 9, 1))
    make_stance(actor=eu, framework=cets, position=Position.SIGNS, date=dt.date(2024, 9, 5))
    make_stance(
        actor=fra,
        framework=cets,
        position=Position.SIGNS,
        date=dt.date(2025, 3, 1),
        date_precision=DatePrecision.MONTH,
        evidence="France signed in March 2025.",
    )
    make_stance(actor=usa, framework=cets, position=Position.SIGNS, date=dt.date(2024, 9, 5))
    return {
        "chn": chn,
        "usa": usa,
        "fra": fra,
        "deu": deu,
        "eu": eu,
        "g20": g20,
        "waico": waico,
        "cets": cets,
        "summit": summit,
        "article": article,
    }


def grow_world(world, n: int = 5):
    """More of everything, to show that a page's query count does not grow with the data."""
    for _ in range(n):
        i = next(_more)
        actor = make_actor(code=f"Q{i:02d}", name=f"Extra country {i}", region="Oceania")
        framework = make_framework(slug=f"extra-{i}", name=f"Extra framework {i}")
        world["g20"].memberships.create(member=actor)
        world["summit"].participants.add(actor)
        world["summit"].outcomes.add(framework)
        for other in (world["waico"], world["cets"], framework):
            make_stance(
                actor=actor,
                framework=other,
                position=Position.SUPPORTS,
                date=dt.date(2025, 5, 1),
                summit=world["summit"],
            )
        article = make_article(published_at=dt.datetime(2025, 7, 28, tzinfo=dt.UTC), text="WAICO and China.")
        Mention.objects.create(
            article=article,
            framework=world["waico"],
            matched_text="WAICO",
            start=0,
            end=5,
            published_at=article.published_at,
        )
        Mention.objects.create(
            article=article,
            actor=world["chn"],
            matched_text="China",
            start=10,
            end=15,
            published_at=article.published_at,
        )
        Mention.objects.create(
            article=article,
            summit=world["summit"],
            matched_text="and",
            start=6,
            end=9,
            published_at=article.published_at,
        )
