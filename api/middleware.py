"""Middleware for the API: its language, and problem+json for unknown URLs."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


class ApiMiddleware:
    """Below ``/api/``: the language comes from ``Accept-Language`` (German by default), and an
    unknown URL answers problem+json also when ``DEBUG`` is on.

    ``LocaleMiddleware`` decides by the URL prefix, because the pages are under
    ``i18n_patterns`` with German unprefixed, so every unprefixed URL, ``/api/`` too, would be
    German. Other systems cannot put ``/en/`` into API URLs; they send the header. Placed
    after ``LocaleMiddleware``, which still sets ``Content-Language`` and ``Vary``.

    With ``DEBUG`` on, Django answers a URL that matches nothing with its HTML debug page
    instead of calling ``handler404``; an integrator trying the API against ``make run`` should
    see the same answer as in production. (``APPEND_SLASH`` redirects are untouched: they are
    301s, made by ``CommonMiddleware`` around this one.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if response.status_code == 404 and response.get("Content-Type", "").startswith("text/html"):
            from api.exceptions import handler404

            return handler404(request, Exception("no URL matched"))
        return response
