"""One error format for the whole API: ``application/problem+json`` (RFC 9457).

Every error, from DRF, Django or the domain (``workflows.errors``, model validation), is
turned into ``{type, title, status, detail, instance, ...}`` here, with field errors as
``errors: {"field.path": [messages]}``. Views raise; they never build error responses.
"""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core import exceptions as django_exceptions
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response

from api.problems import PROBLEM_MEDIA_TYPE, PROBLEMS, problem_type
from backend.common.db_trouble import RETRY_AFTER, database_unavailable
from backend.common.middleware import DatabaseUnavailableMiddleware
from workflows import errors as wf


class ApiProblem(exceptions.APIException):
    """An API error with a problem code and extra members (``state``, ``guards``, ...)."""

    def __init__(self, code: str, detail: str | None = None, **extra: Any) -> None:
        self.problem = code
        self.status_code = PROBLEMS[code][0]
        self.extra = extra
        super().__init__(detail or str(PROBLEMS[code][1]), code)


class InvalidCursor(ApiProblem):
    def __init__(self) -> None:
        super().__init__("invalid-cursor", _("Der Parameter „cursor“ ist ungültig."))


class ReadOnlyToken(exceptions.PermissionDenied):
    default_detail = "read-only"

    def __init__(self) -> None:
        super().__init__(_("Dieser API-Token darf nur lesen."), "read-only-token")


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail → ``{"association.name": ["..."], "lines.0.amount": [...]}``."""
    result: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "non_field_errors" if key in ("__all__", "non_field_errors") else str(key)
            path = name if not prefix or name == "non_field_errors" else f"{prefix}.{name}"
            for sub, messages in flatten_errors(value, path).items():
                result.setdefault(sub, []).extend(messages)
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        for index, item in enumerate(detail):
            for sub, messages in flatten_errors(
                item, f"{prefix}.{index}" if prefix else str(index)
            ).items():
                result.setdefault(sub, []).extend(messages)
    elif isinstance(detail, list):
        result[prefix or "non_field_errors"] = [str(item) for item in detail]
    else:
        result[prefix or "non_field_errors"] = [str(detail)]
    return result


def problem_body(
    code: str, detail: str, instance: str, status_code: int | None = None, **extra: Any
) -> dict[str, Any]:
    code_status, title = PROBLEMS[code]
    body = {
        "type": problem_type(code),
        "title": str(title),
        "status": status_code or code_status,
        "detail": detail,
        "instance": instance,
    }
    body.update({key: value for key, value in extra.items() if value is not None})
    return body


_DRF_CODES: dict[type[exceptions.APIException], str] = {
    exceptions.ParseError: "malformed-request",
    exceptions.AuthenticationFailed: "authentication-failed",
    exceptions.NotAuthenticated: "not-authenticated",
    exceptions.PermissionDenied: "permission-denied",
    exceptions.NotFound: "not-found",
    exceptions.MethodNotAllowed: "method-not-allowed",
    exceptions.NotAcceptable: "not-acceptable",
    exceptions.UnsupportedMediaType: "unsupported-media-type",
    exceptions.Throttled: "throttled",
}


def _domain(exc: Exception) -> tuple[str, str, dict[str, Any]] | None:
    """(problem code, detail, extra members) for domain and Django errors."""
    if isinstance(exc, wf.WorkflowError):
        return _workflow(exc)
    return _django(exc)


#: Problem codes of the workflow errors without extra members, most specific first.
_WORKFLOW_CODES: tuple[tuple[type[wf.WorkflowError], str], ...] = (
    (wf.Forbidden, "permission-denied"),
    (wf.UnknownTransition, "not-found"),
    (wf.WorkflowError, "conflict"),
)


def _workflow(exc: wf.WorkflowError) -> tuple[str, str, dict[str, Any]]:
    if isinstance(exc, wf.InvalidPayload):
        return "validation", exc.message, {"errors": exc.errors}
    if isinstance(exc, wf.GuardFailed):
        guards = exc.extra.get("guards") or [
            {"code": exc.extra.get("guard", "guard"), "message": exc.message}
        ]
        return "guard-failed", exc.message, {"state": exc.extra.get("state"), "guards": guards}
    if isinstance(exc, wf.StaleCase):
        extra = {"state": exc.extra.get("state"), "version": exc.extra.get("version")}
        return "stale-case", exc.message, extra
    if isinstance(exc, wf.TransitionNotAllowedInState):
        return "transition-not-allowed", exc.message, {"state": exc.extra.get("state")}
    code = next(code for kind, code in _WORKFLOW_CODES if isinstance(exc, kind))
    return code, exc.message, {}


def _django(exc: Exception) -> tuple[str, str, dict[str, Any]] | None:
    if isinstance(exc, django_exceptions.ValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return "validation", _("Bitte prüfen Sie die Angaben."), {"errors": flatten_errors(detail)}
    if isinstance(exc, Http404):
        return "not-found", _("Nicht gefunden."), {}
    if isinstance(exc, RequestDataTooBig):  # above DATA_UPLOAD_MAX_MEMORY_SIZE
        return "payload-too-large", too_large_message(), {}
    if isinstance(exc, django_exceptions.PermissionDenied):
        return "permission-denied", _("Keine Berechtigung."), {}
    return None


def _from_drf(exc: exceptions.APIException) -> tuple[str, str, dict[str, Any]]:
    if isinstance(exc, ApiProblem):
        return exc.problem, str(exc.detail), exc.extra
    if isinstance(exc, exceptions.ValidationError):
        return (
            "validation",
            _("Bitte prüfen Sie die Angaben."),
            {"errors": flatten_errors(exc.detail)},
        )
    if isinstance(exc, exceptions.PermissionDenied) and exc.get_codes() == "read-only-token":
        return "read-only-token", str(exc.detail), {}
    code = next((c for cls, c in _DRF_CODES.items() if isinstance(exc, cls)), None)
    return code or "malformed-request", str(exc.detail), {}


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every error as problem+json."""
    request = context.get("request")
    instance = request.path if request is not None else ""
    headers: dict[str, str] = {}
    if isinstance(exc, exceptions.APIException):
        code, detail, extra = _from_drf(exc)
        status_code = exc.status_code
        wait = getattr(exc, "wait", None)
        if isinstance(exc, exceptions.Throttled) and wait is not None:
            headers["Retry-After"] = str(int(wait) + 1)
            extra = {**extra, "retry_after": int(wait) + 1}
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            headers["WWW-Authenticate"] = auth_header
    elif database_unavailable(exc):
        code, status_code = "service-unavailable", 503
        detail, extra = _("Die Datenbank antwortet gerade nicht. Bitte gleich noch einmal."), {}
        headers["Retry-After"] = str(RETRY_AFTER)
    else:
        mapped = _domain(exc)
        if mapped is None:
            return None  # a bug: let Django log it and answer 500 (handler500 below)
        code, detail, extra = mapped
        status_code = PROBLEMS[code][0]
    body = problem_body(code, detail, instance, status_code, **extra)
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_MEDIA_TYPE)


