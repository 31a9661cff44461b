"""A large, deterministic, recognisably fake dataset for benchmarks and load tests.

Scale 1 is about 250 actors, 300 frameworks, 40 summits, 100,000 stances over ten years, 200,000
articles and 1,000,000 mentions. Every fake row can be told from curated data:

- articles live under https://synthetic.invalid/ (a reserved top-level domain, RFC 2606), and every
  synthetic stance has one of them as its source;
- synthetic actors have codes S0001.., frameworks slugs synthetic-0001.., summits synthetic-summit-001..

On PostgreSQL the three big tables are written with COPY (psycopg3 cursor.copy); elsewhere with
executemany in batches. Real countries already in the database are reused as actors.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import random
import time
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.utils import timezone

from .choices import (
    POSITION_ACT,
    ActorKind,
    AliasKind,
    ArticleKind,
    FetchStatus,
    FrameworkKind,
    FrameworkScope,
    FrameworkStatus,
    MembershipRole,
    Position,
    RatificationKind,
    SourceKind,
    StanceOrigin,
    StanceStatus,
    SummitSeries,
    SummitStatus,
)
from .models import Actor, Alias, Article, Framework, Membership, Mention, Stance, StanceSource, Summit

URL_PREFIX = "https://synthetic.invalid/"
ACTOR_CODE_REGEX = r"^S[0-9]{4}$"
FRAMEWORK_SLUG_PREFIX = "synthetic-"
SUMMIT_SLUG_PREFIX = "synthetic-summit-"
MENTIONS_PER_ARTICLE = 5
# executemany batch for databases without COPY (SQLite in tests): 2,000 rows per batch was the
# fastest of 500/2,000/10,000 for mentions on SQLite (10,000 was no faster and held more memory).
EXECUTEMANY_BATCH = 2000

_SYLLABLES = [
    "ka",
    "lo",
    "ri",
    "ta",
    "ven",
    "dor",
    "mi",
    "sa",
    "bel",
    "nor",
    "qu",
    "an",
    "es",
    "tor",
    "lia",
    "ze",
    "mar",
    "gon",
    "ul",
    "vi",
    "shan",
    "te",
    "ro",
    "ba",
]
_REGIONS = ["Africa", "Americas", "Asia", "Europe", "Oceania"]
_TOPICS = [
    "Trustworthy AI",
    "Frontier AI Safety",
    "AI and Human Rights",
    "Military Uses of AI",
    "AI in Public Services",
    "Algorithmic Transparency",
    "AI Compute Governance",
    "Generative AI",
    "AI for Development",
    "Data and AI Cooperation",
    "AI Incident Reporting",
    "Open-Source AI",
    "AI in Elections",
    "Autonomous Weapons",
    "AI Standards",
]
_KIND_WORDS = {
    FrameworkKind.TREATY: "Convention",
    FrameworkKind.DECLARATION: "Declaration",
    FrameworkKind.LAW: "Act",
    FrameworkKind.PRINCIPLES: "Principles",
    FrameworkKind.PROPOSED_ORGANISATION: "Agency",
    FrameworkKind.INITIATIVE: "Initiative",
    FrameworkKind.RESOLUTION: "Resolution",
    FrameworkKind.NATIONAL_PLAN: "Strategy",
}
_PUBLISHERS = [f"Synthetic Wire {n}" for n in range(1, 31)]
_VERBS = {
    Position.PROPOSES: "proposed",
    Position.SUPPORTS: "backed",
    Position.SIGNS: "signed",
    Position.RATIFIES: "ratified",
    Position.NEUTRAL: "abstained on",
    Position.OPPOSES: "rejected",
    Position.DECLINES: "declined to sign",
    Position.WITHDRAWS: "withdrew from",
}
# How positions move over time: supportive actors sign then ratify, opposing ones may come round.
_NEXT = {
    Position.PROPOSES: [Position.SIGNS, Position.RATIFIES],
    Position.SUPPORTS: [Position.SIGNS, Position.SIGNS, Position.SUPPORTS, Position.WITHDRAWS],
    Position.SIGNS: [Position.RATIFIES, Position.RATIFIES, Position.SUPPORTS, Position.WITHDRAWS],
    Position.RATIFIES: [Position.RATIFIES, Position.SUPPORTS, Position.WITHDRAWS],
    Position.NEUTRAL: [Position.SUPPORTS, Position.OPPOSES, Position.NEUTRAL],
    Position.OPPOSES: [Position.DECLINES, Position.OPPOSES, Position.NEUTRAL, Position.SUPPORTS],
    Position.DECLINES: [Position.OPPOSES, Position.DECLINES, Position.SIGNS],
    Position.WITHDRAWS: [Position.OPPOSES, Position.SIGNS],
}
_FIRST = (
    [Position.SUPPORTS] * 5 + [Position.SIGNS] * 2 + [Position.NEUTRAL, Position.OPPOSES, Position.DECLINES]
)


class SyntheticDataError(Exception):
    """The database is not in a state where synthetic data may be written; the message says why."""


@dataclass(frozen=True)
class Plan:
    actors: int
    frameworks: int
    summits: int
    stances: int
    articles: int

    @classmethod
    def for_scale(cls, scale: float) -> Plan:
        if scale <= 0:
            raise ValueError("scale must be positive")
        return cls(
            actors=max(12, round(250 * scale)),
            frameworks=max(6, round(300 * scale)),
            summits=max(4, round(40 * scale)),
            stances=max(50, round(100_000 * scale)),
            articles=max(50, round(200_000 * scale)),
        )


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def synthetic_actors(using="default"):
    return Actor.objects.using(using).filter(code__regex=ACTOR_CODE_REGEX)


def synthetic_articles(using="default"):
    return Article.objects.using(using).filter(url__startswith=URL_PREFIX)


def has_curated_stances(using="default") -> bool:
    """Stances whose source is not a synthetic article: a curator's or the pipeline's real data."""
    return Stance.objects.using(using).exclude(source__url__startswith=URL_PREFIX).exists()


def has_synthetic_data(using="default") -> bool:
    return synthetic_articles(using).exists() or synthetic_actors(using).exists()


def _delete_where_in(using: str, model, column: str, subquery) -> int:
    """DELETE rows whose column is in a queryset's ids, in SQL: no collector, no history rows for 1M rows."""
    sql, params = subquery.values("id").query.sql_with_params()
    with connections[using].cursor() as cursor:
        cursor.execute(f'DELETE FROM "{model._meta.db_table}" WHERE "{column}" IN ({sql})', params)
        return cursor.rowcount


