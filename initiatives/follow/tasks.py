"""Beat-driven digests: one small task fans out, one task per follower sends.

Each task is idempotent: send_digest sends only what DigestItem does not record as sent, so a
retry, a duplicate beat tick or a redelivered message after a worker was killed sends nothing twice.
Tasks take ids and return quietly when the follower is gone.
"""

from __future__ import annotations

from celery import shared_task

from . import digests
from .models import Frequency


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def send_due_digests(frequency: str = Frequency.INSTANT) -> int:
    """Queue a digest for every follower on this frequency (beat: instant every few minutes, daily once)."""
    followers = digests.due_followers(Frequency(frequency))
    for follower_id in followers:
        send_digest.delay(follower_id)
    return len(followers)


# The SMTP server may be down for a while: retry, a minute apart, for about an hour.
@shared_task(
    acks_late=True,
    soft_time_limit=60,
    time_limit=90,
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=600,
    max_retries=8,
)
def send_digest(follower_id: int) -> int:
    return digests.send_digest(follower_id)
