"""Read-only representations: codes and slugs for links between records, ISO dates at their precision.

Field names follow the CSV exports (initiatives/exports/columns.py) so that a row and a JSON
record of the same thing read alike.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Actor, Article, Framework, Membership, Stance, Summit, Vote
from ..partial_dates import format_partial_date

PARTIAL_DATE_HELP = "ISO 8601 at its known precision: YYYY-MM-DD, YYYY-MM or YYYY; null if unknown."


class PartialDateField(serializers.Field):
    """A partial date read from a date field and its precision field, as ISO text."""

    def __init__(self, date_field: str, precision_field: str, **kwargs):
        kwargs.setdefault("help_text", PARTIAL_DATE_HELP)
        super().__init__(source="*", read_only=True, **kwargs)
        self.date_field, self.precision_field = date_field, precision_field

    def to_representation(self, instance):
        return (
            format_partial_date(getattr(instance, self.date_field), getattr(instance, self.precision_field))
            or None
        )


extend_schema_field({"type": "string", "nullable": True, "example": "2024-09"})(PartialDateField)


def code_of(help_text: str, *, nullable: bool = False):
    """The related record's code; `nullable` for an optional link, so that the schema says it may be null."""
    return serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=nullable, help_text=help_text
    )


def slug_of(help_text: str, *, nullable: bool = False):
    return serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=nullable, help_text=help_text
    )


class LastUpdatedMixin(serializers.Serializer):
    last_updated = serializers.DateTimeField(
        source="updated_at",
        read_only=True,
        help_text="When the record last changed: sync incrementally by it.",
    )


class ActorSerializer(LastUpdatedMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:actor-detail", lookup_field="code")

    class Meta:
        model = Actor
        fields = [
            "id",
            "code",
            "name",
            "official_name",
            "kind",
            "region",
            "iso_alpha2",
            "website",
            "url",
            "last_updated",
        ]


class FrameworkSerializer(LastUpdatedMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:framework-detail", lookup_field="slug")
    proposed_by = code_of("Code of the proposing actor; null if not recorded.", nullable=True)
    parent = slug_of("Slug of the framework it belongs to; null for none.", nullable=True)
    date_proposed = PartialDateField("date_proposed", "date_proposed_precision")
    date_adopted = PartialDateField("date_adopted", "date_adopted_precision")
    date_in_force = PartialDateField("date_in_force", "date_in_force_precision")

    class Meta:
        model = Framework
        fields = [
            "id",
            "slug",
            "name",
            "short_name",
            "kind",
            "status",
            "binding",
            "scope",
            "proposed_by",
            "date_proposed",
            "date_adopted",
            "date_opened_for_signature",
            "date_in_force",
            "parent",
            "official_url",
            "summary",
            "url",
            "last_updated",
        ]


class SummitSerializer(LastUpdatedMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:summit-detail", lookup_field="slug")
    host = code_of("Code of the host country; null if not recorded.", nullable=True)
    organiser = code_of("Code of the organiser; null if not recorded.", nullable=True)
    start_date = PartialDateField("start_date", "start_precision")
    end_date = PartialDateField("end_date", "end_precision")

    class Meta:
        model = Summit
        fields = [
            "id",
            "slug",
            "name",
            "series",
            "status",
            "host",
            "organiser",
            "city",
            "venue",
            "start_date",
            "end_date",
            "url",
            "last_updated",
        ]


class SourceSerializer(serializers.ModelSerializer):
    publisher = serializers.CharField(
        source="publisher_name", read_only=True, help_text="The publisher's name."
    )
    state_affiliated = serializers.BooleanField(
        read_only=True, help_text="Published by a state-affiliated outlet."
    )

    class Meta:
        model = Article
        fields = ["id", "url", "title", "publisher", "state_affiliated", "published_at"]


class StanceSerializer(LastUpdatedMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:stance-detail")
    actor = code_of("Code of the actor.")
    actor_name = serializers.CharField(source="actor.name", read_only=True)
    framework = slug_of("Slug of the framework.")
    framework_name = serializers.CharField(source="framework.name", read_only=True)
    summit = slug_of("Slug of the summit where it was stated; null for none.", nullable=True)
    date = PartialDateField("date", "date_precision")
    source = SourceSerializer(read_only=True)
    vote = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="The recorded vote this is a ballot in."
    )

    class Meta:
        model = Stance
        fields = [
            "id",
            "actor",
            "actor_name",
            "framework",
            "framework_name",
            "act",
            "position",
            "position_detail",
            "date",
            "date_precision",
            "summit",
            "vote",
            "evidence",
            "source",
            "source_kind",
            "last_verified",
            "status",
            "origin",
            "confidence",
            "url",
            "last_updated",
        ]


class VoteSerializer(LastUpdatedMixin, serializers.ModelSerializer):
    """A recorded vote: the official totals beside the ballots recorded (the roll call's stances)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:vote-detail")
    framework = slug_of("Slug of the resolution voted on.")
    source = SourceSerializer(read_only=True)
    recorded_for = serializers.IntegerField(read_only=True, help_text="States recorded as voting in favour.")
    recorded_against = serializers.IntegerField(
        read_only=True, help_text="States recorded as voting against."
    )
    recorded_abstain = serializers.IntegerField(read_only=True, help_text="States recorded as abstaining.")

    class Meta:
        model = Vote
        fields = [
            "id",
            "framework",
            "symbol",
            "draft_symbol",
            "body",
            "date",
            "meeting_record",
            "adopted_without_vote",
            "official_for",
            "official_against",
            "official_abstain",
            "recorded_for",
            "recorded_against",
            "recorded_abstain",
            "source",
            "source_kind",
            "primary_record",
            "note",
            "url",
            "last_updated",
        ]


class ArticleSerializer(LastUpdatedMixin, serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(view_name="api:article-detail")

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "title",
            "publisher",
            "published_at",
            "language",
            "kind",
            "api_url",
            "last_updated",
        ]


class MembershipSerializer(LastUpdatedMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:membership-detail")
    organisation = code_of("Code of the organisation.")
    member = code_of("Code of the member.")
    start_date = PartialDateField("start_date", "start_precision")
    end_date = PartialDateField("end_date", "end_precision")

    class Meta:
        model = Membership
        fields = [
            "id",
            "organisation",
            "member",
            "role",
            "start_date",
            "end_date",
            "source_url",
            "url",
            "last_updated",
        ]
