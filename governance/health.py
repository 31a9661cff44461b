"""Health check and graceful failure when the database is away.

/healthz answers 200 when the database answers, 503 otherwise (compose and load balancers use it).
DatabaseUnavailableMiddleware turns a lost database into a clear 503 page instead of a 500; the
next request reconnects by itself once the database is back.
"""

import contextlib
import logging

from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        close_old_connections()
        return JsonResponse({"status": "unavailable", "database": str(exc).splitlines()[0][:200]}, status=503)
    return JsonResponse({"status": "ok"})


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNAVAILABLE_ERRORS):
            return None
        logger.error("database unavailable: %s", exception)
        # Drop the broken connection so the next request opens a fresh one.
        with contextlib.suppress(DatabaseError):
            connection.close()
        body = render_to_string("503.html", request=None)
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        return response
