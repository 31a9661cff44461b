"""The e-mail addresses that follow frameworks, actors and lists (initiatives/follow/): personal data.

Only superusers see them (no role's group holds these permissions, roles.py): to answer a reader who
asks what is kept about them, or to delete an address with its follows and the record of what was sent
to it. The private token is never shown: whoever has it reads the follower's feed.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count

from ..follow.models import Follow, Follower


class FollowInline(admin.TabularInline):
    model = Follow
    fields = ("framework", "actor", "list_path", "list_query", "confirmed_at", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = True
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False  # a follow is made by its follower, confirmed by them


@admin.register(Follower)
class FollowerAdmin(admin.ModelAdmin):
    list_display = ("email", "frequency", "follows_count", "created_at", "unsubscribed_at")
    list_filter = ("frequency", ("unsubscribed_at", admin.EmptyFieldListFilter))
    search_fields = ("email",)
    fields = ("email", "user", "frequency", "created_at", "confirmation_sent_at", "unsubscribed_at")
    readonly_fields = ("email", "user", "created_at", "confirmation_sent_at")
    inlines = [FollowInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(follows_count=Count("follows"))

    @admin.display(description="follows", ordering="follows_count")
    def follows_count(self, obj):
        return obj.follows_count

    def has_add_permission(self, request):
        return False  # addresses arrive by double opt-in only

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
