"""The alias index the web, the workers and the commands analyse with: loaded from the database, kept per
process, and rebuilt when another process changed an alias or what it names.

Each process keeps one AliasIndex in memory (load()). Any save or delete of an Alias, Actor, Framework or
Summit bumps the ALIAS_INDEX version of caching.py (signals.py); load() compares the version of its
index with the shared one on every call and rebuilds after a change. When the cache cannot be read,
the index in memory is trusted for UNVERIFIED_SECONDS. Bulk writes (bulk_create, QuerySet.update) send
no signals: whoever makes them calls bump_index_version() (fresh() does both).
"""

from __future__ import annotations

import datetime
import re
import time

from .. import caching
from ..analysis import AliasEntry, AliasIndex
from ..choices import SERIES_AT_A_SEAT, ActorKind, AliasKind, FrameworkKind
from ..models import Actor, Alias, Framework, Summit, Vote
from ..records.un_names import MEMBER_STATES

# --- The shared version: caching.ALIAS_INDEX, bumped by saves (the table in signals.py) -----------------


def index_version():
    """The shared version, or None when the cache cannot be reached."""
    return caching.current_version(caching.ALIAS_INDEX)


def bump_index_version(**kwargs) -> None:
    """Tell every process that its alias index is stale (bulk writes send no signals)."""
    caching.bump(caching.ALIAS_INDEX)


# --- This process's index ----------------------------------------------------------------------------------

# When the shared version cannot be read (cache away), the index in memory is trusted this long.
UNVERIFIED_SECONDS = 60.0
_cached: AliasIndex | None = None
_cached_version = None
_cached_at = 0.0


def load() -> AliasIndex:
    """The index of the aliases in the database, rebuilt when any process changed them since."""
    global _cached, _cached_version, _cached_at
    version = index_version()
    if _cached is not None:
        if version is not None and version == _cached_version:
            return _cached
        if version is None and time.monotonic() - _cached_at < UNVERIFIED_SECONDS:
            return _cached
    index = build()
    _cached, _cached_version, _cached_at = index, version, time.monotonic()
    return index


def clear_cache() -> None:
    """Forget this process's index: the next load() builds it from the database."""
    global _cached, _cached_version
    _cached, _cached_version = None, None


def fresh() -> AliasIndex:
    """The index built from the aliases as they are now, not the copy kept in this process.

    The shared version is bumped too, so that workers and web processes rebuild theirs on next use even
    when the aliases were changed by bulk writes, which send no signals.
    """
    clear_cache()
    bump_index_version()
    return load()


def build() -> AliasIndex:
    """A new index from the database's actors, frameworks, summits and aliases."""
    return AliasIndex(
        entries=list(_entries()),
        outcomes=_outcomes(),
        hosts=_hosts(),
        places=_places(),
        proposed_bodies=_proposed_bodies(),
        frameworks=_framework_facts(),
        tallies=_tallies(),
    )


def _entries():
    organisations, codes = set(), {}
    for actor in Actor.objects.only("code", "name", "kind", "code_is_abbreviation"):
        codes[actor.code] = actor.name
        is_organisation = actor.kind == ActorKind.ORGANISATION
        if is_organisation:
            organisations.add(actor.code)
        yield AliasEntry(actor.name, "actor", actor.code, actor.name, organisation=is_organisation)
        if is_organisation and actor.code_is_abbreviation:
            yield AliasEntry(
                actor.code, "actor", actor.code, actor.name, AliasKind.ABBREVIATION, organisation=True
            )
    yield from _un_names(codes)
    for framework in Framework.objects.only("slug", "name", "short_name"):
        yield AliasEntry(framework.name, "framework", framework.slug, framework.name)
        if framework.short_name:
            yield AliasEntry(framework.short_name, "framework", framework.slug, framework.name)
    for summit in Summit.objects.only("slug", "name"):
        yield AliasEntry(summit.name, "summit", summit.slug, summit.name)
    for alias in Alias.objects.select_related("actor", "framework", "summit"):
        if alias.actor_id:
            target, key, kind = alias.actor, alias.actor.code, "actor"
        elif alias.framework_id:
            target, key, kind = alias.framework, alias.framework.slug, "framework"
        else:
            target, key, kind = alias.summit, alias.summit.slug, "summit"
        yield AliasEntry(
            alias.text,
            kind,
            key,
            target.name,
            alias.kind,
            alias.valid_from,
            alias.valid_to,
            organisation=(key in organisations) if kind == "actor" else None,
            language=alias.language,
        )


