"""JSON parsing that answers 400 for any malformed body, never 500."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from api.exceptions import ApiProblem, too_large_message


def _reject_constant(value: str) -> Any:
    raise ValueError(f"{value} is not valid JSON")


class StrictJSONParser(parsers.JSONParser):
    """UTF-8 JSON only; no NaN/Infinity; bounded size; too deep nesting is a 400."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        limit = settings.API_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise ApiProblem("payload-too-large", too_large_message())
        try:
            return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("Kein gültiges JSON: %(error)s") % {"error": exc}) from None
