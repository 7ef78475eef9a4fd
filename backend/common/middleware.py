"""Answer database trouble with 503 and Retry-After instead of a 500 (``db_trouble``).

The API's own exception handler does the same for its views (``api.exceptions``); this
middleware covers the pages, and the API requests that fail outside DRF."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from backend.common.db_trouble import RETRY_AFTER, database_unavailable

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_unavailable(exception):
            return None
        logger.warning("database unavailable for %s: %s", request.path, type(exception).__name__)
        return self.unavailable(request)

    @staticmethod
    def unavailable(request: HttpRequest) -> HttpResponse:
        """The 503 answer: problem+json below /api/, the German page elsewhere."""
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {
                    "type": "urn:foerderlotse:problem:service-unavailable",  # api.problems
                    "title": _("Vorübergehend nicht erreichbar"),
                    "status": 503,
                    "detail": _("Die Datenbank antwortet gerade nicht. Bitte gleich noch einmal."),
                    "instance": request.path,
                },
                status=503,
                content_type="application/problem+json",
                json_dumps_params={"ensure_ascii": False},
            )
        else:
            response = HttpResponse(render_to_string("503.html", request=None), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
