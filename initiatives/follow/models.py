"""Followers, what they follow, and the digests sent to them (the record that keeps a change from
being sent twice)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q


def new_token() -> str:
    """The private part of a follower's Atom and settings URLs: 32 random bytes, unguessable."""
    return secrets.token_urlsafe(32)


class Frequency(models.TextChoices):
    INSTANT = "instant", "As soon as it is published"
    DAILY = "daily", "Once a day"


class Follower(models.Model):
    """One e-mail address that follows things: a signed-in user's, or one confirmed by double opt-in.

    The token is the follower's private Atom feed and settings page; whoever has it reads what the
    follower follows, so it is random and never shown to anyone else.
    """

    email = models.EmailField(unique=True, help_text="Kept in lower case.")
    # SET_NULL: a deleted account's address keeps its follows until it unsubscribes.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="follower"
    )
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.DAILY)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    unsubscribed_at = models.DateTimeField(
        null=True, blank=True, help_text="Set by the unsubscribe link: no more e-mail until it follows again."
    )
    confirmation_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The last confirmation e-mail: at most one per few minutes per address.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email


class FollowQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Follow(models.Model):
    """A follower follows exactly one of: a framework, an actor, or a saved list (a list page's path
    and its query string, validated by that page's filters: lists.py)."""

    follower = models.ForeignKey(Follower, on_delete=models.CASCADE, related_name="follows")
    # CASCADE: a follow of a record that is gone follows nothing.
    framework = models.ForeignKey(
        "initiatives.Framework", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        "initiatives.Actor", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    list_path = models.CharField(max_length=40, blank=True, help_text="e.g. /frameworks/ (lists.LISTS).")
    list_query = models.CharField(
        max_length=1000, blank=True, help_text="The list's query string, normalised (sorted, no page)."
    )
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="Set at once for a signed-in user, else by the confirmation link."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(framework__isnull=False, actor__isnull=True, list_path="")
                    | Q(framework__isnull=True, actor__isnull=False, list_path="")
                    | (Q(framework__isnull=True, actor__isnull=True) & ~Q(list_path=""))
                ),
                name="%(app_label)s_%(class)s_one_target",
            ),
            models.UniqueConstraint(
                fields=["follower", "framework"],
                condition=Q(framework__isnull=False),
                name="%(app_label)s_%(class)s_unique_framework",
            ),
            models.UniqueConstraint(
                fields=["follower", "actor"],
                condition=Q(actor__isnull=False),
                name="%(app_label)s_%(class)s_unique_actor",
            ),
            models.UniqueConstraint(
                fields=["follower", "list_path", "list_query"],
                condition=~Q(list_path=""),
                name="%(app_label)s_%(class)s_unique_list",
            ),
        ]

    def __str__(self):
        return f"{self.follower} follows {self.label}"

    @property
    def label(self) -> str:
        if self.framework_id:
            return self.framework.name
        if self.actor_id:
            return self.actor.name
        from .lists import describe  # noqa: PLC0415 - lists reads the filters, which read the models

        return describe(self.list_path, self.list_query)


class Digest(models.Model):
    """One e-mail to a follower. Claimed (its items written) before it is sent, marked sent after;
    a claim never sent, from a worker that died, is released after a while (digests.py)."""

    follower = models.ForeignKey(Follower, on_delete=models.CASCADE, related_name="digests")
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at"]
        indexes = [
            # The release of stale claims: a follower's digests not sent.
            models.Index(
                fields=["follower", "claimed_at"],
                name="initiatives_digest_unsent",
                condition=Q(sent_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"digest {self.pk} to {self.follower}"


class DigestItem(models.Model):
    """A published stance in a digest. Unique per follower and stance: a change is sent once."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="items")
    follower = models.ForeignKey(Follower, on_delete=models.CASCADE, related_name="+")
    stance = models.ForeignKey("initiatives.Stance", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "stance"], name="%(app_label)s_%(class)s_sent_once"),
        ]

    def __str__(self):
        return f"stance {self.stance_id} in digest {self.digest_id}"
