"""Cooperations of the coordinator's districts: proposed, agreed, declined and merged; an
agreed pair of ideas can be joined into one project (both cases' audit trails say so)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backend.common.parsing import small_id
from backend.conferences.models import CooperationState
from backend.conferences.selectors import cooperations_visible_to
from backend.conferences.services import cooperation_merge
from backend.workspace.views.access import coordinator_required
from workflows.errors import WorkflowError


@require_GET
@coordinator_required
def cooperation_list(request: HttpRequest) -> HttpResponse:
    cooperations = list(cooperations_visible_to(user=request.user)[:500])
    groups = [
        (state, [c for c in cooperations if c.state == state.value])
        for state in (
            CooperationState.PROPOSED,
            CooperationState.AGREED,
            CooperationState.MERGED,
            CooperationState.DECLINED,
        )
    ]
    return render(
        request,
        "workspace/conferences/cooperations.html",
        {"nav": "cooperations", "groups": groups},
    )


@require_POST
@coordinator_required
def cooperation_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    number = small_id(str(pk))
    cooperation = (
        cooperations_visible_to(user=request.user).filter(pk=number).first() if number else None
    )
    if cooperation is None:
        raise Http404
    try:
        cooperation_merge(user=request.user, cooperation=cooperation)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Die beiden Ideen sind zu einem Projekt verbunden."))
    return redirect("workspace:cooperation_list")
