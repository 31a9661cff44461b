"""Plain factory functions for tests: keyword-only, sensible defaults, nothing hidden."""

import datetime as dt
import itertools

from initiatives.choices import ActorKind, FrameworkKind, Position, StanceOrigin, StanceStatus
from initiatives.models import Actor, Article, Framework, Membership, Stance, Summit

_seq = itertools.count(1)


def make_actor(*, code=None, name=None, kind=ActorKind.COUNTRY, **fields) -> Actor:
    n = next(_seq)
    return Actor.objects.create(code=code or f"X{n:02d}", name=name or f"Country {n}", kind=kind, **fields)


def make_organisation(*, code=None, name=None, members=(), **fields) -> Actor:
    org = make_actor(code=code, name=name or f"Organisation {code}", kind=ActorKind.ORGANISATION, **fields)
    for member in members:
        Membership.objects.create(organisation=org, member=member)
    return org


def make_framework(*, slug=None, name=None, kind=FrameworkKind.DECLARATION, **fields) -> Framework:
    n = next(_seq)
    return Framework.objects.create(
        slug=slug or f"framework-{n}", name=name or f"Framework {n}", kind=kind, **fields
    )


def make_summit(*, slug=None, name=None, start_date=None, **fields) -> Summit:
    n = next(_seq)
    return Summit.objects.create(
        slug=slug or f"summit-{n}",
        name=name or f"Summit {n}",
        start_date=start_date or dt.date(2025, 1, 1),
        **fields,
    )


def make_article(*, url=None, title=None, **fields) -> Article:
    n = next(_seq)
    return Article.objects.create(
        url=url or f"https://news.example.org/story-{n}", title=title or f"Story {n}", **fields
    )


def make_stance(
    *,
    actor,
    framework,
    position=Position.SIGNS,
    date=dt.date(2025, 1, 1),
    source=None,
    status=StanceStatus.PUBLISHED,
    origin=StanceOrigin.CURATED,
    evidence="Curator's note.",
    **fields,
) -> Stance:
    return Stance.objects.create(
        actor=actor,
        framework=framework,
        position=position,
        date=date,
        source=source or make_article(),
        status=status,
        origin=origin,
        evidence=evidence,
        **fields,
    )