def clear(using: str = "default") -> dict[str, int]:
    """Remove every synthetic row (and nothing else), children first."""
    articles = synthetic_articles(using)
    actors = synthetic_actors(using)
    frameworks = Framework.objects.using(using).filter(slug__startswith=FRAMEWORK_SLUG_PREFIX)
    summits = Summit.objects.using(using).filter(slug__startswith=SUMMIT_SLUG_PREFIX)
    removed: dict[str, int] = {}
    with transaction.atomic(using=using):
        removed["stance sources"] = _delete_where_in(using, StanceSource, "article_id", articles)
        removed["stances"] = _delete_where_in(using, Stance, "source_id", articles)
        removed["mentions"] = _delete_where_in(using, Mention, "article_id", articles)
        for name, qs in (("actor_id", actors), ("framework_id", frameworks), ("summit_id", summits)):
            removed["mentions"] += _delete_where_in(using, Mention, name, qs)
            removed.setdefault("aliases", 0)
            removed["aliases"] += _delete_where_in(using, Alias, name, qs)
        removed["articles"] = _delete_where_in(using, Article, "id", articles)
        for through, column, qs in (
            (Summit.participants.through, "summit_id", summits),
            (Summit.outcomes.through, "summit_id", summits),
            (Summit.co_hosts.through, "summit_id", summits),
            (Summit.participants.through, "actor_id", actors),
            (Summit.co_hosts.through, "actor_id", actors),
            (Summit.outcomes.through, "framework_id", frameworks),
            (Framework.co_proposers.through, "framework_id", frameworks),
            (Framework.co_proposers.through, "actor_id", actors),
        ):
            _delete_where_in(using, through, column, qs)
        removed["summits"] = _delete_where_in(using, Summit, "id", summits)
        removed["frameworks"] = _delete_where_in(using, Framework, "id", frameworks)
        removed["memberships"] = _delete_where_in(using, Membership, "organisation_id", actors)
        removed["memberships"] += _delete_where_in(using, Membership, "member_id", actors)
        removed["actors"] = _delete_where_in(using, Actor, "id", actors)
    return removed


