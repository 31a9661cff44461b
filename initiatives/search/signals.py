"""Which saves re-index which records: connected in InitiativesConfig.ready(), beside signals.py.

- a framework, actor or summit: its own row, and for a framework or an actor the rows of its
  published stances (their titles carry its name);
- an alias: the row of what it names;
- a stance: its row (added when published, removed when it no longer is) and its source article's
  (a failed fetch is public while a published stance cites it);
- an article: its row.

The write happens in the saver's transaction: a rolled-back save leaves the index as it was. Bulk
writes (bulk_create, QuerySet.update) send no signals: the starter loader rebuilds the index, and
`manage.py rebuild_search_index` does so after any other bulk import.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from .documents import sync
from .models import SearchKind


def _stance_ids(**subject):
    from ..models import Stance  # noqa: PLC0415 - connected once the models are ready

    return Stance.objects.filter(**subject).values_list("pk", flat=True)


def framework_changed(sender, instance, **kwargs) -> None:
    sync(SearchKind.FRAMEWORK, [instance.pk])
    if kwargs.get("signal") is post_save:
        sync(SearchKind.STANCE, _stance_ids(framework_id=instance.pk))


def actor_changed(sender, instance, **kwargs) -> None:
    sync(SearchKind.ACTOR, [instance.pk])
    if kwargs.get("signal") is post_save:
        sync(SearchKind.STANCE, _stance_ids(actor_id=instance.pk))


def summit_changed(sender, instance, **kwargs) -> None:
    sync(SearchKind.SUMMIT, [instance.pk])


def alias_changed(sender, instance, **kwargs) -> None:
    for kind, target_id in (
        (SearchKind.ACTOR, instance.actor_id),
        (SearchKind.FRAMEWORK, instance.framework_id),
        (SearchKind.SUMMIT, instance.summit_id),
    ):
        if target_id:
            sync(kind, [target_id])


def stance_changed(sender, instance, **kwargs) -> None:
    from ..choices import StanceStatus  # noqa: PLC0415

    counts = sync(SearchKind.STANCE, [instance.pk])
    # Only a published stance, or one that was, changes whether its source is public: the
    # workers' suggestions do not re-read their article's text.
    if instance.source_id and (instance.status == StanceStatus.PUBLISHED or counts.deleted):
        sync(SearchKind.ARTICLE, [instance.source_id])


def article_changed(sender, instance, **kwargs) -> None:
    sync(SearchKind.ARTICLE, [instance.pk])


def connect() -> None:
    from ..models import Actor, Alias, Article, Framework, Stance, Summit  # noqa: PLC0415

    table = {
        Framework: framework_changed,
        Actor: actor_changed,
        Summit: summit_changed,
        Alias: alias_changed,
        Stance: stance_changed,
        Article: article_changed,
    }
    for model, receiver in table.items():
        name = model.__name__
        post_save.connect(receiver, sender=model, dispatch_uid=f"search-save-{name}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"search-delete-{name}")
