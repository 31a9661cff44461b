"""Admin for the governance records: the curators' everyday tool.

Every record keeps a change history with revert (django-simple-history). Reference data
(actors, frameworks) is searched through autocomplete, never a 250-item select.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from ..choices import POSITION_COLOURS, Position
from ..models import (
    Actor,
    Alias,
    Article,
    Feed,
    Framework,
    Membership,
    Mention,
    Participation,
    Stance,
    StanceSource,
    Story,
    Summit,
)
from .imports import ImportPositionsMixin, reread_treaty_chart


def position_badge(position: str):
    label = Position(position).label
    return format_html(
        '<span style="display:inline-block;padding:1px 6px;border-radius:3px;color:#fff;background:{}">{}</span>',
        POSITION_COLOURS[Position(position)],
        label,
    )


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 0
    fields = ("text", "kind", "language", "valid_from", "valid_to", "source_url")


class MemberInline(admin.TabularInline):
    """The members of an organisation, on the organisation's page."""

    model = Membership
    fk_name = "organisation"
    extra = 0
    autocomplete_fields = ("member",)
    fields = ("member", "role", "start_date", "start_precision", "end_date", "end_precision", "source_url")
    verbose_name = "member"
    verbose_name_plural = "members"


class AffiliationInline(MemberInline):
    """The organisations an actor belongs to, on the actor's page."""

    fk_name = "member"
    autocomplete_fields = ("organisation",)
    fields = (
        "organisation",
        "role",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
        "source_url",
    )
    verbose_name = "membership"
    verbose_name_plural = "memberships"


class StanceInline(admin.TabularInline):
    model = Stance
    extra = 0
    autocomplete_fields = ("actor", "framework", "summit", "source")
    fields = ("actor", "framework", "act", "date", "date_precision", "status", "source_kind", "source")
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "framework", "summit", "source")


class ActorStanceInline(StanceInline):
    fk_name = "actor"


class FrameworkStanceInline(StanceInline):
    fk_name = "framework"


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "region", "iso_alpha2", "stance_count", "updated_at")
    list_filter = ("kind", "region")
    search_fields = ("code", "name", "official_name", "aliases__text")
    ordering = ("name",)
    inlines = (AliasInline, MemberInline, AffiliationInline, ActorStanceInline)

    def get_queryset(self, request):
        # An aggregate drops the model's default ordering; say it again so autocomplete pages are stable.
        stances = Count("stances", distinct=True)
        return (
            super().get_queryset(request).annotate(_stance_count=stances).order_by(*Framework._meta.ordering)
        )

    @admin.display(description="stances", ordering="_stance_count")
    def stance_count(self, obj):
        return obj._stance_count

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("member", "organisation", "role", "start_date", "end_date")
    list_filter = ("organisation", "role")
    search_fields = ("member__name", "member__code", "organisation__code", "organisation__name")
    autocomplete_fields = ("organisation", "member")
    list_select_related = ("member", "organisation")


@admin.register(Alias)
class AliasAdmin(SimpleHistoryAdmin):
    list_display = ("text", "target_display", "kind", "language", "valid_from", "valid_to")
    list_filter = ("kind", "language")
    search_fields = (
        "text",
        "actor__code",
        "actor__name",
        "framework__slug",
        "framework__name",
        "summit__slug",
    )
    autocomplete_fields = ("actor", "framework", "summit")
    list_select_related = ("actor", "framework", "summit")

    @admin.display(description="names")
    def target_display(self, obj):
        return obj.target


@admin.register(Framework)
class FrameworkAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "slug",
        "kind",
        "status",
        "computed_status",
        "proposed_by",
        "date_adopted",
        "binding",
        "stance_count",
        "updated_at",
    )
    list_filter = ("kind", "status", "binding", "scope")
    search_fields = ("name", "short_name", "slug", "aliases__text", "summary")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = (
        "proposed_by",
        "co_proposers",
        "parent",
        "eif_members_of",
        "eligible_members_of",
        "eligible_also",
    )
    list_select_related = ("proposed_by",)
    inlines = (AliasInline, FrameworkStanceInline)
    actions = (reread_treaty_chart,)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "kind", "scope", "binding", "parent", "summary")}),
        ("Status", {"fields": ("status", "status_note", "status_note_date")}),
        (
            "Who could take part, and how many did",
            {
                "description": "The denominators pages show as 'n of N', and where a list is known to be partial.",
                "fields": (
                    "document_symbol",
                    "eligible_members_of",
                    "eligible_also",
                    "eligible_note",
                    "announced_count",
                    "list_complete",
                    "count_note",
                ),
            },
        ),
        (
            "Who and when",
            {
                "fields": (
                    "proposed_by",
                    "co_proposers",
                    ("date_proposed", "date_proposed_precision"),
                    ("date_adopted", "date_adopted_precision"),
                    "date_opened_for_signature",
                    ("date_in_force", "date_in_force_precision"),
                    "headquarters",
                    "official_url",
                    "source_urls",
                )
            },
        ),
        (
            "Entry-into-force rule (treaties)",
            {
                "classes": ("collapse",),
                "description": "When set, the status shown to analysts is computed from the recorded ratifications.",
                "fields": (
                    "eif_ratifications_required",
                    "eif_members_of",
                    "eif_min_members",
                    "eif_delay_months",
                ),
            },
        ),
    )

    def get_queryset(self, request):
        # An aggregate drops the model's default ordering; say it again so autocomplete pages are stable.
        stances = Count("stances", distinct=True)
        return (
            super().get_queryset(request).annotate(_stance_count=stances).order_by(*Framework._meta.ordering)
        )

    @admin.display(description="stances", ordering="_stance_count")
    def stance_count(self, obj):
        return obj._stance_count

    @admin.display(description="status shown")
    def computed_status(self, obj):
        return obj.status_label_on(timezone.localdate())

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True