class _Loader:
    """Writes rows of one table: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, using: str):
        self.using = using
        self.connection = connections[using]
        self.is_postgres = self.connection.vendor == "postgresql"

    def write(self, model, columns: list[str], rows) -> int:
        fields = [model._meta.get_field(name) for name in columns]
        # Columns left out get the model's default: Django sets defaults in Python, not in the schema.
        rest = [f for f in model._meta.concrete_fields if f not in fields and not f.primary_key]
        defaults = tuple(f.get_default() for f in rest)
        if rest:
            fields += rest
            rows = (tuple(row) + defaults for row in rows)
        db_columns = ", ".join(f'"{f.column}"' for f in fields)
        table = model._meta.db_table
        count = 0
        with self.connection.cursor() as cursor:
            if self.is_postgres:
                with cursor.cursor.copy(f'COPY "{table}" ({db_columns}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
                return count
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f'INSERT INTO "{table}" ({db_columns}) VALUES ({placeholders})'
            batch = []
            for row in rows:
                batch.append(
                    [f.get_db_prep_save(v, self.connection) for f, v in zip(fields, row, strict=True)]
                )
                if len(batch) >= EXECUTEMANY_BATCH:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
        return count

    def reserve_ids(self, model, n: int) -> list[int]:
        """n fresh primary keys, so that children can point at rows written by COPY."""
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            if self.is_postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n]
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"')
            start = cursor.fetchone()[0] + 1
        return list(range(start, start + n))

    def analyse(self, models) -> None:
        if not self.is_postgres:
            return
        # Fresh statistics for the planner; outside a transaction also VACUUM, so that the dead rows
        # of a --replace'd dataset are not read by every sequential scan (it made a scale-0.1 list
        # page slower than the same page at scale 1).
        command = "ANALYZE" if self.connection.in_atomic_block else "VACUUM ANALYZE"
        with self.connection.cursor() as cursor:
            for model in models:
                cursor.execute(f'{command} "{model._meta.db_table}"')


class Generator:
    """Builds the dataset for one (scale, seed, until); the same three give the same rows."""

    def __init__(self, *, scale: float, seed: int = 1, until: dt.date | None = None, using: str = "default"):
        self.plan = Plan.for_scale(scale)
        self.seed = seed
        self.rng = random.Random(seed)
        self.until = until or timezone.localdate()
        self.since = self.until.replace(year=self.until.year - 10)
        self.using = using
        self.loader = _Loader(using)
        self.report = Report()

    # --- helpers ---------------------------------------------------------------------------------
    def _name(self) -> str:
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(2, 3))).capitalize()

    def _day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange(max(1, (end - start).days)))

    def _timed(self, label: str, started: float) -> None:
        self.report.seconds[label] = round(time.perf_counter() - started, 2)

    # --- the dataset -------------------------------------------------------------------------------
    def check(self, *, force: bool = False, replace: bool = False) -> None:
        if has_curated_stances(self.using) and not force:
            raise SyntheticDataError(
                "This database holds stances that are not synthetic (curated or ingested data). "
                "Fake data must not be mixed with it by accident: use a scratch database, or pass --force."
            )
        if has_synthetic_data(self.using) and not replace:
            raise SyntheticDataError(
                "This database already holds synthetic data: pass --replace to remove it first."
            )

    def run(self, *, force: bool = False, replace: bool = False) -> Report:
        self.check(force=force, replace=replace)
        if replace:
            started = time.perf_counter()
            self.report.counts.update({f"removed {k}": v for k, v in clear(self.using).items()})
            self._timed("clear", started)
        with transaction.atomic(using=self.using):
            for step in (
                self._actors,
                self._frameworks,
                self._summits,
                self._aliases,
                self._articles,
                self._stances,
            ):
                started = time.perf_counter()
                step()
                self._timed(step.__name__.strip("_"), started)
        started = time.perf_counter()
        self.loader.analyse([Actor, Membership, Framework, Summit, Alias, Article, Mention, Stance])
        self._timed("analyse", started)
        # COPY sends no signals: tell the dashboard's caches that the data changed.
        from . import caching  # noqa: PLC0415

        caching.bump(caching.DATA)
        return self.report

    def _actors(self) -> None:
        rng, plan = self.rng, self.plan
        now = timezone.now()
        real = list(
            Actor.objects.using(self.using)
            .exclude(code__regex=ACTOR_CODE_REGEX)
            .order_by("code")[: plan.actors]
        )
        missing = plan.actors - len(real)
        n_orgs = max(2, missing // 8) if missing > 4 else 0
        new = []
        used_names = {a.name for a in real}
        for i in range(1, missing + 1):
            is_org = i <= n_orgs
            name = self._name()
            while name in used_names:
                name = self._name() + " " + self._name()
            used_names.add(name)
            region = rng.choice(_REGIONS)
            new.append(
                Actor(
                    code=f"S{i:04d}",
                    name=f"{name} {rng.choice(['Cooperation Council', 'Union', 'Forum'])}"
                    if is_org
                    else name,
                    kind=ActorKind.ORGANISATION if is_org else ActorKind.COUNTRY,
                    region="" if is_org else region,
                    description="Synthetic actor for benchmarks.",
                    created_at=now,
                )
            )
        new = Actor.objects.using(self.using).bulk_create(new, batch_size=500)
        self.actors = real + new
        self.countries = [a for a in self.actors if a.kind == ActorKind.COUNTRY] or self.actors
        orgs = [a for a in new if a.kind == ActorKind.ORGANISATION]
        memberships = []
        for org in orgs:
            members = rng.sample(self.countries, min(len(self.countries), rng.randint(5, 40)))
            for member in members:
                dated = rng.random() < 0.4
                start = self._day(self.since, self.until) if dated else None
                end = self._day(start, self.until) if dated and rng.random() < 0.15 else None
                memberships.append(
                    Membership(
                        organisation=org,
                        member=member,
                        start_date=start,
                        end_date=end,
                        role=MembershipRole.MEMBER if rng.random() < 0.9 else MembershipRole.OBSERVER,
                        note="Synthetic membership.",
                    )
                )
        Membership.objects.using(self.using).bulk_create(memberships, batch_size=1000)
        # Zipf-like prominence: a few actors are in most of the news, as in real coverage.
        self.actor_weights = list(_cumulative([1 / (r + 1) ** 0.8 for r in range(len(self.actors))]))
        rng.shuffle(self.actors)
        self.report.counts.update(actors=len(self.actors), new_actors=len(new), memberships=len(memberships))

    def _frameworks(self) -> None:
        rng = self.rng
        frameworks = []
        seen = set()
        for i in range(1, self.plan.frameworks + 1):
            kind = rng.choice(list(FrameworkKind))
            topic = rng.choice(_TOPICS)
            name = f"{self._name()} {_KIND_WORDS[kind]} on {topic}"
            if name in seen:
                name = f"{name} ({i})"
            seen.add(name)
            proposed = self._day(self.since, self.until - dt.timedelta(days=60))
            frameworks.append(
                Framework(
                    slug=f"{FRAMEWORK_SLUG_PREFIX}{i:04d}",
                    name=name,
                    short_name=f"{name.split()[0]} {_KIND_WORDS[kind]}",
                    kind=kind,
                    status=rng.choice(list(FrameworkStatus)),
                    proposed_by=rng.choice(self.actors),
                    date_proposed=proposed,
                    binding=kind in (FrameworkKind.TREATY, FrameworkKind.LAW),
                    scope=rng.choice(list(FrameworkScope)),
                    summary="Synthetic framework for benchmarks.",
                )
            )
        self.frameworks = Framework.objects.using(self.using).bulk_create(frameworks, batch_size=500)
        self.framework_weights = list(_cumulative([1 / (r + 1) for r in range(len(self.frameworks))]))
        self.report.counts["frameworks"] = len(self.frameworks)

    def _summits(self) -> None:
        rng = self.rng
        summits = []
        for i in range(1, self.plan.summits + 1):
            start = self.since + (self.until - self.since) * i // (self.plan.summits + 1)
            host = rng.choice(self.countries)
            summits.append(
                Summit(
                    slug=f"{SUMMIT_SLUG_PREFIX}{i:03d}",
                    name=f"{host.name} AI Summit {start.year}",
                    series=rng.choice(list(SummitSeries)),
                    status=SummitStatus.HELD,
                    host=host,
                    city=self._name(),
                    start_date=start,
                    end_date=start + dt.timedelta(days=rng.randint(0, 2)),
                    note="Synthetic summit.",
                )
            )
        self.summits = Summit.objects.using(self.using).bulk_create(summits)
        participants, outcomes = Summit.participants.through, Summit.outcomes.through
        p_rows, o_rows = [], []
        for summit in self.summits:
            for actor in rng.sample(self.actors, min(len(self.actors), rng.randint(10, 60))):
                p_rows.append(participants(summit_id=summit.id, actor_id=actor.id))
            launched = [
                f
                for f in self.frameworks
                if f.date_proposed and abs((f.date_proposed - summit.start_date).days) < 20
            ]
            for fw in launched[:3]:
                o_rows.append(outcomes(summit_id=summit.id, framework_id=fw.id))
        participants.objects.using(self.using).bulk_create(p_rows, batch_size=2000)
        outcomes.objects.using(self.using).bulk_create(o_rows)
        self.summit_days = [s.start_date for s in self.summits]
        self.report.counts.update(summits=len(self.summits), participants=len(p_rows))

    def _aliases(self) -> None:
        aliases = []
        for actor in self.actors:
            if actor.code.startswith("S"):
                aliases.append(
                    Alias(actor=actor, text=f"{actor.name}ian", kind=AliasKind.DEMONYM, note="synthetic")
                )
                aliases.append(
                    Alias(
                        actor=actor, text=f"Republic of {actor.name}", kind=AliasKind.NAME, note="synthetic"
                    )
                )
        for fw in self.frameworks:
            aliases.append(Alias(framework=fw, text=fw.name, note="synthetic"))
            aliases.append(
                Alias(framework=fw, text=fw.short_name, kind=AliasKind.ABBREVIATION, note="synthetic")
            )
        for summit in self.summits:
            aliases.append(Alias(summit=summit, text=summit.name, note="synthetic"))
        Alias.objects.using(self.using).bulk_create(aliases, batch_size=1000)
        self.report.counts["aliases"] = len(aliases)

    def _articles(self) -> None:
        rng, n = self.rng, self.plan.articles
        span = (self.until - self.since).days * 86400
        start = dt.datetime.combine(self.since, dt.time(), tzinfo=dt.UTC)
        # News about AI governance grew over the decade: density rises linearly (sqrt of a uniform).
        offsets = sorted(int(span * rng.random() ** 0.5) for _ in range(n))
        self.article_ids = self.loader.reserve_ids(Article, n)
        self.article_days = [(start + dt.timedelta(seconds=s)).date() for s in offsets]
        actors, frameworks, summits = self.actors, self.frameworks, self.summits
        aw, fw_w = self.actor_weights, self.framework_weights
        choices = rng.choices
        mentions: list[tuple] = []
        fetched = timezone.now()

        def article_rows():
            for i, (article_id, offset) in enumerate(zip(self.article_ids, offsets, strict=True)):
                published = start + dt.timedelta(seconds=offset)
                a1, a2, a3 = choices(actors, cum_weights=aw, k=3)
                f1, f2 = choices(frameworks, cum_weights=fw_w, k=2)
                second = (
                    summits[bisect.bisect_left(self.summit_days, published.date()) % len(summits)]
                    if i % 8 == 0
                    else f2
                )
                verb = rng.choice(list(_VERBS.values()))
                parts: list = [
                    a1,
                    " and ",
                    a2,
                    f" {verb} the ",
                    f1,
                    f" on {published:%d %B %Y}, officials said. ",
                    "Delegates met for a second day of talks. Officials from ",
                    a3,
                    " discussed the ",
                    second,
                    f" in report {i + 1} of this synthetic archive.",
                ]
                text, spans = _assemble(parts)
                title = f"{a1.name} and {a2.name} {verb} the {f1.short_name or f1.name}"
                publisher = _PUBLISHERS[i % len(_PUBLISHERS)]
                for target, s, e in spans:
                    actor_id = target.id if isinstance(target, Actor) else None
                    framework_id = target.id if isinstance(target, Framework) else None
                    summit_id = target.id if isinstance(target, Summit) else None
                    mentions.append(
                        (article_id, actor_id, framework_id, summit_id, text[s:e], s, e, published)
                    )
                yield (
                    article_id,
                    f"{URL_PREFIX}{publisher.split()[-1]}/{i + 1:07d}",
                    title,
                    publisher,
                    published,
                    "en",
                    text,
                    hashlib.sha256(text.encode()).hexdigest(),
                    ArticleKind.NEWS,
                    FetchStatus.ANALYSED,
                    fetched,
                    fetched,
                    published,
                    published,
                    "Synthetic article for benchmarks.",
                )

        self.report.counts["articles"] = self.loader.write(
            Article,
            [
                "id",
                "url",
                "title",
                "publisher",
                "published_at",
                "language",
                "text",
                "content_hash",
                "kind",
                "fetch_status",
                "fetched_at",
                "analysed_at",
                "created_at",
                "updated_at",
                "note",
            ],
            article_rows(),
        )
        # A snippet is the matched text's sentence in real data; here the span with some context
        # is enough for the article page and costs nothing extra to build.
        self.report.counts["mentions"] = self.loader.write(
            Mention,
            [
                "article",
                "actor",
                "framework",
                "summit",
                "matched_text",
                "start",
                "end",
                "published_at",
                "snippet",
            ],
            ((*m, m[4]) for m in mentions),
        )

    def _stances(self) -> None:
        rng, plan = self.rng, self.plan
        pairs_possible = len(self.actors) * len(self.frameworks)
        n_pairs = min(max(1, round(plan.stances / 3.3)), int(pairs_possible * 0.8))
        pair_index = rng.sample(range(pairs_possible), n_pairs)
        per_pair = [1] * n_pairs
        for p in rng.choices(range(n_pairs), k=plan.stances - n_pairs):
            per_pair[p] += 1
        n_articles = len(self.article_ids)

        def stance_rows():
            for idx, k in zip(pair_index, per_pair, strict=True):
                actor = self.actors[idx // len(self.frameworks)]
                fw = self.frameworks[idx % len(self.frameworks)]
                first = fw.date_proposed or self.since
                days = (self.until - first).days
                k = min(k, days)
                dates = sorted(first + dt.timedelta(days=d) for d in rng.sample(range(days), k))
                position = Position.PROPOSES if fw.proposed_by_id == actor.id else rng.choice(_FIRST)
                for n, day in enumerate(dates):
                    if n:
                        position = rng.choice(_NEXT[position])
                    roll = rng.random()
                    status = (
                        StanceStatus.PUBLISHED
                        if roll < 0.9
                        else (StanceStatus.PENDING if roll < 0.98 else StanceStatus.REJECTED)
                    )
                    origin = (
                        StanceOrigin.INGESTED
                        if status != StanceStatus.PUBLISHED or rng.random() < 0.4
                        else StanceOrigin.CURATED
                    )
                    # The source: an article published on or just after the stance's day.
                    at = min(n_articles - 1, bisect.bisect_left(self.article_days, day) + rng.randrange(5))
                    verb = _VERBS[position]
                    created = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
                    yield (
                        actor.id,
                        fw.id,
                        POSITION_ACT[position],
                        position,
                        RatificationKind.RATIFICATION if position == Position.RATIFIES else "",
                        day,
                        "day",
                        self.article_ids[at],
                        f"{actor.name} {verb} the {fw.name}.",
                        verb if origin == StanceOrigin.INGESTED else "",
                        "",
                        status,
                        origin,
                        1.0 if origin == StanceOrigin.CURATED else round(0.5 + rng.random() * 0.45, 2),
                        SourceKind.SECONDARY,
                        created,
                        created,
                        None if status == StanceStatus.PENDING else created,
                    )

        self.report.counts["stances"] = self.loader.write(
            Stance,
            [
                "actor",
                "framework",
                "act",
                "position",
                "position_detail",
                "date",
                "date_precision",
                "source",
                "evidence",
                "cue",
                "note",
                "status",
                "origin",
                "confidence",
                "source_kind",
                "created_at",
                "updated_at",
                "reviewed_at",
            ],
            stance_rows(),
        )


def _cumulative(weights):
    total = 0.0
    for w in weights:
        total += w
        yield total


def _assemble(parts) -> tuple[str, list]:
    """Join strings and named records into text, noting where each record's name sits."""
    out, spans, pos = [], [], 0
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            pos += len(part)
            continue
        name = part.name
        spans.append((part, pos, pos + len(name)))
        out.append(name)
        pos += len(name)
    return "".join(out), spans


def generate(
    *,
    scale: float,
    seed: int = 1,
    until: dt.date | None = None,
    using: str = "default",
    force: bool = False,
    replace: bool = False,
) -> Report:
    return Generator(scale=scale, seed=seed, until=until, using=using).run(force=force, replace=replace)
