"""Operational endpoints."""

from django.db import DatabaseError, OperationalError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _unavailable(reason: str) -> JsonResponse:
    return JsonResponse({"status": "unavailable", "database": "down", "reason": reason}, status=503)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a round trip, 503 with the reason otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except OperationalError:
        # No driver message: it can name internal hosts, and /healthz is public.
        return _unavailable("database connection failed")
    except DatabaseError:
        return _unavailable("database query failed")
    return JsonResponse({"status": "ok", "database": "up"})
