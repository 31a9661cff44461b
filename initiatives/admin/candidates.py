"""The review queue's new initiatives: names the news gives to AI frameworks, bodies and summits that the
registry lacks, each with the sentences and articles that name it.

A curator adds one in one step, on its page ("Add to the registry": a new framework, a new summit, or
another name of an existing framework) or dismisses it (also a list action). Access follows the
review queue's: the Stance permissions decide who sees and decides, and adding a record also needs
the permission to add that record.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from ..choices import FrameworkKind, SummitSeries
from ..ingest.candidates import CandidateError, add_candidate, dismiss_candidates
from ..models import Framework
from ..models.candidates import CandidateSighting, CandidateStatus, InitiativeCandidate
from .review import article_link, highlight

DECISIONS = [
    ("", "Keep open"),
    ("framework", "Add as a new framework (declarations, compacts, bodies…)"),
    ("summit", "Add as a new summit"),
    ("alias", "Add as another name of an existing framework"),
    ("dismiss", "Dismiss (not an AI initiative, or not worth tracking)"),
]
# What adding as each needs, beyond the right to decide.
NEEDS = {
    "framework": "initiatives.add_framework",
    "summit": "initiatives.add_summit",
    "alias": "initiatives.add_alias",
}


class CandidateForm(forms.ModelForm):
    decision = forms.ChoiceField(choices=DECISIONS, required=False, widget=forms.RadioSelect)
    registry_name = forms.CharField(
        max_length=300, required=False, help_text="The name to register (the name as seen, if left empty)."
    )
    framework_kind = forms.ChoiceField(
        choices=[("", "— from the name —"), *FrameworkKind.choices], required=False, label="Framework kind"
    )
    summit_series = forms.ChoiceField(
        choices=SummitSeries.choices, required=False, initial=SummitSeries.OTHER
    )
    alias_of = forms.ModelChoiceField(
        queryset=Framework.objects.order_by("name"), required=False, label="Another name of"
    )

    class Meta:
        model = InitiativeCandidate
        fields = ("kind",)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "alias" and not data.get("alias_of"):
            self.add_error("alias_of", "Choose the framework this is another name of.")
        if data.get("decision") and self.instance.status == CandidateStatus.ADDED:
            self.add_error("decision", "This candidate was already added to the registry.")
        return data


class SightingInline(admin.TabularInline):
    model = CandidateSighting
    fields = ("sentence_display", "source")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = "sentence naming it"
    verbose_name_plural = "sentences naming it"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # what the news said is not edited

    @admin.display(description="sentence")
    def sentence_display(self, obj):
        return highlight(obj.sentence, [(obj.matched_text, "framework")])

    @admin.display(description="article")
    def source(self, obj):
        return article_link(obj.article)


@admin.register(InitiativeCandidate)
class CandidateAdmin(admin.ModelAdmin):
    form = CandidateForm
    list_display = ("name", "kind", "status", "article_count", "seen", "became")
    list_filter = ("status", "kind")
    search_fields = ("name", "normalised", "sightings__sentence")
    ordering = ("-status", "-last_seen")  # open first, then dismissed, then added
    actions = ("dismiss_selected",)
    inlines = (SightingInline,)
    fieldsets = (
        ("Seen in the news", {"fields": ("name", "kind", "status", "first_seen", "last_seen", "became")}),
        (
            "Add to the registry in one step",
            {"fields": ("decision", "registry_name", "framework_kind", "summit_series", "alias_of")},
        ),
    )
    readonly_fields = ("name", "status", "first_seen", "last_seen", "became")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("framework", "summit", "alias")
            .annotate(_articles=Count("sightings__article", distinct=True))
        )

    # Access: the review queue's (Stance permissions).
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("initiatives.view_stance") or self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("initiatives.change_stance")

    def has_add_permission(self, request):
        return False  # candidates come from the news

    def has_delete_permission(self, request, obj=None):
        return False  # dismiss instead: a dismissed name is not offered again

    @admin.display(description="articles", ordering="_articles")
    def article_count(self, obj):
        return getattr(obj, "_articles", None) or obj.sightings.values("article").distinct().count()

    @admin.display(description="seen", ordering="last_seen")
    def seen(self, obj):
        """One day, or the first and last day it was seen (in the site's time zone)."""
        days = []
        for moment in (obj.first_seen, obj.last_seen):
            if moment and (day := f"{timezone.localtime(moment):%-d %b %Y}") not in days:
                days.append(day)
        return " – ".join(days) or "—"

    @admin.display(description="became")
    def became(self, obj):
        links = []
        if obj.alias_id and obj.framework_id:
            links.append(
                (
                    "another name of",
                    reverse("admin:initiatives_framework_change", args=[obj.framework_id]),
                    obj.framework,
                )
            )
        elif obj.framework_id:
            links.append(
                (
                    "framework",
                    reverse("admin:initiatives_framework_change", args=[obj.framework_id]),
                    obj.framework,
                )
            )
        if obj.summit_id:
            links.append(
                ("summit", reverse("admin:initiatives_summit_change", args=[obj.summit_id]), obj.summit)
            )
        if not links:
            return "—"
        return format_html_join(", ", '{} <a href="{}">{}</a>', links)

    @admin.action(description="Dismiss the selected candidates", permissions=["change"])
    def dismiss_selected(self, request, queryset):
        count = dismiss_candidates(queryset.values_list("pk", flat=True), request.user)
        self.message_user(request, f"{count} candidate(s) dismissed.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision") or ""
        if "kind" in form.changed_data:
            InitiativeCandidate.objects.filter(pk=obj.pk).update(kind=obj.kind)
        if decision == "dismiss":
            dismiss_candidates([obj.pk], request.user)
            return
        if not decision:
            return
        if not request.user.has_perm(NEEDS[decision]):
            self.message_user(request, f"You may not add a {decision}.", messages.ERROR)
            return
        try:
            added = add_candidate(
                obj.pk,
                as_=decision,
                user=request.user,
                name=form.cleaned_data.get("registry_name", ""),
                framework_kind=form.cleaned_data.get("framework_kind", ""),
                summit_series=form.cleaned_data.get("summit_series", ""),
                alias_of=form.cleaned_data.get("alias_of"),
            )
        except CandidateError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        target = added.summit or added.framework
        self.message_user(
            request,
            format_html("{} added to the registry: {}. Complete its record there.", added, target),
            messages.SUCCESS,
        )
