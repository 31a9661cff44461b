"""Every write of follow and alerts: following, confirming, unfollowing, unsubscribing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Actor, Framework
from .models import Follow, Follower, Frequency


@dataclass(frozen=True)
class Target:
    """What is followed: exactly one of a framework, an actor or a saved list."""

    framework: Framework | None = None
    actor: Actor | None = None
    list_path: str = ""
    list_query: str = ""

    def lookup(self) -> dict:
        if self.framework:
            return {"framework": self.framework}
        if self.actor:
            return {"actor": self.actor}
        return {"list_path": self.list_path, "list_query": self.list_query}


def follower_for(email: str, user=None) -> Follower:
    """The follower of a signed-in user (linked by the user first, then by address), or of an address."""
    email = email.strip().lower()
    if user is not None and user.is_authenticated:
        existing = Follower.objects.filter(user=user).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            follower, _ = Follower.objects.get_or_create(email=email)
    except IntegrityError:  # two requests for one new address at once
        follower = Follower.objects.get(email=email)
    linkable = user is not None and user.is_authenticated and follower.user_id is None
    if linkable and not Follower.objects.filter(user=user).exists():
        Follower.objects.filter(pk=follower.pk, user__isnull=True).update(user=user)
        follower.user = user
    return follower


def follow(follower: Follower, target: Target, *, frequency: str, confirmed: bool) -> Follow:
    """Follow the target (once: following it again returns the same follow). A signed-in user's
    follow is confirmed at once; an address's waits for its confirmation link."""
    try:
        with transaction.atomic():
            item, _ = Follow.objects.get_or_create(follower=follower, **target.lookup())
    except IntegrityError:
        item = Follow.objects.get(follower=follower, **target.lookup())
    if confirmed:
        confirm(item)
        Follower.objects.filter(pk=follower.pk).update(frequency=Frequency(frequency))
    return item


def confirm(item: Follow) -> None:
    """Confirmed: the follow counts from now, and the address gets e-mail again if it had unsubscribed."""
    now = timezone.now()
    if item.confirmed_at is None:
        # The follow's changes start at its confirmation: none of those published while it waited.
        Follow.objects.filter(pk=item.pk, confirmed_at__isnull=True).update(confirmed_at=now, created_at=now)
        item.confirmed_at = item.created_at = now
    Follower.objects.filter(pk=item.follower_id).update(unsubscribed_at=None)


def claim_confirmation_mail(follower: Follower) -> bool:
    """True when a confirmation may be sent to this address now: one per FOLLOW_CONFIRM_EVERY_SECONDS,
    claimed with a conditional UPDATE so that two requests at once send one."""
    now = timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.FOLLOW_CONFIRM_EVERY_SECONDS)
    claimed = Follower.objects.filter(
        Q(confirmation_sent_at__isnull=True) | Q(confirmation_sent_at__lt=cutoff), pk=follower.pk
    ).update(confirmation_sent_at=now)
    return claimed == 1


def set_frequency(follower: Follower, frequency: str) -> None:
    Follower.objects.filter(pk=follower.pk).update(frequency=Frequency(frequency))


def unfollow(follower: Follower, follow_id: int) -> int:
    deleted, _ = Follow.objects.filter(pk=follow_id, follower=follower).delete()
    return deleted


def unsubscribe(follower: Follower) -> None:
    """No more e-mail (the follows stay, for the private feed, until the follower removes them)."""
    Follower.objects.filter(pk=follower.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )
