"""/api/v1/search/: the site search as JSON (the same index, query syntax and groups as /search/)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ..as_of import AsOf
from ..filters import FilterError, check_parameter_names
from ..params import read_day, read_page
from ..search import query as search_query
from ..search.models import SearchKind
from ..views.search import PAGE_SIZE, PER_GROUP, read_kind
from .views import AUTHENTICATION_CLASSES, LoginIfRequired

HIT_FIELDS = {
    "kind": serializers.ChoiceField(choices=SearchKind.choices),
    "id": serializers.IntegerField(help_text="The record's id in its own kind."),
    "title": serializers.CharField(),
    "url": serializers.CharField(help_text="The record's page on this site."),
    "context": serializers.CharField(help_text="Kind, dates or source, as the page shows them."),
    "title_html": serializers.CharField(help_text="The title, HTML-escaped, matched words in <mark>."),
    "snippet_html": serializers.CharField(
        help_text="The passage that matched, HTML-escaped, matched words in <mark>."
    ),
}

RESULTS = inline_serializer(
    "SearchResults",
    {
        "q": serializers.CharField(),
        "kind": serializers.CharField(allow_blank=True),
        "counts": serializers.DictField(child=serializers.IntegerField(), help_text="Matches per kind."),
        "page": serializers.IntegerField(allow_null=True),
        "results": inline_serializer("SearchHit", HIT_FIELDS, many=True),
    },
)


def _hit(hit) -> dict:
    return {
        "kind": hit.kind,
        "id": hit.object_id,
        "title": _plain(hit.title_marked),
        "url": hit.url,
        "context": hit.context,
        "title_html": str(hit.title_html),
        "snippet_html": str(hit.snippet_html),
    }


def _plain(marked: str) -> str:
    return marked.replace(search_query.START, "").replace(search_query.STOP, "")


class SearchView(APIView):
    """Search frameworks, actors, summits, the evidence and notes of published stances, and public articles.

    The query (`q`) takes PostgreSQL's websearch syntax on every database: all words are required,
    "quoted words" are a phrase, `or` takes either side, `-word` leaves out what has it. Without
    `kind`, the best five matches of every kind; with it, that kind's matches twenty at a time
    (`page`). `counts` always gives the number of matches per kind. A blank query, or one of
    punctuation only, finds nothing (an empty result, not an error).
    """

    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [LoginIfRequired]

    @extend_schema(
        operation_id="search",
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, description="What to search for (at most 300 characters)."
            ),
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                enum=SearchKind.values,
                description="Only this kind of result, paginated.",
            ),
            OpenApiParameter("page", OpenApiTypes.INT, description="With kind: the page, of 20 results."),
            OpenApiParameter(
                "as_of", OpenApiTypes.DATE, description="Leave out what was not known on this day."
            ),
        ],
        responses={
            200: RESULTS,
            400: OpenApiResponse(description="A parameter is malformed, unknown, or the query too long."),
        },
    )
    def get(self, request):
        params = request.query_params
        try:
            check_parameter_names(params, {"q", "kind", "page", "as_of", "format"}, "This endpoint")
            day = AsOf.on(read_day(params, "as_of")).date
            text, query = search_query.read_query(params)
            kind = read_kind(params)
            page = read_page(params) if kind else None
        except FilterError as error:
            raise ValidationError(error.errors) from error
        if kind:
            counts = search_query.counts(query, day=day, kinds=[kind])
            last = max(1, -(-counts[kind] // PAGE_SIZE))
            page = min(page, last)
            hits = search_query.hits(query, kind, day=day, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        else:
            results = search_query.search(query, day=day, per_kind=PER_GROUP)
            counts = results.counts
            hits = [hit for k in SearchKind.values for hit in results.hits[k]]
        return Response(
            {"q": text, "kind": kind, "counts": counts, "page": page, "results": [_hit(h) for h in hits]}
        )
