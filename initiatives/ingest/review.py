"""Curators' decisions on suggestions: every write of the review queue goes through here.

Saves go through Stance (not the Suggestion proxy) so that django-simple-history records who
approved, rejected or corrected what.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..choices import StanceStatus
from ..models import Stance


def _decide(stance: Stance, status: str, user) -> None:
    stance.status = status
    stance.reviewed_by = user
    stance.reviewed_at = timezone.now()
    if status == StanceStatus.PUBLISHED:
        # Its source kind was set when it was suggested (an official page is primary, news secondary).
        stance.last_verified = timezone.localdate()
    stance._change_reason = f"{status} from the review queue"
    stance.save()


def _locked_pending(**lookups):
    """Pending stances, locked for this transaction: their own rows only, in id order.

    Stance's default ordering (by actor__name) would join the actors into the SELECT ... FOR UPDATE
    and lock their rows too; two reviews, or a review and an ingestion insert referencing the actor,
    then waited on each other (PostgreSQL: deadlock detected). Ordering by id makes every review lock
    its stances in one order; NO KEY UPDATE lets rows that merely reference a stance (its sources)
    be inserted meanwhile.
    """
    return (
        Stance.objects.select_for_update(of=("self",), no_key=True)
        .filter(status=StanceStatus.PENDING, **lookups)
        .order_by("pk")
    )


def decide(stance_ids, status: str, user) -> int:
    """Publish or reject pending suggestions. Returns how many were still pending and are now decided."""
    assert status in (StanceStatus.PUBLISHED, StanceStatus.REJECTED)
    count = 0
    with transaction.atomic():
        for stance in _locked_pending(pk__in=list(stance_ids)):
            _decide(stance, status, user)
            count += 1
    return count


def approve(stance_ids, user) -> int:
    return decide(stance_ids, StanceStatus.PUBLISHED, user)


def reject(stance_ids, user) -> int:
    return decide(stance_ids, StanceStatus.REJECTED, user)


def correct(stance_id: int, user, changes: dict, decision: str = "") -> Stance | None:
    """Apply a curator's corrections (actor, framework, position, date...) and optionally decide."""
    with transaction.atomic():
        stance = _locked_pending(pk=stance_id).first()
        if stance is None:
            return None
        for name, value in changes.items():
            setattr(stance, name, value)
        if decision == "approve":
            _decide(stance, StanceStatus.PUBLISHED, user)
        elif decision == "reject":
            _decide(stance, StanceStatus.REJECTED, user)
        else:
            stance._change_reason = "corrected in the review queue"
            stance.save()
    return stance
