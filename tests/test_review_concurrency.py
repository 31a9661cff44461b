"""Approving suggestions on PostgreSQL from several connections at once: no deadlock, no blocked ingestion.

Real threads, each with its own database connection, and the database's own locks; nothing is mocked.
PostgreSQL only (SQLite runs one write transaction at a time, so it cannot deadlock this way).
"""

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections, transaction

from initiatives.choices import StanceOrigin, StanceStatus
from initiatives.ingest import review
from initiatives.models import Mention, Stance, StanceSource

from .factories import make_actor, make_article, make_framework, make_stance

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and deadlocks are PostgreSQL's"),
]

WAIT = 10  # seconds any step may wait for another thread; far longer than any step takes


def suggestion(actor, framework):
    return make_stance(
        actor=actor, framework=framework, status=StanceStatus.PENDING, origin=StanceOrigin.INGESTED
    )


def in_thread(work, errors):
    """Run `work` on its own connection; keep any exception for the test to report."""

    def run():
        try:
            work()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def with_lock_timeout(work):
    """Fail with an error instead of waiting when a lock is held: blocking is what the test looks for."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '3s'")
        return work()


@pytest.fixture
def curator():
    return User.objects.create_user("curator", password="x" * 12)


def test_an_approval_in_progress_does_not_block_ingestion_inserts_that_reference_its_actor(curator):
    china = make_actor(code="CHN", name="China")
    waico = make_framework(slug="waico", name="World AI Cooperation Organization")
    pending = suggestion(china, waico)
    article = make_article()
    approved, release, errors = threading.Event(), threading.Event(), []

    def approve_and_hold_the_transaction():
        with transaction.atomic():
            assert review.approve([pending.pk], curator) == 1
            approved.set()
            release.wait(WAIT)

    holder = in_thread(approve_and_hold_the_transaction, errors)
    assert approved.wait(WAIT)
    ingest_errors = []

    def ingest():
        # What analysing a new article writes: a mention of the actor, a corroborating source of the stance.
        with_lock_timeout(
            lambda: Mention.objects.create(article=article, actor=china, matched_text="China", start=0, end=5)
        )
        with_lock_timeout(
            lambda: StanceSource.objects.create(stance=pending, article=article, evidence="Again.")
        )

    ingester = in_thread(ingest, ingest_errors)
    ingester.join(WAIT)
    release.set()
    holder.join(WAIT)
    assert not errors
    assert not ingest_errors, f"ingestion waited on the approval's locks: {ingest_errors}"
    assert Mention.objects.filter(actor=china).count() == 1
    assert StanceSource.objects.filter(stance=pending).count() == 1


def test_a_bulk_approval_and_a_correction_that_cross_do_not_deadlock(curator):
    """The interleaving that deadlocked: a bulk approval holds one suggestion while a correction moves a
    second suggestion to the first one's actor and approves it; the bulk approval then reaches the second."""
    china, britain = make_actor(code="CHN", name="China"), make_actor(code="GBR", name="United Kingdom")
    waico = make_framework(slug="waico", name="World AI Cooperation Organization")
    first, second = suggestion(china, waico), suggestion(britain, waico)
    first_locked, correction_done, errors = threading.Event(), threading.Event(), []

    def bulk_approval():
        with transaction.atomic():
            review.approve([first.pk], curator)
            first_locked.set()
            correction_done.wait(2)  # the correction finishes, or is stuck behind this transaction
            review.approve([first.pk, second.pk], curator)

    def correction():
        first_locked.wait(WAIT)
        review.correct(second.pk, curator, {"actor": china}, "approve")
        correction_done.set()

    threads = [in_thread(bulk_approval, errors), in_thread(correction, errors)]
    for thread in threads:
        thread.join(WAIT * 2)
    assert not any(thread.is_alive() for thread in threads)
    assert not errors, errors
    assert set(Stance.objects.values_list("status", flat=True)) == {StanceStatus.PUBLISHED}
    assert Stance.objects.get(pk=second.pk).actor == china


def test_many_reviewers_at_once_decide_each_suggestion_exactly_once(curator):
    actors = [make_actor(code=f"A{n:02d}", name=f"Actor {n:02d}") for n in range(6)]
    frameworks = [make_framework(slug=f"f-{n}") for n in range(4)]
    pending = [suggestion(a, f) for a in actors for f in frameworks]
    ids = [s.pk for s in pending]
    counts, errors, start = [], [], threading.Barrier(6)

    def reviewer(offset):
        start.wait(WAIT)
        # Overlapping batches in different orders (reversed, rotated), as curators select them.
        batch = ids[offset:] + ids[:offset]
        decided = 0
        for chunk in range(0, len(batch), 5):
            decided += review.approve(list(reversed(batch[chunk : chunk + 5])), curator)
        counts.append(decided)

    def corrector(offset):
        start.wait(WAIT)
        decided = 0
        for n, stance_id in enumerate(ids[offset::3]):
            stance = review.correct(stance_id, curator, {"actor": actors[n % len(actors)]}, "approve")
            decided += stance is not None and stance.status == StanceStatus.PUBLISHED
        counts.append(decided)

    threads = [in_thread(lambda o=o: reviewer(o), errors) for o in (0, 7, 13, 19)]
    threads += [in_thread(lambda o=o: corrector(o), errors) for o in (1, 2)]
    for thread in threads:
        thread.join(WAIT * 6)
    assert not any(thread.is_alive() for thread in threads)
    assert not errors, errors
    assert sum(counts) == len(ids), "each suggestion decided once"
    assert Stance.objects.filter(status=StanceStatus.PUBLISHED).count() == len(ids)
