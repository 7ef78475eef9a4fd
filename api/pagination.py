"""Pagination: a cursor for cases and histories (stable while cases are added), a resumable
cursor for the change feed, limit and offset for the reference lists. Paging parameters are
strict: a value that is not an integer in range, or a cursor the server did not issue, is a
400, never ignored or a 500."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib import parse

from django.core.exceptions import ValidationError
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.pagination import (
    BasePagination,
    Cursor,
    CursorPagination,
    LimitOffsetPagination,
)
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.exceptions import InvalidCursor
from backend.cases.selectors import event_feed

MAX_ID = 2**63 - 1


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


class EventFeedPagination(BasePagination):
    """The change feed: a cursor is the id of the last event handed out, and ``next`` is
    there on every page, the last one included. Stored and called later, it answers exactly
    the events that arrived since (``backend.cases.selectors.event_feed``)."""

    cursor_query_param = "cursor"
    page_size = 100
    max_page_size = 500

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        after = self.decode_cursor(request)
        limit = _int_param(request, "page_size", self.page_size, 1, self.max_page_size)
        self.events = event_feed(events=queryset, after=after, limit=limit)
        last = self.events[-1].pk if self.events else after
        self.next_url = replace_query_param(
            request.build_absolute_uri(), self.cursor_query_param, self.encode_cursor(last)
        )
        return self.events

    @staticmethod
    def encode_cursor(after: int) -> str:
        return base64.urlsafe_b64encode(f"after={after}".encode("ascii")).decode("ascii")

    def decode_cursor(self, request: Request) -> int:
        """The event id in a cursor this server issued (0 without a cursor: from the start)."""
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return 0
        try:
            raw = base64.urlsafe_b64decode(encoded.encode("ascii")).decode("ascii")
            name, _sep, value = raw.partition("=")
            if name != "after" or not (value.isascii() and value.isdigit()):
                raise ValueError("not a feed cursor")
            after = int(value)
            if after > MAX_ID or self.encode_cursor(after) != encoded:
                raise ValueError("not as issued")
        except (ValueError, UnicodeError):
            raise InvalidCursor() from None
        return after

    def get_paginated_response(self, data: Any) -> Response:
        return Response({"next": self.next_url, "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "description": "This request with the cursor after the last event "
                    "returned; always present. Store it and call it later for what is new.",
                    "example": "http://127.0.0.1:8000/api/v1/events/?cursor=YWZ0ZXI9MTI0",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque; take it from `next`. Without it: from the first event.",
                "schema": {"type": "string"},
            },
            _int_schema(
                "page_size", 1, self.max_page_size, f"Items per page (default {self.page_size})."
            ),
        ]


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


class OfferingPagination(ReferencePagination):
    """Limit and offset as the other reference lists, with two differences for a catalogue
    of a million rows (docs/performance.md):

    * ``count`` is exact up to ``EXACT_COUNT_UP_TO`` matches; above it counting would read
      every match on every page, so it is PostgreSQL's estimate and ``count_estimated`` says so.
    * ``next`` carries a ``cursor`` (the last row's title and id): the next page starts
      there through the index in list order (title, id) instead of skipping ``offset`` rows.
      ``offset`` still works, for the first pages; a cursor page has no ``previous``.
    """

    EXACT_COUNT_UP_TO = 10_000
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        self.request = request
        self.limit = self.get_limit(request)
        after = self.decode_cursor(request)
        self.offset = 0 if after is not None else self.get_offset(request)
        self.count, self.count_estimated = self.capped_count(queryset)
        page = queryset
        if after is not None:
            # A row comparison: one range of the index on (title, id).
            after_sql = '("offerings_offering"."title", "offerings_offering"."id") > (%s, %s)'
            page = page.filter(RawSQL(after_sql, after, output_field=BooleanField()))  # noqa: S611
        rows = list(page.order_by("title", "pk")[self.offset : self.offset + self.limit + 1])
        self.has_next = len(rows) > self.limit
        self.cursor_paged = after is not None
        self.page = rows[: self.limit]
        return self.page

    def capped_count(self, queryset: Any) -> tuple[int, bool]:
        capped = queryset.order_by().values("pk")[: self.EXACT_COUNT_UP_TO + 1].count()
        if capped <= self.EXACT_COUNT_UP_TO:
            return capped, False
        plan = queryset.order_by().explain(format="json")
        estimate = int(json.loads(plan)[0]["Plan"]["Plan Rows"])
        return max(estimate, capped), True

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        last, request = self.page[-1], self.request
        assert request is not None  # set by paginate_queryset
        url = remove_query_param(request.build_absolute_uri(), self.offset_query_param)
        return replace_query_param(
            url, self.cursor_query_param, self.encode_cursor(last.title, last.pk)
        )

    def get_previous_link(self) -> str | None:
        return None if self.cursor_paged else super().get_previous_link()

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.count,
                "count_estimated": self.count_estimated,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_estimated"] = {
            "type": "boolean",
            "description": f"true: more than {self.EXACT_COUNT_UP_TO} matches, and `count` is "
            "the database's estimate, not an exact count.",
        }
        response["required"] = ["count", "count_estimated", "results"]
        return response

    @staticmethod
    def encode_cursor(title: str, pk: int) -> str:
        raw = json.dumps([title, pk], ensure_ascii=False).encode("utf-8")
        return base64.urlsafe_b64encode(raw).decode("ascii")

    def decode_cursor(self, request: Request) -> tuple[str, int] | None:
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            title, pk = json.loads(base64.urlsafe_b64decode(encoded.encode("ascii")))
            if not isinstance(title, str) or "\x00" in title or type(pk) is not int:
                raise ValueError("not an offering cursor")
            if not 1 <= pk <= MAX_ID or self.encode_cursor(title, pk) != encoded:
                raise ValueError("not as issued")
        except (ValueError, TypeError, UnicodeError):
            raise InvalidCursor() from None
        return title, pk

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque; take it from `next` (the page after the one that "
                "gave it, without skipping rows). Replaces `offset`.",
                "schema": {"type": "string"},
            },
        ]
