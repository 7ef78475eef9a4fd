"""The inbox: the coordinator's cases by state, filters, and the deadlines panel."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET

from backend.accounts.roles import is_central_office
from backend.workspace import selectors
from backend.workspace.forms import InboxFilterForm
from backend.workspace.views.access import coordinator_required
from workflows.states import CaseState

PAGE_SIZE = 25


@require_GET
@coordinator_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Cases of the user's districts, newest first, with counts per state and deadlines."""
    user = request.user
    districts = list(selectors.inbox_district_choices(user=user))
    form = InboxFilterForm(
        request.GET or None,
        quarters=selectors.inbox_quarter_choices(
            user=user,
            district_id=_id_param(request, "district"),
            quarter_id=_id_param(request, "quarter"),
        ),
        programs=selectors.inbox_program_choices(user=user),
        districts=selectors.inbox_district_choices(user=user),
        district_count=len(districts),
    )
    filters = form.filters()
    base = selectors.inbox_cases_unfiltered_by_state(user=user, filters=filters)
    counts = selectors.inbox_state_counts(cases=base)
    # The state counts already hold the number of matches: no second count of the cases.
    total = counts.get(filters.state, 0) if filters.state else sum(counts.values())
    page = KnownCountPaginator(
        selectors.inbox_cases(user=user, filters=filters), PAGE_SIZE, known_count=total
    ).get_page(request.GET.get("seite"))
    other = request.GET.copy()
    other.pop("state", None)
    other.pop("seite", None)
    state_tabs = [
        {"key": "", "label": "", "count": sum(counts.values()), "query": other.urlencode()}
    ] + [
        {
            "key": state.value,
            "label": state.label,
            "count": counts.get(state.value, 0),
            "query": _with(other, state=state.value),
        }
        for state in CaseState
    ]
    paging = request.GET.copy()
    paging.pop("seite", None)
    return render(
        request,
        "workspace/inbox.html",
        {
            "nav": "inbox",
            "form": form,
            "filters": filters,
            "sort_label": selectors.inbox_sort(filters)[0],
            "page": page,
            "state_tabs": state_tabs,
            "paging_query": paging.urlencode(),
            "deadlines": selectors.inbox_deadlines(user=user, today=timezone.localdate()),
            "today": timezone.localdate(),
            "central_office": is_central_office(user),
            "districts": districts,
        },
    )


class KnownCountPaginator(Paginator):
    """A paginator told the number of objects instead of counting them again."""

    def __init__(self, object_list: Any, per_page: int, *, known_count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = known_count

    @cached_property
    def count(self) -> int:
        return self.known_count


def _id_param(request: HttpRequest, name: str) -> int | None:
    """An id in the query string, or None for anything else (the form says what is wrong)."""
    raw = request.GET.get(name, "")
    if raw.isascii() and raw.isdigit() and 0 < int(raw) < 2**63:
        return int(raw)
    return None


def _with(query: object, **values: str) -> str:
    params = query.copy()  # type: ignore[attr-defined]
    for key, value in values.items():
        params[key] = value
    return str(params.urlencode())
