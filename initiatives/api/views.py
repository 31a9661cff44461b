"""The read-only JSON API: the FilterSets of initiatives/filters.py behind DRF viewsets."""

from axes.helpers import get_lockout_message
from django.conf import settings
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.authentication import BasicScheme
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import authentication, exceptions, permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from .. import filters
from ..models import Actor, Article, Framework, Membership, Stance, Summit, Vote
from ..params import FilterError, read_int, read_page
from . import serializers


class LoginIfRequired(permissions.BasePermission):
    """Anyone may read, unless settings.API_REQUIRE_LOGIN (read per request, so it can change in tests)."""

    def has_permission(self, request, view):
        return not settings.API_REQUIRE_LOGIN or bool(request.user and request.user.is_authenticated)


class LockedOut(exceptions.Throttled):
    default_detail = "Too many failed logins for this username from this address."


class BasicAuthentication(authentication.BasicAuthentication):
    """HTTP Basic under the login limits (django-axes, as the admin's login): wrong passwords are counted
    per username and address, and past the limit the answer is 429 with Retry-After, whatever the
    password. Refuses NUL in credentials: PostgreSQL cannot look such a username up (a 500)."""

    def authenticate_credentials(self, userid, password, request=None):
        if "\x00" in userid or "\x00" in password:
            raise exceptions.AuthenticationFailed("Invalid username/password.")
        try:
            return super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            # django-axes flags the request it was given (DRF's) when this attempt is over the limit.
            if getattr(request, "axes_locked_out", False):
                raise LockedOut(
                    wait=settings.AXES_COOLOFF_TIME.total_seconds(), detail=str(get_lockout_message())
                ) from None
            raise


class BasicAuthenticationScheme(BasicScheme):
    """The schema documents our Basic subclass as plain HTTP Basic."""

    target_class = BasicAuthentication


# Basic first: DRF takes the first class's WWW-Authenticate challenge, so that missing or bad
# credentials get 401 with a challenge rather than a bare 403.
AUTHENTICATION_CLASSES = [BasicAuthentication, authentication.SessionAuthentication]


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000

    def paginate_queryset(self, queryset, request, view=None):
        # The pages' bounded reader: "page=²" or a 5,000-digit page is a 400 that says so, as on the pages.
        try:
            read_page(request.query_params, self.page_query_param)
            read_int(
                request.query_params,
                self.page_size_query_param,
                default=0,
                minimum=1,
                maximum=self.max_page_size,
                what="a page size",
            )
        except FilterError as error:
            raise ValidationError(error.errors) from error
        return super().paginate_queryset(queryset, request, view)


class StrictFilterBackend(DjangoFilterBackend):
    """The shared FilterSets, plus an error for parameters nobody reads (a typo would filter nothing)."""

    extra_parameters = {"page", "page_size", "format"}

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            try:
                filters.check_parameter_names(
                    request.query_params,
                    set(filterset_class.base_filters) | self.extra_parameters,
                    "This endpoint",
                )
            except filters.FilterError as error:
                raise ValidationError(error.errors) from error
        return super().filter_queryset(request, queryset, view)


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [LoginIfRequired]
    filter_backends = [StrictFilterBackend]
    pagination_class = Pagination

    def get_object(self):
        # No code or slug holds NUL, and PostgreSQL refuses to compare text with one: not found.
        if "\x00" in str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")):
            raise Http404
        return super().get_object()


class ActorViewSet(ReadOnlyViewSet):
    """Countries, blocs and other actors."""

    queryset = Actor.objects.order_by("name", "pk")
    serializer_class = serializers.ActorSerializer
    filterset_class = filters.ActorFilter
    lookup_field = "code"
    lookup_value_regex = "[^/]+"


class FrameworkViewSet(ReadOnlyViewSet):
    """Treaties, declarations, laws and other frameworks."""

    queryset = Framework.objects.select_related("proposed_by", "parent").order_by("name", "pk")
    serializer_class = serializers.FrameworkSerializer
    filterset_class = filters.FrameworkFilter
    lookup_field = "slug"


class SummitViewSet(ReadOnlyViewSet):
    """Summits and high-level meetings."""

    queryset = Summit.objects.select_related("host", "organiser").order_by("-start_date", "pk")
    serializer_class = serializers.SummitSerializer
    filterset_class = filters.SummitFilter
    lookup_field = "slug"


class StanceViewSet(ReadOnlyViewSet):
    """Published stances; pending and rejected ones only for users with review access who ask by status."""

    queryset = Stance.objects.select_related(
        "actor", "framework", "summit", "source", "source__outlet"
    ).order_by("-date", "pk")
    serializer_class = serializers.StanceSerializer
    filterset_class = filters.StanceFilter


class VoteViewSet(ReadOnlyViewSet):
    """Recorded votes on resolutions and adoptions without a vote, with their official and recorded counts."""

    queryset = (
        Vote.objects.select_related("framework", "source", "source__outlet")
        .with_recorded_counts()
        .order_by("framework__slug", "date", "body", "pk")
    )
    serializer_class = serializers.VoteSerializer
    filterset_class = filters.VoteFilter


class ArticleViewSet(ReadOnlyViewSet):
    """Source documents (without their full text)."""

    queryset = Article.objects.public().newest_first()
    serializer_class = serializers.ArticleSerializer
    filterset_class = filters.ArticleFilter


class MembershipViewSet(ReadOnlyViewSet):
    """Who belongs to which organisation, and when."""

    queryset = Membership.objects.select_related("organisation", "member").order_by(
        "organisation__code", "member__code", "pk"
    )
    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilter


BAD_FILTERS = OpenApiResponse(
    description="A filter value is unknown or malformed, or a parameter is not one this endpoint takes. "
    "The body maps each parameter to its messages."
)

for _viewset in (
    ActorViewSet,
    FrameworkViewSet,
    SummitViewSet,
    StanceViewSet,
    VoteViewSet,
    ArticleViewSet,
    MembershipViewSet,
):
    # The list's description is its FilterSet's parameter block: one text for the API, the pages and the dictionary.
    _doc = (_viewset.__doc__ or "").strip()
    _params = filters.parameter_help(_viewset.filterset_class)
    extend_schema_view(
        list=extend_schema(
            description=f"{_doc}\n\nParameters (lists take comma-separated values):\n\n```\n{_params}\n```",
            responses={200: _viewset.serializer_class(many=True), 400: BAD_FILTERS},
        ),
        retrieve=extend_schema(
            responses={200: _viewset.serializer_class, 404: OpenApiResponse(description="No such record.")}
        ),
    )(_viewset)
