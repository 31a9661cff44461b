"""Insert, update or keep one model's records against wanted rows, matched on a natural key: the one
write path of the starter loader and the importers, in the manner of Open States' importers.

Every record is looked up by its natural key and compared field by field. Missing records are
inserted; a record that differs is updated unless a person has edited it, which is known from its
change history (an entry with a history_user): such a record is counted as "kept", so a curator's
edit wins over any file. The history also keeps a record recognisable after a curator changed its
key (corrected a stance's date), and keeps a record a curator deleted from coming back.

Writes are bulk inserts and updates that also write the change history, with no user and the
change reason of the run. Bulk writes send no signals: callers bump the caches (caching.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .report import Counts, DataError


class Sync:
    """Insert, update or keep one model's records against the wanted rows, matched on a natural key."""

    def __init__(
        self,
        model: type[models.Model],
        key_fields: tuple[str, ...],
        counts: Counts,
        *,
        insert_only: tuple[str, ...] = (),
        protect=None,
        scope: dict | None = None,
        defer: tuple[str, ...] = (),
        change_reason: str = "starter data",
    ):
        self.model = model
        self.key_fields = key_fields
        self.counts = counts
        self.insert_only = set(insert_only)
        # Records the data must not change even though no person edited them (e.g. fetched articles).
        self.protect = protect or (lambda obj: False)
        # A filter that narrows the comparison to records the data can match (big tables: articles).
        self.scope = scope or {}
        self.defer = defer
        self.change_reason = change_reason
        self.has_updated_at = any(f.name == "updated_at" for f in model._meta.concrete_fields)
        # Per natural key: the record and what happened to it ("inserted", "updated", "unchanged", "kept").
        self.objects: dict[tuple, models.Model] = {}
        self.status: dict[tuple, str] = {}
        # Keys of records a person deleted: not re-created.
        self.deleted: set[tuple] = set()
        # Per wanted key: a record the caller knows is the same one under another key (a stance whose
        # act the data now states); used when nothing has the key and no other row wants its key.
        self.alternative_keys: dict[tuple, int] = {}

    def key_of(self, values) -> tuple:
        get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
        return tuple(get(name) for name in self.key_fields)

    def _history(self):
        """From the change history: which records a person edited, which a person deleted, and every
        key each record has had (so that a record whose key a curator changed is still recognised)."""
        curated, deleted = set(), set()
        # Every record a person touched, wherever its key now points (few rows: people are slow).
        for pk, history_type in self.model.history.filter(history_user__isnull=False).values_list(
            "id", "history_type"
        ):
            curated.add(pk)
            if history_type == "-":
                deleted.add(pk)
        past_keys = {}
        for pk, *key in self.model.history.filter(**self.scope).values_list("id", *self.key_fields):
            past_keys.setdefault(tuple(key), set()).add(pk)
        return curated, deleted, past_keys

    def run(self, rows: Iterable[dict]) -> Sync:
        rows = list(rows)
        wanted_keys = {self.key_of(values) for values in rows}
        records = self.model._default_manager.filter(**self.scope)
        if self.defer:
            records = records.defer(*self.defer)  # e.g. an article's text: large, and no file sets it
        existing = {self.key_of(obj): obj for obj in records}
        by_pk = {obj.pk: obj for obj in existing.values()}
        curated, deleted, past_keys = self._history()
        self.curated_pks = curated
        to_create, to_update, changed_fields = [], [], set()
        matched = set()
        for values in rows:
            key = self.key_of(values)
            if key in self.status:
                raise DataError(f"{self.model.__name__}: duplicate key {key} in the data")
            obj = existing.get(key)
            if obj is None:
                # A curator may have changed the key (a stance's date) or deleted the record: both stand.
                earlier = past_keys.get(key, set())
                outside = earlier - by_pk.keys() - deleted
                if outside:  # its key now lies outside the scope (a stance moved to another source)
                    by_pk.update({obj.pk: obj for obj in self.model._default_manager.filter(pk__in=outside)})
                live = [
                    pk
                    for pk in earlier
                    if pk in by_pk and pk not in matched and self.key_of(by_pk[pk]) != key
                ]
                if live:
                    obj = by_pk[live[0]]
                elif earlier & deleted:
                    self.status[key] = "kept"
                    self.deleted.add(key)
                    continue
                else:
                    same = by_pk.get(self.alternative_keys.get(key))
                    if same is not None and same.pk not in matched and self.key_of(same) not in wanted_keys:
                        obj = same
            if obj is None:
                obj = self.model(**values)
                to_create.append(obj)
                self.status[key] = "inserted"
                self.objects[key] = obj
                continue
            matched.add(obj.pk)
            self.objects[key] = obj
            diff = {
                name: value
                for name, value in values.items()
                if name not in self.insert_only and getattr(obj, name) != value
            }
            if not diff:
                self.status[key] = "unchanged"
            elif self.is_kept(obj):
                self.status[key] = "kept"
            else:
                for name, value in diff.items():
                    setattr(obj, name, value)
                to_update.append(obj)
                changed_fields |= diff.keys()
                self.status[key] = "updated"
        if to_create:
            for obj in bulk_create_with_history(
                to_create, self.model, batch_size=500, default_change_reason=self.change_reason
            ):
                self.objects[self.key_of(obj)] = obj
        if to_update:
            self.save_changes(to_update, changed_fields)
        return self

    def is_kept(self, obj) -> bool:
        """Edited by a person (or protected): the data does not change it."""
        return obj.pk in self.curated_pks or self.protect(obj)

    def save_changes(self, objs: list, fields: set[str]) -> None:
        fields = set(fields)
        if self.has_updated_at:
            # bulk_update skips auto_now: set it ourselves so that changed records show as changed.
            now = timezone.now()
            for obj in objs:
                obj.updated_at = now
            fields.add("updated_at")
        bulk_update_with_history(
            objs, self.model, fields=sorted(fields), batch_size=500, default_change_reason=self.change_reason
        )

    def mark_changed(self, key: tuple) -> bool:
        """Record a change found after run() (a parent, a many-to-many set). False if it must be kept."""
        current = self.status[key]
        if current in ("inserted", "updated"):
            return True
        if self.is_kept(self.objects[key]):
            self.status[key] = "kept"
            return False
        self.status[key] = "updated"
        return True

    def finish(self) -> None:
        for status in self.status.values():
            setattr(self.counts, status, getattr(self.counts, status) + 1)
