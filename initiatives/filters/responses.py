"""Parameters that cannot be used, as one 400 everywhere: the check for parameters nobody reads,
and the view decorator that turns a FilterError into a page, a JSON body or plain text."""

from __future__ import annotations

from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from ..params import FilterError


def bad_filters_response(request, error: FilterError, style: str = "html") -> HttpResponse:
    """A 400 that says what was wrong: a short page, a JSON body or plain text."""
    if style == "json":
        return JsonResponse({"detail": error.message, "errors": error.errors}, status=400)
    if style == "text":
        lines = ["Bad request: some parameters could not be used.", ""]
        lines += [f"{name}: {message}" for name, messages in error.errors.items() for message in messages]
        return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")
    return render(request, "data/bad_filters.html", {"error": error}, status=400)


# Added by campaign links, share buttons and scripts' cache busters ("_"); no filter is called so,
# and refusing them would break links people paste. Ignored on pages, CSV and API alike.
IGNORED_PARAMETERS = {"_", "fbclid", "gclid", "mc_cid", "mc_eid", "igshid"}


def check_parameter_names(params, allowed, where: str) -> None:
    """A misspelt parameter (`positon=`) would silently return everything: name it instead (a 400).

    `where` completes "… takes:", e.g. "This page", "The stances export", "This endpoint".
    """
    allowed = set(allowed)
    unknown = sorted(
        name
        for name in params
        if name not in allowed and name not in IGNORED_PARAMETERS and not name.startswith("utm_")
    )
    if unknown:
        message = f"Unknown parameter. {where} takes: {', '.join(sorted(allowed)) or 'no parameters'}."
        raise FilterError({name[:60]: [message] for name in unknown})


def reports_filter_errors(style: str = "html", *, takes=(), filterset=None):
    """View decorator: a FilterError raised by the view becomes a 400 in the given style.

    With `takes` (parameter names) and/or `filterset` (whose parameters it also takes), any other
    parameter is a 400 too, as in the CSV exports and the API.
    Usage: @reports_filter_errors("text") above a CSV view, ("html", takes=("as_of",)) above a page.
    """
    allowed = set(takes) | set(filterset.base_filters if filterset else ())

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                if allowed:
                    check_parameter_names(request.GET, allowed, "This page")
                return view(request, *args, **kwargs)
            except FilterError as error:
                return bad_filters_response(request, error, style)

        return wrapped

    return decorator
