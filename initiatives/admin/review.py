"""The review queue: pending stance suggestions from the news, approved or rejected by curators.

Access follows the Stance permissions (the curator group changes stances, analysts only view), not
the proxy's own. Evidence comes from outside web pages: every piece of it is escaped, and only the
actor, framework and cue are wrapped in <mark>.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Prefetch
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from ..choices import StanceStatus
from ..ingest import review
from ..models import Mention, StanceSource, Suggestion
from .records import position_badge

EDITABLE = ("actor", "framework", "act", "position_detail", "date", "date_precision", "summit")


def highlight(text: str, terms: list[tuple[str, str]]):
    """The text, escaped, with each term (case-insensitive, longest first, no overlaps) in a <mark>."""
    spans: list[tuple[int, int, str]] = []
    for term, kind in sorted({t for t in terms if t[0] and len(t[0].strip()) > 1}, key=lambda t: -len(t[0])):
        for match in re.finditer(re.escape(term.strip()), text, re.IGNORECASE):
            start, end = match.span()
            if all(end <= s or start >= e for s, e, _ in spans):
                spans.append((start, end, kind))
    pieces, position = [], 0
    for start, end, kind in sorted(spans):
        pieces.append(escape(text[position:start]))
        pieces.append(format_html('<mark class="review-{0}" title="{0}">{1}</mark>', kind, text[start:end]))
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece above is escaped


def article_link(article):
    label = article.title or article.url
    if article.url.startswith(("http://", "https://")):
        return format_html(
            '<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>', article.url, label
        )
    return format_html("<span>{}</span>", label)


class SuggestionForm(forms.ModelForm):
    decision = forms.ChoiceField(
        choices=[("", "Keep pending"), ("approve", "Approve and publish"), ("reject", "Reject")],
        required=False,
        widget=forms.RadioSelect,
        help_text="Correct the actor, framework or position above first if the suggestion has them wrong.",
    )

    class Meta:
        model = Suggestion
        fields = EDITABLE


@admin.register(Suggestion)
class ReviewQueueAdmin(admin.ModelAdmin):
    form = SuggestionForm
    # Few, stacked columns: the evidence, which is what a curator reads, keeps its room beside the
    # admin's navigation and the filters on a laptop screen.
    list_display = ("suggestion", "highlighted_evidence", "confidence_display", "article_count")
    list_display_links = ("suggestion",)
    list_filter = ("act",)
    search_fields = (
        "actor__code",
        "actor__name",
        "framework__slug",
        "framework__name",
        "evidence",
        "source__url",
    )
    ordering = ("-created_at",)
    list_select_related = ("actor", "framework", "source")
    autocomplete_fields = ("actor", "framework", "summit")
    actions = ("approve_selected", "reject_selected")
    fieldsets = (
        ("Suggestion (correct before approving)", {"fields": EDITABLE}),
        ("Evidence", {"fields": ("evidence_display", "cue", "confidence", "source_link", "other_articles")}),
        ("Decision", {"fields": ("decision",)}),
    )
    readonly_fields = ("evidence_display", "cue", "confidence", "source_link", "other_articles")

    class Media:
        css = {"all": ["admin_extra/review.css"]}

    def get_queryset(self, request):
        mentions = Mention.objects.only("id", "article_id", "actor_id", "framework_id", "matched_text")
        return (
            super()
            .get_queryset(request)
            .filter(status=StanceStatus.PENDING)
            .annotate(_corroborations=Count("corroborations"))
            .prefetch_related(Prefetch("source__mentions", queryset=mentions))
        )

    # Access: the Stance permissions decide (curators change, analysts view).
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("initiatives.view_stance") or self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("initiatives.change_stance")

    def has_add_permission(self, request):
        return False  # suggestions come from the news; curated stances are added in the records admin

    def has_delete_permission(self, request, obj=None):
        return False  # reject instead, so that re-analysis does not suggest it again

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "Suggestions awaiting review", **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    @admin.display(description="suggestion", ordering="actor__name")
    def suggestion(self, obj):
        return format_html(
            '<span class="review-actor-name">{}</span> {}<br><span class="review-framework-name">{}</span>',
            obj.actor,
            position_badge(obj.position),
            obj.framework,
        )

    @admin.display(description="conf.", ordering="confidence")
    def confidence_display(self, obj):
        return f"{obj.confidence:.2f}"

    @admin.display(description="articles", ordering="_corroborations")
    def article_count(self, obj):
        return 1 + getattr(obj, "_corroborations", 0)

    def _terms(self, obj):
        terms = [(obj.actor.name, "actor"), (obj.framework.name, "framework"), (obj.cue, "cue")]
        if obj.framework.short_name:
            terms.append((obj.framework.short_name, "framework"))
        for mention in obj.source.mentions.all():
            if mention.actor_id == obj.actor_id:
                terms.append((mention.matched_text, "actor"))
            elif mention.framework_id == obj.framework_id:
                terms.append((mention.matched_text, "framework"))
        return terms

    @admin.display(description="evidence and source")
    def highlighted_evidence(self, obj):
        return format_html(
            '{}<br><span class="review-source">{}</span>',
            highlight(obj.evidence, self._terms(obj)),
            article_link(obj.source),
        )

    @admin.display(description="evidence")
    def evidence_display(self, obj):
        return highlight(obj.evidence, self._terms(obj))

    @admin.display(description="source article")
    def source_link(self, obj):
        return article_link(obj.source)

    @admin.display(description="other articles of the same story")
    def other_articles(self, obj):
        extras = StanceSource.objects.filter(stance=obj).select_related("article").order_by("id")
        if not extras:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} — <q>{}</q></li>",
                ((article_link(extra.article), extra.evidence) for extra in extras),
            ),
        )

    @admin.action(description="Approve and publish the selected suggestions", permissions=["change"])
    def approve_selected(self, request, queryset):
        count = review.approve(queryset.prefetch_related(None).values_list("pk", flat=True), request.user)
        self.message_user(request, f"{count} suggestion(s) published.", messages.SUCCESS)

    @admin.action(description="Reject the selected suggestions", permissions=["change"])
    def reject_selected(self, request, queryset):
        count = review.reject(queryset.prefetch_related(None).values_list("pk", flat=True), request.user)
        self.message_user(request, f"{count} suggestion(s) rejected.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in EDITABLE if name in form.changed_data}
        review.correct(obj.pk, request.user, changes, form.cleaned_data.get("decision", ""))

    def save_related(self, request, form, formsets, change):
        pass  # nothing related is edited here