def problem_response(request: HttpRequest, code: str, detail: str, **extra: Any) -> HttpResponse:
    """A problem+json answer made outside DRF (middleware, Django's handlers)."""
    body = problem_body(code, detail, request.path, **extra)
    return JsonResponse(
        body,
        status=body["status"],
        content_type=PROBLEM_MEDIA_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Unknown URLs below /api/ answer problem+json; pages keep Django's 404."""
    if _is_api(request):
        return problem_response(request, "not-found", _("Diese Adresse gibt es nicht."))
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    if database_unavailable(sys.exc_info()[1] or Exception()):
        # Outside a view (a middleware's session save): still the database's trouble.
        return DatabaseUnavailableMiddleware.unavailable(request)
    if _is_api(request):
        return problem_response(
            request,
            "server-error",
            _("Ein interner Fehler ist aufgetreten; er wurde protokolliert."),
        )
    return defaults.server_error(request)


def too_large_message() -> str:
    return _("Die Anfrage ist größer als %(limit)s Bytes.") % {"limit": settings.API_MAX_BODY_BYTES}


def handler400(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request) and isinstance(exception, RequestDataTooBig):
        return problem_response(request, "payload-too-large", too_large_message())
    if _is_api(request):
        return problem_response(request, "malformed-request", _("Die Anfrage ist nicht lesbar."))
    return defaults.bad_request(request, exception)
