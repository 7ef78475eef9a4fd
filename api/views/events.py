"""The change feed: every audit event of the cases you may see, for systems that follow what
changed (issue #15)."""

from __future__ import annotations

from typing import Any

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from api.filters import EventFilter
from api.pagination import EventFeedPagination
from api.serializers.cases import FeedEventSerializer
from backend.cases.selectors import events_visible_to

DESCRIPTION = """\
The audit events of all cases you may see (your districts; all for central office), oldest
first, ordered by event id: the order in which they were recorded.

**Resuming.** Every page carries `next`, the last page too: this request with a cursor after
the last event returned. Follow `next` until a page has fewer than `page_size` events, store
the last `next`, and call it later: it answers exactly the events recorded since, none twice
and none left out (also when several events share `created_at`, or while another request is
still recording some). An empty page keeps the cursor where it was. A cursor is opaque: only
cursors this endpoint issued are accepted (another one is 400 `invalid-cursor`). Keep the
filters with it (they are part of `next`).

**Scope.** What you see is decided at each call: events of a case that becomes visible to you
later (you are given a further district) lie before your cursor and are not delivered; read
such cases through `GET /api/v1/cases/` (`updated_after`).

Unknown query parameters are a 400, so a misspelt filter cannot widen the answer.
"""

EXAMPLE = OpenApiExample(
    "Events since the stored cursor",
    description="GET /api/v1/events/?cursor=YWZ0ZXI9MTIz",
    value={
        "id": 124,
        "case": 42,
        "case_reference": "IV-2026-0042",
        "kind": "transition",
        "transition": "start_advice",
        "from_state": "idea",
        "to_state": "advice",
        "actor_kind": "user",
        "actor_label": "Koordination IV",
        "comment": "",
        "payload": {},
        "created_at": "2026-03-05T14:00:00+01:00",
    },
    response_only=True,
)


class EventFeedView(generics.ListAPIView):
    """The change feed over the audit trail."""

    serializer_class = FeedEventSerializer
    pagination_class = EventFeedPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = EventFilter

    def get_queryset(self) -> Any:
        return events_visible_to(user=self.request.user)

    @extend_schema(
        summary="Change feed (audit events)", description=DESCRIPTION, examples=[EXAMPLE]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)
