"""The one way to write a case: lock its row, check the version the caller saw, bump it once.

Every service that changes a case — ``case_transition`` and the record services in
``backend.cases.services`` — starts with ``case_lock`` and ends with ``case_bump``. Views and
API views never lock a case or touch its version: they pass the version their page showed (the
hidden field) or the one ``If-Match`` named as ``expected_version``, and turn the ``StaleCase``
refusal into their answer (a reloaded page, 409 or 412).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from workflows.errors import StaleCase

if TYPE_CHECKING:
    from backend.cases.models import Case


def case_lock(*, case: Case, expected_version: int | None = None) -> Case:
    """The case, freshly read and locked until the surrounding transaction ends.

    With ``expected_version``, refuse (``StaleCase``) if someone changed the case since the
    caller read that version. Must run inside ``transaction.atomic``: a lock outside one would
    end with the statement.
    """
    from backend.cases.models import Case

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case_lock needs a transaction (transaction.atomic)")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleCase(
            _("Der Fall wurde inzwischen geändert. Bitte laden Sie ihn neu."),
            state=locked.state,
            version=locked.version,
        )
    return locked


def case_bump(locked: Case, fields: Iterable[str] | None = None) -> None:
    """Save the locked case with the next version (only ``fields`` besides it, if given), so
    every ETag and page taken before this write is stale."""
    locked.version += 1
    if fields is None:
        locked.save()
    else:
        locked.save(update_fields=[*fields, "version", "updated_at"])
