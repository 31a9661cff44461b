"""/api/v1/changes/: the rows of /changes/ (position changes between two dates) as JSON, read-only."""

from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from ..choices import Position
from ..filters import parameter_help
from ..filters.changes import ChangeFilter
from ..models import Stance
from ..views.changes import CHANGE_ORDER
from .serializers import SourceSerializer, StanceSerializer
from .views import AUTHENTICATION_CLASSES, BAD_FILTERS, LoginIfRequired, Pagination, StrictFilterBackend


# Spelled out rather than a ChoiceField: the schema names Position's enum after `position` already.
@extend_schema_field({"type": "string", "enum": list(Position.values), "nullable": True})
class PreviousPositionField(serializers.CharField):
    pass


class ChangeSerializer(StanceSerializer):
    """A stance that changed its actor's position, with the position it replaced."""

    previous_position = PreviousPositionField(
        read_only=True,
        allow_null=True,
        help_text="The actor's position on the framework just before this stance; null for its first.",
    )
    source = SourceSerializer(read_only=True)

    class Meta(StanceSerializer.Meta):
        fields = [
            "id",
            "date",
            "actor",
            "actor_name",
            "framework",
            "framework_name",
            "previous_position",
            "position",
            "act",
            "position_detail",
            "summit",
            "evidence",
            "source",
            "source_kind",
            "url",
            "last_updated",
        ]


@extend_schema_view(
    list=extend_schema(
        description="Published position changes dated in a range, newest first: each stance whose position "
        "differs from its actor's previous position on its framework (or is its first), with that previous "
        "position. Stances of unknown date cannot be placed in a range and are not listed. The same rows "
        "as /changes/ and /changes.csv with the same parameters.\n\nParameters (lists take comma-separated "
        f"values):\n\n```\n{parameter_help(ChangeFilter)}\n```",
        responses={200: ChangeSerializer(many=True), 400: BAD_FILTERS},
    )
)
class ChangeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Position changes between two dates."""

    queryset = Stance.objects.select_related("actor", "framework", "summit", "source", "source__outlet")
    serializer_class = ChangeSerializer
    filterset_class = ChangeFilter
    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [LoginIfRequired]
    filter_backends = [StrictFilterBackend]
    pagination_class = Pagination

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).order_by(*CHANGE_ORDER)
