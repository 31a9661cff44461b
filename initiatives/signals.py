"""Which saves retire which cached values: the one table, connected in InitiativesConfig.ready().

A save or delete of a record that a public page shows bumps the DATA namespace of caching.py (charts,
page fragments, whole pages, feeds). A pending or rejected suggestion is shown by no public page, so
it bumps nothing: the workers analyse articles all day, and each suggestion would otherwise throw
away every cached chart. A stance bumps only when it is published, or was published before the save
(un-publishing changes the pages too).

Bulk writes (bulk_create, QuerySet.update) send no signals: whoever makes them calls
caching.bump_now_and_on_commit() (the starter loader and the importers do).
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from . import caching
from .choices import StanceStatus

# What pages show of a source document: a change to one of these, on a cited source, is a change
# to the data. Fetch status, text and notes are not shown beside a stance.
CITED_ARTICLE_FIELDS = {"url", "title", "publisher", "published_at", "source_kind"}


def bump_data(**kwargs) -> None:
    caching.bump_now_and_on_commit(caching.DATA)


def stance_changed(sender, instance, **kwargs) -> None:
    was_published = getattr(instance, "_loaded_status", None) == StanceStatus.PUBLISHED
    instance._loaded_status = instance.status  # what the next save of this instance compares with
    if instance.status == StanceStatus.PUBLISHED or was_published:
        bump_data()


def corroboration_changed(sender, instance, **kwargs) -> None:
    """A second source of a published stance is shown beside it; one of a suggestion is not."""
    from .models import Stance  # noqa: PLC0415 - signals are connected once the models are ready

    if Stance.objects.published().filter(pk=instance.stance_id).exists():
        bump_data()


def article_changed(sender, instance, update_fields=None, **kwargs) -> None:
    """Articles the pipeline stores, cited by no published stance, change no public figure."""
    from .models import Stance  # noqa: PLC0415

    if update_fields is not None and not CITED_ARTICLE_FIELDS & set(update_fields):
        return
    if instance.pk and Stance.objects.published().filter(source_id=instance.pk).exists():
        bump_data()


def connect() -> None:
    from .models import Actor, Article, Framework, Membership, Stance, StanceSource, Summit  # noqa: PLC0415

    # model: receiver, for save and delete alike
    table = {
        Stance: stance_changed,
        StanceSource: corroboration_changed,
        Article: article_changed,
        Actor: bump_data,
        Framework: bump_data,
        Summit: bump_data,
        Membership: bump_data,
    }
    for model, receiver in table.items():
        name = model.__name__
        post_save.connect(receiver, sender=model, dispatch_uid=f"data-save-{name}")
        if model is not Article:  # a deleted article is never cited: stances PROTECT their source
            post_delete.connect(receiver, sender=model, dispatch_uid=f"data-delete-{name}")
    for through in (
        Summit.outcomes.through,
        Summit.participants.through,
        Summit.co_hosts.through,
        Framework.co_proposers.through,
    ):
        m2m_changed.connect(bump_data, sender=through, dispatch_uid=f"data-m2m-{through.__name__}")
