"""Writing new-initiative candidates, and a curator's decision on one.

store_candidates() replaces one article's sightings (a re-analysis writes them again) and merges them
into one candidate per normalised name across articles. add_candidate() and dismiss_candidate() are
the curator's one step: the candidate becomes a framework, a summit or an alias of a framework, and
is marked "added" with a link to it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, Min
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from ..choices import AliasKind, FrameworkKind, FrameworkStatus, SummitSeries, SummitStatus
from ..models import Alias, Article, Framework, Summit
from ..models.candidates import CandidateKind, CandidateSighting, CandidateStatus, InitiativeCandidate


def store_candidates(article: Article, hits) -> int:
    """Record the article's sightings (call in a transaction); returns how many were stored."""
    touched = set(article.candidate_sightings.values_list("candidate_id", flat=True))
    article.candidate_sightings.all().delete()
    rows = []
    for hit in hits:
        candidate, _created = InitiativeCandidate.objects.get_or_create(
            normalised=hit.normalised[:300], defaults={"name": hit.name[:300], "kind": hit.kind}
        )
        touched.add(candidate.pk)
        rows.append(
            CandidateSighting(
                candidate=candidate,
                article=article,
                matched_text=hit.name[:300],
                start=hit.start,
                sentence=hit.sentence,
            )
        )
    CandidateSighting.objects.bulk_create(rows, ignore_conflicts=True)
    _refresh_seen(touched)
    return len(rows)


def _refresh_seen(candidate_ids) -> None:
    """first_seen and last_seen from the articles that name each candidate now."""
    day = Coalesce("sightings__article__published_at", "sightings__article__created_at")
    for candidate in InitiativeCandidate.objects.filter(pk__in=candidate_ids).annotate(
        first=Min(day), last=Max(day)
    ):
        if (candidate.first_seen, candidate.last_seen) != (candidate.first, candidate.last):
            InitiativeCandidate.objects.filter(pk=candidate.pk).update(
                first_seen=candidate.first, last_seen=candidate.last, updated_at=timezone.now()
            )


def _unique_slug(model, name: str) -> str:
    base = slugify(name)[:90].strip("-") or "initiative"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _sources(candidate: InitiativeCandidate) -> list[str]:
    urls = candidate.sightings.order_by("article_id").values_list("article__url", flat=True).distinct()
    return [url for url in urls if url.startswith(("http://", "https://"))][:10]


class CandidateError(ValueError):
    """The decision cannot be made (already decided, or no framework given for an alias)."""


@transaction.atomic
def add_candidate(
    candidate_id: int,
    *,
    as_: str,
    user=None,
    name: str = "",
    framework_kind: str = "",
    summit_series: str = "",
    alias_of: Framework | None = None,
):
    """Add the candidate to the registry in one step: as_ is "framework", "summit" or "alias".

    The new record starts minimal and says where it was seen (its sources are the articles naming
    it); a curator completes it in the records admin.
    """
    candidate = InitiativeCandidate.objects.select_for_update().get(pk=candidate_id)
    if candidate.status == CandidateStatus.ADDED:
        raise CandidateError(f"{candidate} was already added.")
    name = (name or candidate.name).strip()
    if as_ == "framework":
        kind = framework_kind or (
            FrameworkKind.PROPOSED_ORGANISATION
            if candidate.kind == CandidateKind.BODY
            else FrameworkKind.DECLARATION
        )
        candidate.framework = Framework.objects.create(
            slug=_unique_slug(Framework, name),
            name=name,
            kind=kind,
            status=FrameworkStatus.PROPOSED,
            source_urls=_sources(candidate),
        )
    elif as_ == "summit":
        candidate.summit = Summit.objects.create(
            slug=_unique_slug(Summit, name),
            name=name,
            series=summit_series or SummitSeries.OTHER,
            status=SummitStatus.HELD,
            source_urls=_sources(candidate),
        )
    elif as_ == "alias":
        if alias_of is None:
            raise CandidateError("Choose the framework this is another name of.")
        sources = _sources(candidate)
        candidate.alias, _created = Alias.objects.get_or_create(
            framework=alias_of,
            text=name,
            language="en",
            valid_from=None,
            defaults={"kind": AliasKind.NAME, "source_url": sources[0] if sources else ""},
        )
        candidate.framework = alias_of
    else:
        raise CandidateError(f"Unknown way to add a candidate: {as_!r}.")
    candidate.status = CandidateStatus.ADDED
    candidate.decided_by = getattr(user, "username", "") or ""
    candidate.decided_at = timezone.now()
    candidate.save()
    return candidate


def dismiss_candidates(candidate_ids, user=None) -> int:
    return InitiativeCandidate.objects.filter(pk__in=list(candidate_ids), status=CandidateStatus.OPEN).update(
        status=CandidateStatus.DISMISSED,
        decided_by=getattr(user, "username", "") or "",
        decided_at=timezone.now(),
        updated_at=timezone.now(),
    )
