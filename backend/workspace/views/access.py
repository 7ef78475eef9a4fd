"""Who may open the workspace and a case: logged-in coordinators and central office only.

Anonymous visitors are sent to the login page; an applicant's status token is not a login
and opens nothing here. A coordinator asking for another district's case gets 404, as for one
that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase

from backend.accounts.roles import is_coordinator
from backend.cases.models import Case
from backend.common.parsing import small_id
from backend.workspace.selectors import case_for_page

View = Callable[..., HttpResponseBase]


def coordinator_required(view: View) -> View:
    """Login first (redirect), then a coordinator role (403 for anyone else)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_coordinator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def case_or_404(request: HttpRequest, reference: str) -> Case:
    """The case the user may see; 404 for any other reference, whether it exists or belongs
    to another district (the answer must not tell which: the API answers the same)."""
    case = case_for_page(user=request.user, reference=reference)
    if case is None:
        raise Http404
    return case


def posted_version(request: HttpRequest) -> int | None:
    """The case version the page was rendered with (hidden field), None if missing or bad."""
    return small_id(request.POST.get("version", ""))
