"""ETags and If-Match for cases. The ETag is the case's version (``"7"``), which every
service and transition increments, so any change to a case or its records makes older
ETags stale."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import gettext as _
from rest_framework.request import Request

from api.exceptions import ApiProblem
from backend.cases.models import Case
from workflows.errors import StaleCase

_STRONG_ETAG = re.compile(r'"([0-9]{1,10})"')
#: What If-Match holds (the schema's pattern): ``*`` or a list of entity tags. A weak or
#: malformed tag never matches (412), as before the pattern was stated.
IF_MATCH_PATTERN = r'^(\*|(W/)?"[0-9]{1,10}"( {0,3}, {0,3}(W/)?"[0-9]{1,10}"){0,19})$'


def case_etag(case: Case) -> str:
    return f'"{case.version}"'


def precondition_failed(case: Case) -> ApiProblem:
    return ApiProblem(
        "precondition-failed",
        _("Der Fall wurde seit Ihrem Abruf geändert (aktuelle Version %(version)s).")
        % {"version": case.version},
        state=case.state,
        version=case.version,
    )


def if_match_versions(request: Request) -> set[int] | None:
    """Versions named by If-Match; None without the header or with ``*``.

    Weak or malformed tags can never match (RFC 9110 uses strong comparison)."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    versions = set()
    for tag in header.split(","):
        match = _STRONG_ETAG.fullmatch(tag.strip())
        if match:
            versions.add(int(match.group(1)))
    return versions


def check_if_match(request: Request, case: Case) -> int | None:
    """Raise 412 if If-Match names no current version; return the version it matched."""
    versions = if_match_versions(request)
    if versions is None:
        return None
    if case.version not in versions:
        raise precondition_failed(case)
    return case.version


@contextmanager
def if_match(request: Request, case: Case) -> Iterator[int | None]:
    """The version If-Match names (412 at once if none is current), for the service to check
    under its row lock (``expected_version``); a change that slips in before the lock is a 412
    as well. Without If-Match: None, and the service writes whatever the version."""
    expected = check_if_match(request, case)
    try:
        yield expected
    except StaleCase:
        if expected is None:
            raise  # a concurrent change the caller did not guard against: 409 stale-case
        raise precondition_failed(Case.objects.get(pk=case.pk)) from None
