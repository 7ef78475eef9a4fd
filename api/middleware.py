"""Middleware for the API: its language, one URL per resource with or without the trailing
slash, 400 for undocumented query parameters, RateLimit headers, and problem+json for unknown
URLs."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

from api.query_params import unknown_query_parameters
from api.ratelimit import add_ratelimit_headers


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _add_slash(request: HttpRequest) -> None:
    """``/api/v1/overlap-checks`` is ``/api/v1/overlap-checks/``: the request is answered by
    the resource it names, never redirected (a client would lose its POST body, and Django's
    ``APPEND_SLASH`` answers a 301 HTML page, or a 500 for a POST in debug)."""
    path = request.path_info
    if path.endswith("/") or _resolves(path) or not _resolves(path + "/"):
        return
    request.path_info = path + "/"
    request.path = request.path + "/"


class ApiMiddleware:
    """Below ``/api/``: the language comes from ``Accept-Language`` (German by default), and an
    unknown URL answers problem+json also when ``DEBUG`` is on.

    ``LocaleMiddleware`` decides by the URL prefix, because the pages are under
    ``i18n_patterns`` with German unprefixed, so every unprefixed URL, ``/api/`` too, would be
    German. Other systems cannot put ``/en/`` into API URLs; they send the header. Placed
    after ``LocaleMiddleware``, which still sets ``Content-Language`` and ``Vary``.

    With ``DEBUG`` on, Django answers a URL that matches nothing with its HTML debug page
    instead of calling ``handler404``; an integrator trying the API against ``make run`` should
    see the same answer as in production.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        _add_slash(request)
        response = self._respond(request)
        add_ratelimit_headers(request, response)
        return response

    def _respond(self, request: HttpRequest) -> HttpResponse:
        from api.exceptions import handler404, problem_response

        unknown = unknown_query_parameters(request.path_info, request.method or "", request.GET)
        if unknown:
            detail = _("Bitte prüfen Sie die Angaben.")
            return problem_response(request, "validation", detail, errors=unknown)
        response = self.get_response(request)
        if response.status_code == 404 and response.get("Content-Type", "").startswith("text/html"):
            return handler404(request, Exception("no URL matched"))
        return response
