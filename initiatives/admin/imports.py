"""The importers in the admin: a positions file uploaded from the stances list, a recorded vote read
again from the UN's own record, a treaty's chart read again from the Council of Europe. Each shows
its report (counts, each row left out with its reason) and offers a dry run first."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from ..ledger.official_records import treaty_chart_positions, vote_rows
from ..ledger.positions import import_positions, read_positions
from ..ledger.report import DataError, ImportReport
from ..ledger.votes import import_votes
from ..models import Publisher, Stance, Vote
from ..records.errors import RecordError
from ..search.documents import rebuild as rebuild_search_index

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class PositionsFileForm(forms.Form):
    file = forms.FileField(
        help_text="CSV or JSON in the documented positions format (see the data dictionary)."
    )
    dry_run = forms.BooleanField(required=False, initial=True, help_text="Check and count, write nothing.")


def import_positions_view(model_admin, request):
    """/admin/initiatives/stance/import/: upload a positions file, see what it did (or would do)."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = PositionsFileForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", f"At most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
        else:
            try:
                report = import_positions(
                    read_positions(upload.read(), name=upload.name), dry_run=form.cleaned_data["dry_run"]
                )
                if not report.dry_run:
                    rebuild_search_index()  # the importer writes in bulk, sending no signals
            except DataError as exc:
                form.add_error("file", str(exc))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Import positions",
        "opts": model_admin.model._meta,
        "form": form,
        # Lists, not the report: a template would look the report up as a mapping of counts.
        "dry_run": report.dry_run if report else None,
        "report_lines": report.lines() if report else None,
        "report_notes": report.notes() if report else None,
    }
    return render(request, "admin/initiatives/import_report.html", context)


class ImportPositionsMixin:
    """Adds the upload page to the stances admin."""

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: import_positions_view(self, request))
        return [path("import/", view, name="initiatives_stance_import"), *super().get_urls()]


def _show(model_admin, request, report: ImportReport) -> None:
    if report.changed:
        rebuild_search_index()  # the importers write in bulk, sending no signals
    for line in report.lines():
        model_admin.message_user(request, line, messages.SUCCESS if report.changed else messages.INFO)
    for note in report.notes()[:20]:
        model_admin.message_user(request, note, messages.WARNING)


class BallotInline(admin.TabularInline):
    model = Stance
    fk_name = "vote"
    extra = 0
    can_delete = False
    fields = ("actor", "act", "date", "source_kind")
    readonly_fields = fields
    verbose_name = "ballot"
    verbose_name_plural = "roll call (one ballot per state that voted)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Vote)
class VoteAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "framework", "body", "date", "official", "recorded", "source_kind")
    list_filter = ("body", "adopted_without_vote", "source_kind")
    search_fields = ("symbol", "draft_symbol", "framework__name", "framework__slug", "meeting_record")
    autocomplete_fields = ("framework", "source", "other_sources")
    inlines = (BallotInline,)
    actions = ("reread_from_un_record",)

    def get_queryset(self, request):
        ballots = Count("ballots", filter=Q(ballots__isnull=False))
        return super().get_queryset(request).select_related("framework").annotate(_ballots=ballots)

    @admin.display(description="official totals")
    def official(self, obj):
        if obj.adopted_without_vote:
            return "adopted without a vote"
        return f"{obj.official_for}-{obj.official_against}-{obj.official_abstain}" if obj.has_totals else "—"

    @admin.display(description="ballots recorded", ordering="_ballots")
    def recorded(self, obj):
        return obj._ballots

    @admin.action(description="Re-read the selected votes from the UN's own record (Digital Library)")
    def reread_from_un_record(self, request, queryset):
        report = ImportReport()
        for vote in queryset.select_related("framework"):
            record = vote.primary_record
            if not record:
                report.problem(str(vote), 1, "no UN record is linked (primary_record)")
                continue
            try:
                rows = vote_rows(record, framework=vote.framework.slug, report=report, name=record)
            except RecordError as exc:
                report.problem(record, 1, str(exc))
                continue
            if rows:
                import_votes(rows, name=record, report=report)
        _show(self, request, report)


@admin.register(Publisher)
class PublisherAdmin(SimpleHistoryAdmin):
    list_display = ("name", "domain", "kind", "state_affiliated")
    list_filter = ("kind", "state_affiliated")
    search_fields = ("name", "domain")


@admin.action(description="Re-read the signatures and ratifications from the Treaty Office's chart")
def reread_treaty_chart(model_admin, request, queryset):
    report = ImportReport()
    for framework in queryset:
        if "coe.int" not in framework.official_url:
            report.problem(
                framework.slug, 1, "its official address is not a Council of Europe Treaty Office page"
            )
            continue
        try:
            positions = treaty_chart_positions(framework.official_url, framework=framework.slug)
        except RecordError as exc:
            report.problem(framework.slug, 1, str(exc))
            continue
        import_positions(positions, report=report)
    _show(model_admin, request, report)
