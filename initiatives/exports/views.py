"""Thin views over the exporters: CSV files, the data dictionary and the bulk zip."""

from django import forms
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..filters import FilterError, StrictBooleanField, reports_filter_errors
from .bulk import BULK_FILES, bulk_zip_path, dictionary, dictionary_csv, dictionary_markdown
from .columns import EXPORT_OPTIONS, all_kinds, export_blocks
from .formulas import DICTIONARY_NOTE


def _excel(params) -> bool:
    try:
        return bool(StrictBooleanField().clean(params.get("excel")))
    except forms.ValidationError as exc:
        raise FilterError({"excel": ["Use excel=1 for a byte-order mark, or leave it out."]}) from exc


@require_GET
@reports_filter_errors("text")
def export_csv(request, kind):
    """/export/<kind>.csv: the rows of a list page, with the same filters, as CSV."""
    if kind not in all_kinds():
        raise Http404(f"No export called {kind!r}; there are: {', '.join(all_kinds())}.")
    filename, blocks = export_blocks(kind, request.GET, request=request, excel=_excel(request.GET))
    response = StreamingHttpResponse(blocks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Where the columns are described, for clients that follow links.
    response["Link"] = f'<{reverse("data-dictionary")}#{kind}>; rel="describedby"'
    return response


@require_GET
def data_dictionary(request):
    return render(
        request,
        "data/dictionary.html",
        {
            "entries": dictionary(),
            "options": EXPORT_OPTIONS,
            "bulk_files": BULK_FILES,
            "formula_note": DICTIONARY_NOTE,
        },
    )


@require_GET
def data_dictionary_file(request, fmt):
    if fmt == "csv":
        return HttpResponse(dictionary_csv(), content_type="text/csv; charset=utf-8")
    return HttpResponse(dictionary_markdown(), content_type="text/markdown; charset=utf-8")


@require_GET
def bulk_download(request):
    filename = f"ai-governance-tracker-{timezone.localdate().isoformat()}.zip"
    # Opened before answering: a newer build replacing the file cannot cut this download short.
    # A second try covers the moment between finding the file and opening it, if a build for
    # newer data has just removed it.
    try:
        archive = bulk_zip_path().open("rb")
    except FileNotFoundError:
        archive = bulk_zip_path().open("rb")
    return FileResponse(archive, as_attachment=True, filename=filename, content_type="application/zip")
