"""Pagination: a cursor for cases and histories (stable while cases are added), limit and
offset for the small reference lists. Malformed paging parameters are a 400, never a 500."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, LimitOffsetPagination
from rest_framework.request import Request

from api.exceptions import InvalidCursor


class CasePagination(CursorPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-created_at"

    def decode_cursor(self, request: Request) -> Any:
        try:
            return super().decode_cursor(request)
        except Exception:  # DRF raises NotFound; a bad cursor is the client's error (400)
            raise InvalidCursor() from None

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValidationError, ValueError, TypeError, OverflowError):
            # A forged cursor position that is no valid value for the ordering field.
            raise InvalidCursor() from None


class EventPagination(CasePagination):
    page_size = 50
    ordering = "created_at"


class ReferencePagination(LimitOffsetPagination):
    default_limit = 100
    max_limit = 500
    max_offset = 1_000_000

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), self.max_offset)