class ParticipationInline(admin.TabularInline):
    """Attendance records, each with its source (signatories of the summit's outcomes need none)."""

    model = Participation
    extra = 0
    autocomplete_fields = ("actor", "source")
    fields = ("actor", "role", "source", "source_kind", "note")


@admin.register(Summit)
class SummitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "series", "status", "start_date", "city", "host", "organiser")
    list_filter = ("series", "status")
    search_fields = ("name", "slug", "city", "aliases__text")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("host", "organiser", "chair", "co_hosts", "outcomes")
    list_select_related = ("host", "organiser")
    date_hierarchy = "start_date"
    inlines = (AliasInline, ParticipationInline)


class StanceSourceInline(admin.TabularInline):
    model = StanceSource
    extra = 0
    autocomplete_fields = ("article",)
    fields = ("article", "evidence", "cue", "confidence")


@admin.register(Stance)
class StanceAdmin(ImportPositionsMixin, SimpleHistoryAdmin):
    list_display = (
        "actor",
        "framework",
        "badge",
        "date",
        "date_precision",
        "status",
        "origin",
        "source_kind",
        "last_verified",
        "source_link",
    )
    list_filter = ("status", "act", "position", "origin", "source_kind", "framework")
    search_fields = (
        "actor__code",
        "actor__name",
        "framework__slug",
        "framework__name",
        "evidence",
        "source__url",
    )
    autocomplete_fields = ("actor", "framework", "summit", "source")
    raw_id_fields = ("vote",)
    list_select_related = ("actor", "framework", "source")
    date_hierarchy = "date"
    readonly_fields = ("reviewed_by", "reviewed_at", "created_at", "updated_at")
    inlines = (StanceSourceInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "actor",
                    "framework",
                    "act",
                    "position_detail",
                    ("date", "date_precision"),
                    "summit",
                    "vote",
                )
            },
        ),
        ("Evidence", {"fields": ("source", "evidence", "cue", "note")}),
        (
            "Review and trust",
            {
                "fields": (
                    "status",
                    "origin",
                    "confidence",
                    "source_kind",
                    "last_verified",
                    "reviewed_by",
                    "reviewed_at",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    @admin.display(description="act (position)", ordering="act")
    def badge(self, obj):
        return format_html("{} {}", obj.get_act_display(), position_badge(obj.position))

    @admin.display(description="source")
    def source_link(self, obj):
        return format_html(
            '<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>',
            obj.source.url,
            obj.source.publisher or "source",
        )


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ("title_or_url", "publisher", "kind", "published_at", "fetch_status", "language", "feed")
    list_filter = ("kind", "fetch_status", "language", "feed")
    search_fields = ("title", "url", "publisher")
    date_hierarchy = "published_at"
    list_select_related = ("feed",)
    readonly_fields = ("content_hash", "fetched_at", "analysed_at", "created_at", "updated_at")
    raw_id_fields = ("story",)

    @admin.display(description="article", ordering="title")
    def title_or_url(self, obj):
        return obj.title or obj.url


@admin.register(Feed)
class FeedAdmin(SimpleHistoryAdmin):
    list_display = (
        "__str__",
        "is_active",
        "poll_interval_minutes",
        "last_polled_at",
        "last_success_at",
        "failure_count",
        "last_error_short",
        "disabled_reason",
    )
    list_filter = ("is_active",)
    search_fields = ("name", "url")
    readonly_fields = (
        "etag",
        "last_modified",
        "last_polled_at",
        "last_success_at",
        "next_poll_at",
        "failure_count",
        "last_error",
        "disabled_reason",
    )

    @admin.display(description="last error")
    def last_error_short(self, obj):
        return (obj.last_error[:80] + "…") if len(obj.last_error) > 80 else obj.last_error


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ("matched_text", "article", "actor", "framework", "summit", "published_at")
    search_fields = ("matched_text", "article__title", "actor__code", "framework__slug", "summit__slug")
    autocomplete_fields = ("article", "actor", "framework", "summit")
    list_select_related = ("article", "actor", "framework", "summit")
    readonly_fields = ("published_at",)  # the article's date, copied on save


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("title", "first_published_at", "article_count")
    search_fields = ("title",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_articles=Count("articles"))

    @admin.display(description="articles", ordering="_articles")
    def article_count(self, obj):
        return obj._articles
