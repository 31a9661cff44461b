"""The e-mails: the double opt-in confirmation and the digest, and the signed links they carry.

Links are absolute URLs on SITE_URL (never the Host header of whoever asked: a forged one would
send a victim a link to someone else's site). Both links are signed with SECRET_KEY
(django.core.signing): the confirmation expires after FOLLOW_CONFIRM_MAX_AGE seconds; the
unsubscribe link never does, because an old digest's link must still work.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from ..choices import Position
from ..syndication import framework_url

CONFIRM_SALT = "initiatives.follow.confirm"
UNSUBSCRIBE_SALT = "initiatives.follow.unsubscribe"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def confirm_token(follow, frequency: str) -> str:
    payload = {"follow": follow.pk, "email": follow.follower.email, "frequency": frequency}
    return signing.dumps(payload, salt=CONFIRM_SALT)


def read_confirm_token(token: str) -> dict:
    """The signed payload; signing.BadSignature (or its SignatureExpired) when forged or too old."""
    return signing.loads(token, salt=CONFIRM_SALT, max_age=settings.FOLLOW_CONFIRM_MAX_AGE)


def unsubscribe_token(follower) -> str:
    return signing.dumps({"follower": follower.pk, "email": follower.email}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> dict:
    return signing.loads(token, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(follower) -> str:
    return absolute(reverse("initiatives:follow:unsubscribe", args=[unsubscribe_token(follower)]))


def settings_url(follower) -> str:
    return absolute(reverse("initiatives:follow:manage", args=[follower.token]))


def feed_url(follower) -> str:
    return absolute(reverse("initiatives:follow:feed", args=[follower.token]))


def confirmation_message(follow, frequency: str) -> EmailMultiAlternatives:
    url = absolute(reverse("initiatives:follow:confirm", args=[confirm_token(follow, frequency)]))
    context = {
        "follow": follow,
        "confirm_url": url,
        "hours": settings.FOLLOW_CONFIRM_MAX_AGE // 3600,
    }
    return EmailMultiAlternatives(
        subject=f"Confirm: follow {follow.label} on the AI Governance Tracker",
        body=render_to_string("initiatives/follow/confirm_email.txt", context),
        to=[follow.follower.email],
    )


def change_line(stance) -> dict:
    """One change as the digest writes it, the words of the Atom feeds' titles."""
    position = Position(stance.position).label.lower()
    previous = stance.previous_or_none
    return {
        "stance": stance,
        "title": f"{stance.actor.name} {position} {stance.framework.name}",
        "when": stance.date_iso,
        "previously": Position(previous).label.lower() if previous else "",
        "url": absolute(f"{framework_url(stance.framework)}#stance-{stance.pk}"),
        "source": stance.source.title or stance.source.url,
        "source_url": stance.source.url,
    }


def digest_message(follower, stances) -> EmailMultiAlternatives:
    """The digest of these published changes, with the one-click unsubscribe of RFC 8058: the link in
    the text, and the List-Unsubscribe and List-Unsubscribe-Post headers a mail client posts to."""
    unsubscribe = unsubscribe_url(follower)
    context = {
        "follower": follower,
        "changes": [change_line(stance) for stance in stances],
        "unsubscribe_url": unsubscribe,
        "settings_url": settings_url(follower),
        "feed_url": feed_url(follower),
    }
    count = len(stances)
    message = EmailMultiAlternatives(
        subject=f"AI Governance Tracker: {count} new position{'s' if count != 1 else ''} on what you follow",
        body=render_to_string("initiatives/follow/digest_email.txt", context),
        to=[follower.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("initiatives/follow/digest_email.html", context), "text/html")
    return message