def _framework_facts() -> dict[str, tuple[str, datetime.date | None]]:
    """framework slug -> (its kind, the day it was adopted, opened for signature or proposed), for telling
    apart frameworks that one description fits (analysis/descriptions.py)."""
    rows = Framework.objects.values_list(
        "slug", "kind", "date_adopted", "date_opened_for_signature", "date_proposed"
    )
    return {slug: (kind, adopted or opened or proposed) for slug, kind, adopted, opened, proposed in rows}


def _tallies() -> list[tuple[str, int | None, int | None, int | None]]:
    """(framework slug, for, against, abstaining) of each recorded vote with its official totals, for
    resolutions named by their vote (analysis/tallies.py)."""
    rows = Vote.objects.filter(adopted_without_vote=False, official_for__isnull=False)
    return list(rows.values_list("framework__slug", "official_for", "official_against", "official_abstain"))


def _un_names(codes: dict[str, str]):
    """The UN's own short names of its Member States (records/un_names.py), as the UN's records and the
    news quoting them write them: "Democratic People's Republic of Korea", "Iran (Islamic Republic of)"
    and "Islamic Republic of Iran", "Saint Lucia" and "St. Lucia"."""
    for state in MEMBER_STATES:
        if state.code not in codes:
            continue
        names = {state.name}
        inverted = _OF_IN_BRACKETS.fullmatch(state.name)
        if inverted:  # "Iran (Islamic Republic of)": "Islamic Republic of Iran"
            names.add(f"{inverted.group(2)} {inverted.group(1)}")
        for name in list(names):
            if name.startswith("Saint "):
                names |= {"St. " + name[6:], "St " + name[6:]}
        for name in names - {codes[state.code]}:
            yield AliasEntry(name, "actor", state.code, codes[state.code], organisation=False)


_OF_IN_BRACKETS = re.compile(r"(.+?) \((.+ of(?: the)?)\)")


def _outcomes() -> dict[str, list[str]]:
    """summit slug -> the slugs of the frameworks launched or adopted there."""
    outcomes: dict[str, list[str]] = {}
    for summit_slug, framework_slug in Summit.outcomes.through.objects.values_list(
        "summit__slug", "framework__slug"
    ):
        outcomes.setdefault(summit_slug, []).append(framework_slug)
    return outcomes


def _hosts() -> list[tuple[str, frozenset[str], datetime.date]]:
    """(slug, host and co-host codes, first day) of the summits a text may name by their host alone.

    Not those of a series held at an organisation's seat: the country recorded as their host is the
    seat's ("the United States will host" never means a UN meeting in New York)."""
    hosts = []
    summits = (
        Summit.objects.exclude(series__in=SERIES_AT_A_SEAT).exclude(start_date=None).select_related("host")
    )
    for summit in summits.prefetch_related("co_hosts"):
        codes = {summit.host.code} if summit.host_id else set()
        codes |= {actor.code for actor in summit.co_hosts.all()}
        if codes:
            hosts.append((summit.slug, frozenset(codes), summit.start_date))
    return hosts


def _places() -> list[tuple]:
    """(slug, city, first day, last day, organiser code, name, series) of every summit with a city or a date,
    for summits and outcomes named by place and date (analysis/places.py)."""
    rows = Summit.objects.exclude(city="", start_date=None).select_related("organiser")
    return [
        (
            s.slug,
            s.city,
            s.start_date,
            s.end_date,
            s.organiser.code if s.organiser_id else None,
            s.name,
            s.series,
        )
        for s in rows
    ]


def _proposed_bodies() -> dict[str, list[str]]:
    """actor code -> slugs of the proposed organisations it proposed or co-proposed (analysis/proposals.py)."""
    bodies: dict[str, list[str]] = {}
    frameworks = Framework.objects.filter(kind=FrameworkKind.PROPOSED_ORGANISATION).select_related(
        "proposed_by"
    )
    for framework in frameworks.prefetch_related("co_proposers"):
        codes = {framework.proposed_by.code} if framework.proposed_by_id else set()
        codes |= {actor.code for actor in framework.co_proposers.all()}
        for code in codes:
            bodies.setdefault(code, []).append(framework.slug)
    return bodies
