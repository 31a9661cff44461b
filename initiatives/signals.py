"""Which saves retire which cached values: the one table, connected in InitiativesConfig.ready().

- A published stance (or one that was published before the save: un-publishing changes pages too)
  retires what shows it: its framework's and its actor's pages, the pages of the blocs its actor
  belongs to, its summit's and its source's pages, and the figures drawn from every position
  (AGGREGATES: the home page, the lists, the matrix, alignment). Other frameworks' and actors' pages
  stay cached: a publish on one framework does not make every page slow again.
- A vote or its second sources: its framework's page and the aggregates; an attendance record: its summit.
- Reference data (actors, frameworks, summits, memberships, publishers), whose names and links
  appear everywhere, retires everything (DATA).
- Aliases and the names of actors, frameworks and summits retire the alias index every process
  analyses with (ALIAS_INDEX).
- A pending or rejected suggestion is shown by no public page, so it bumps nothing: the workers
  analyse articles all day, and each suggestion would otherwise throw away every cached page.

Bulk writes (bulk_create, QuerySet.update) send no signals: whoever makes them calls
caching.bump_now_and_on_commit() (the starter loader and the importers do).
"""

from __future__ import annotations

import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import caching, page_cache
from .choices import StanceStatus

# What pages show of a source document: a change to one of these, on a cited source, is a change
# to the data. Fetch status, text and notes are not shown beside a stance.
CITED_ARTICLE_FIELDS = {"url", "title", "publisher", "published_at", "source_kind"}


def bump_data(**kwargs) -> None:
    caching.bump_now_and_on_commit(caching.DATA)


def bump_data_and_index(**kwargs) -> None:
    """Names of actors, frameworks and summits are what the analysis reads, as well as what pages show."""
    caching.bump_now_and_on_commit(caching.DATA, caching.ALIAS_INDEX)


def bump_index(**kwargs) -> None:
    caching.bump_now_and_on_commit(caching.ALIAS_INDEX)


def changed(*namespaces: str) -> None:
    """Retire what shows these records, and have the pages readers open first rendered again."""
    caching.bump_now_and_on_commit(*namespaces)
    render_ahead_after_commit(namespaces)


_pending = threading.local()


def render_ahead_after_commit(namespaces) -> None:
    """Once the writer's transaction commits, render the pages these namespaces' changes affect
    (page_cache.pages_for): one task per transaction, however many stances it published."""
    if getattr(_pending, "namespaces", None) is None:
        _pending.namespaces = set()
    _pending.namespaces.update(namespaces)
    # Each save registers a send; after a commit the first one takes every namespace waiting, the
    # rest find none. (A rolled-back transaction's namespaces ride along with the next commit's send:
    # a little more rendered, harmlessly.)
    transaction.on_commit(_send_renders)


def _send_renders() -> None:
    from .tasks import render_pages  # noqa: PLC0415 - the tasks import the pipeline

    waiting, _pending.namespaces = getattr(_pending, "namespaces", None), None
    if waiting:
        render_pages.delay(page_cache.pages_for(sorted(waiting)))


def stance_subjects(actor_id: int, framework_id: int, summit_id=None, source_id=None) -> list[str]:
    """The namespaces of the pages that show a stance (caching.subject)."""
    from .models import Actor, Framework, Membership, Summit  # noqa: PLC0415 - connected once models are ready

    codes = [Actor.objects.filter(pk=actor_id).values_list("code", flat=True).first()]
    # A bloc's page lists its members' own positions.
    codes += Membership.objects.filter(member_id=actor_id).values_list("organisation__code", flat=True)
    namespaces = [
        caching.AGGREGATES,
        caching.subject("framework", Framework.objects.get(pk=framework_id).slug),
    ]
    namespaces += [caching.subject("actor", code) for code in codes if code]
    if summit_id:
        namespaces.append(
            caching.subject(
                "summit", Summit.objects.filter(pk=summit_id).values_list("slug", flat=True).first()
            )
        )
    if source_id:
        namespaces.append(caching.subject("article", source_id))
    return namespaces


def stance_changed(sender, instance, **kwargs) -> None:
    was_published = getattr(instance, "_loaded_status", None) == StanceStatus.PUBLISHED
    instance._loaded_status = instance.status  # what the next save of this instance compares with
    if instance.status == StanceStatus.PUBLISHED or was_published:
        changed(
            *stance_subjects(instance.actor_id, instance.framework_id, instance.summit_id, instance.source_id)
        )


def corroboration_changed(sender, instance, **kwargs) -> None:
    """A second source of a published stance is shown beside it; one of a suggestion is not."""
    from .models import Stance  # noqa: PLC0415 - signals are connected once the models are ready

    stance = (
        Stance.objects.published().filter(pk=instance.stance_id).values("actor_id", "framework_id").first()
    )
    if stance:
        changed(*stance_subjects(stance["actor_id"], stance["framework_id"]))


def vote_changed(sender, instance, **kwargs) -> None:
    from .models import Framework  # noqa: PLC0415

    slug = Framework.objects.filter(pk=instance.framework_id).values_list("slug", flat=True).first()
    changed(caching.AGGREGATES, caching.subject("framework", slug))
    bump_index()  # the analysis names resolutions by their recorded totals (analysis/tallies.py)


def participation_changed(sender, instance, **kwargs) -> None:
    from .models import Summit  # noqa: PLC0415

    slug = Summit.objects.filter(pk=instance.summit_id).values_list("slug", flat=True).first()
    changed(caching.subject("summit", slug))


def article_changed(sender, instance, update_fields=None, **kwargs) -> None:
    """Articles the pipeline stores, cited by no published stance, change no public figure."""
    from .models import Stance  # noqa: PLC0415

    if update_fields is not None and not CITED_ARTICLE_FIELDS & set(update_fields):
        return
    if instance.pk and Stance.objects.published().filter(source_id=instance.pk).exists():
        bump_data()


def connect() -> None:
    from .models import (  # noqa: PLC0415
        Actor,
        Alias,
        Article,
        Framework,
        Membership,
        Participation,
        Publisher,
        Stance,
        StanceSource,
        Summit,
        Vote,
    )

    # model: receiver, for save and delete alike
    table = {
        Stance: stance_changed,
        StanceSource: corroboration_changed,
        Vote: vote_changed,
        Participation: participation_changed,
        Article: article_changed,
        Actor: bump_data_and_index,
        Framework: bump_data_and_index,
        Summit: bump_data_and_index,
        Alias: bump_index,
        Membership: bump_data,
        Publisher: bump_data,
    }
    for model, receiver in table.items():
        name = model.__name__
        post_save.connect(receiver, sender=model, dispatch_uid=f"data-save-{name}")
        if model is not Article:  # a deleted article is never cited: stances PROTECT their source
            post_delete.connect(receiver, sender=model, dispatch_uid=f"data-delete-{name}")
    for through in (
        Summit.outcomes.through,
        Summit.co_hosts.through,
        Framework.co_proposers.through,
        Framework.eligible_also.through,
        Vote.other_sources.through,
    ):
        m2m_changed.connect(bump_data, sender=through, dispatch_uid=f"data-m2m-{through.__name__}")
