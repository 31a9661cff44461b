"""Which published changes a follower has not been sent, and sending them once.

A change is what the Atom feeds list (syndication.position_changes): a published stance that
changes its actor's position on its framework. Pending and rejected suggestions never are. A follow
gets the changes published (saved as published) after it was made, so following does not mail the
whole history; its Atom feed has that.

Sending is claim, send, mark (Healthchecks' sendalerts): the claim writes a Digest and one
DigestItem per change in one transaction, and DigestItem is unique per follower and stance, so two
workers never claim the same change; the mail goes out outside any transaction; a failed send
deletes its claim, so the next run tries again. A claim left unsent by a worker that died is
released after FOLLOW_CLAIM_TIMEOUT seconds.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Stance
from ..syndication import position_changes
from . import mail
from .lists import stances_q
from .models import Digest, DigestItem, Follow, Follower

log = logging.getLogger(__name__)

MAX_CHANGES_PER_DIGEST = 200  # a bulk import would otherwise send one enormous mail; the rest follow next run


def follow_q(follow: Follow, *, since_followed: bool) -> Q:
    if follow.framework_id:
        q = Q(framework_id=follow.framework_id)
    elif follow.actor_id:
        q = Q(actor_id=follow.actor_id)
    else:
        q = stances_q(follow.list_path, follow.list_query)
    if since_followed:
        q &= Q(updated_at__gte=follow.created_at)
    return q


def followed_q(follows, *, since_followed: bool) -> Q:
    """Stances any of these follows covers (nothing for no follows)."""
    q = Q(pk__in=[])
    for follow in follows:
        q |= follow_q(follow, since_followed=since_followed)
    return q


def followed_changes(follower: Follower, *, since_followed: bool = False):
    """The published changes on what the follower follows (confirmed follows only), newest first."""
    follows = list(follower.follows.confirmed())
    return position_changes(Stance.objects.filter(followed_q(follows, since_followed=since_followed)))


def unsent_changes(follower: Follower):
    sent = DigestItem.objects.filter(follower=follower).values("stance_id")
    return followed_changes(follower, since_followed=True).exclude(pk__in=sent)


def release_stale_claims(follower_id: int) -> int:
    """Claims a dead worker never sent: delete them (their items go with them) so they are sent again."""
    stale_before = timezone.now() - dt.timedelta(seconds=settings.FOLLOW_CLAIM_TIMEOUT)
    deleted, _ = Digest.objects.filter(
        follower_id=follower_id, sent_at__isnull=True, claimed_at__lt=stale_before
    ).delete()
    return deleted


def claim(follower: Follower) -> tuple[Digest, list[Stance]] | None:
    """Write a digest of the follower's unsent changes, or None when there are none (or another
    worker claimed them first)."""
    changes = list(
        unsent_changes(follower).select_related("actor", "framework", "source")[:MAX_CHANGES_PER_DIGEST]
    )
    if not changes:
        return None
    try:
        with transaction.atomic():
            digest = Digest.objects.create(follower=follower, claimed_at=timezone.now())
            DigestItem.objects.bulk_create(
                [DigestItem(digest=digest, follower=follower, stance=stance) for stance in changes]
            )
    except IntegrityError:
        return None  # another worker claimed some of them at the same moment; it sends them
    return digest, changes


def send_digest(follower_id: int) -> int:
    """Send the follower the changes they have not had; return how many were sent."""
    follower = Follower.objects.filter(pk=follower_id, unsubscribed_at__isnull=True).first()
    if follower is None:
        return 0  # gone, or unsubscribed since the run was queued
    release_stale_claims(follower.pk)
    claimed = claim(follower)
    if claimed is None:
        return 0
    digest, changes = claimed
    try:
        mail.digest_message(follower, changes).send()
    except Exception:
        digest.delete()  # not sent: the next run claims these changes again
        raise
    Digest.objects.filter(pk=digest.pk).update(sent_at=timezone.now())
    log.info("digest %s: %s changes to follower %s", digest.pk, len(changes), follower.pk)
    return len(changes)


def due_followers(frequency: str) -> list[int]:
    """Followers on this frequency with a confirmed follow and their e-mail on."""
    return list(
        Follower.objects.filter(
            frequency=frequency, unsubscribed_at__isnull=True, follows__confirmed_at__isnull=False
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
