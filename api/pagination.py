"""Pagination: a cursor for cases and histories (stable while cases are added), limit and
offset for the reference lists. Paging parameters are strict: a value that is not an
integer in range, or a cursor the server did not issue, is a 400, never ignored or a 500."""

from __future__ import annotations

import base64
from typing import Any
from urllib import parse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.pagination import Cursor, CursorPagination, LimitOffsetPagination
from rest_framework.request import Request

from api.exceptions import InvalidCursor


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw) if raw.isascii() and raw.strip().lstrip("-").isdigit() else None
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise serializers.ValidationError(
            {
                name: [
                    _("Erwartet: eine ganze Zahl von %(low)s bis %(high)s.")
                    % {"low": low, "high": high}
                ]
            }
        )
    return value


def _int_schema(name: str, low: int, high: int, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "required": False,
        "in": "query",
        "description": description,
        "schema": {"type": "integer", "minimum": low, "maximum": high},
    }


class CasePagination(CursorPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-created_at"

    def get_page_size(self, request: Request) -> int:
        return _int_param(request, "page_size", self.page_size, 1, self.max_page_size)

    def decode_cursor(self, request: Request) -> Cursor | None:
        """Only cursors this server could have issued; DRF accepts any base64."""
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:
            return None
        try:
            raw = base64.b64decode(encoded.encode("ascii"), validate=True).decode("ascii")
            tokens = parse.parse_qs(raw, keep_blank_values=True, strict_parsing=True)
            if not tokens or set(tokens) - {"o", "r", "p"}:
                raise ValueError("unknown cursor")
            offset = int(tokens.get("o", ["0"])[0])
            reverse = tokens.get("r", ["0"])[0]
            if not 0 <= offset <= self.offset_cutoff or reverse not in ("0", "1"):
                raise ValueError("cursor out of range")
        except (ValueError, UnicodeError):
            raise InvalidCursor() from None
        position: Any = tokens.get("p", [None])[0]  # a string; DRF's stubs say int
        return Cursor(offset=offset, reverse=reverse == "1", position=position)

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValidationError, ValueError, TypeError, OverflowError):
            # A forged cursor position that is no valid value for the ordering field.
            raise InvalidCursor() from None

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        params = [
            p for p in super().get_schema_operation_parameters(view) if p["name"] != "page_size"
        ]
        return [
            *params,
            _int_schema(
                "page_size", 1, self.max_page_size, f"Items per page (default {self.page_size})."
            ),
        ]


class EventPagination(CasePagination):
    page_size = 50
    ordering = "created_at"


class ReferencePagination(LimitOffsetPagination):
    default_limit = 100
    max_limit = 500
    max_offset = 1_000_000

    def get_limit(self, request: Request) -> int:
        return _int_param(request, "limit", self.default_limit, 1, self.max_limit)

    def get_offset(self, request: Request) -> int:
        return _int_param(request, "offset", 0, 0, self.max_offset)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            _int_schema(
                "limit", 1, self.max_limit, f"Items per page (default {self.default_limit})."
            ),
            _int_schema("offset", 0, self.max_offset, "Items to skip."),
        ]
