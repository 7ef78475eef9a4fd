"""The status page's section on getting to know similar ideas and offerings (one tag, so the
status page needs one line)."""

from __future__ import annotations

from typing import Any

from django import template

from backend.cases.models import Case
from backend.conferences.models import CooperationState
from backend.conferences.selectors import SHARED_STATES, cooperation_panel

register = template.Library()


@register.inclusion_tag("intake/conferences/_status_panel.html", takes_context=True)
def status_cooperation_panel(context: dict[str, Any], case: Case, token: str) -> dict[str, Any]:
    return {
        "panel": cooperation_panel(case=case),
        "case": case,
        "token": token,
        "shared_states": [str(s) for s in SHARED_STATES],
        "proposed": str(CooperationState.PROPOSED),
        "csrf_token": context.get("csrf_token"),
    }
