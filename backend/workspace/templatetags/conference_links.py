"""The case page's links to this app: the event a case came from, its cooperations and the
cases it was joined with (one tag, so the case page needs one line)."""

from __future__ import annotations

from typing import Any

from django import template

from backend.cases.models import Case
from backend.conferences.models import ConferenceTopic
from backend.conferences.selectors import cooperations_of_case, linked_cases

register = template.Library()


@register.inclusion_tag("workspace/conferences/_case_links.html")
def case_conference_links(case: Case) -> dict[str, Any]:
    topic = ConferenceTopic.objects.select_related("conference").filter(case=case).first()
    asked, offered = cooperations_of_case(case=case)
    return {
        "topic": topic,
        "cooperations": [*asked, *offered],
        "linked": linked_cases(case=case),
        "case": case,
    }
