"""``Idempotency-Key`` on every POST of the API (draft-ietf-httpapi-idempotency-key-header).

A client that is unsure whether its POST arrived (a timeout, a dropped connection) sends it
again with the same key:

- same key, same request (method, path, query, body) → the first response again, with
  ``Idempotent-Replayed: true``; nothing is done twice;
- same key, another request → 422 ``idempotency-key-reused``; nothing is done;
- same key while the first request still runs → 409 ``idempotency-key-in-progress``.

Keys belong to one client (its token; its session's user; its address when anonymous) and
live for ``KEEP`` (a day). Only successful answers (2xx) are kept: after an error the client
may correct the request and send it with the same key. Secrets that an answer shows once
(a status token, a webhook secret) are not stored; a replay carries ``null`` in their place
(the view names them in ``idempotency_secrets``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _

from api.exceptions import problem_response
from api.models import IdempotentRequest
from backend.common.ratelimit import client_address

HEADER = "Idempotency-Key"
KEY = re.compile(r"[\x21-\x7e]{1,200}")
KEEP = timedelta(hours=24)
#: A first request that has not finished after this long is taken to have died.
ABANDONED = timedelta(minutes=2)
_REPLAYED_HEADERS = ("Content-Type", "Location", "ETag")


def _scope(request: HttpRequest) -> str:
    authorization = request.headers.get("Authorization")
    if authorization:
        return "token:" + hashlib.sha256(authorization.encode("utf-8", "replace")).hexdigest()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "address:" + hashlib.sha256(client_address(request).encode()).hexdigest()


def _body_digest(request: HttpRequest) -> str:
    """JSON by its content (key order and spacing do not matter); a multipart body by its
    fields and files (the boundary does not matter); anything else by its bytes."""
    content_type = request.content_type or ""
    digest = hashlib.sha256()
    if content_type == "multipart/form-data":
        for name in sorted(request.POST):
            digest.update(json.dumps([name, request.POST.getlist(name)]).encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(json.dumps([name, upload.name, upload.content_type]).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
        return digest.hexdigest()
    body = request.body
    if content_type.endswith("json"):
        with contextlib.suppress(ValueError, RecursionError):
            body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    digest.update(body)
    return digest.hexdigest()


def fingerprint(request: HttpRequest) -> str:
    query = sorted(request.GET.lists())
    head = json.dumps([request.method, request.path, query, request.content_type])
    return hashlib.sha256(f"{head}\n{_body_digest(request)}".encode()).hexdigest()


def _redacted(response: HttpResponse) -> bytes:
    view = getattr(response, "renderer_context", {}).get("view")
    secrets = getattr(view, "idempotency_secrets", ())
    if not secrets or not response.content:
        return response.content
    data = json.loads(response.content)
    for name in secrets:
        if isinstance(data, dict) and name in data:
            data[name] = None
    return json.dumps(data, ensure_ascii=False).encode()


def _replay(record: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status_code)
    for name, value in record.headers.items():
        response[name] = value
    response["Idempotent-Replayed"] = "true"
    return response


class IdempotencyMiddleware:
    """Below ``/api/v1/``, for POSTs that carry an Idempotency-Key; after the authentication
    middleware (a browser session's user scopes its keys)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None or not request.path.startswith("/api/v1/"):
            return self.get_response(request)
        if not KEY.fullmatch(key):
            return problem_response(
                request,
                "validation",
                _("Bitte prüfen Sie die Angaben."),
                errors={HEADER: [_("1 bis 200 sichtbare ASCII-Zeichen erwartet.")]},
            )
        try:
            print_ = fingerprint(request)
        except (RequestDataTooBig, MultiPartParserError, UnreadablePostError):
            return self.get_response(request)  # the view answers 413 or 400
        record, answer = self._claim(_scope(request), key, print_, request)
        if answer is not None:
            return answer
        response = self.get_response(request)
        self._finish(record, response)
        return response

    @staticmethod
    def _claim(
        scope: str, key: str, print_: str, request: HttpRequest
    ) -> tuple[IdempotentRequest, HttpResponse | None]:
        now = timezone.now()
        IdempotentRequest.objects.filter(created_at__lt=now - KEEP).delete()
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(
                    scope=scope, key=key, fingerprint=print_, created_at=now
                )
            return record, None
        except IntegrityError:
            pass
        record = IdempotentRequest.objects.get(scope=scope, key=key)
        if record.fingerprint != print_:
            detail = _("Dieser Idempotency-Key gehört zu einer anderen Anfrage.")
            return record, problem_response(request, "idempotency-key-reused", detail)
        if record.status_code is not None:
            return record, _replay(record)
        if record.created_at > now - ABANDONED:
            detail = _("Eine Anfrage mit diesem Idempotency-Key läuft noch.")
            answer = problem_response(request, "idempotency-key-in-progress", detail)
            answer["Retry-After"] = "1"
            return record, answer
        record.created_at = now  # the first attempt died: this one takes over
        record.save(update_fields=["created_at"])
        return record, None

    @staticmethod
    def _finish(record: IdempotentRequest, response: HttpResponse) -> None:
        if not 200 <= response.status_code < 300 or response.streaming:
            IdempotentRequest.objects.filter(pk=record.pk, status_code=None).delete()
            return
        record.status_code = response.status_code
        record.headers = {
            name: response[name] for name in _REPLAYED_HEADERS if response.has_header(name)
        }
        record.body = _redacted(response)
        record.save(update_fields=["status_code", "headers", "body"])
