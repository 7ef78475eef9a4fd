"""Write side of the workspace pages: the case services, guarded by the version the page showed.

``case_transition`` checks the version itself. The record services (advice session, financing
plan, reassignment) lock the case but take no version, so a page that was open while someone
else changed the case would silently overwrite; ``case_unchanged_since`` closes that gap by
checking the version under the same row lock the service then takes again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils.translation import gettext as _

from backend.cases.models import Case
from workflows.errors import StaleCase


@contextmanager
def case_unchanged_since(*, case: Case, expected_version: int) -> Iterator[None]:
    """Run the block in a transaction that holds the case row, if its version is unchanged."""
    with transaction.atomic():
        current = Case.objects.select_for_update().only("version", "state").get(pk=case.pk)
        if current.version != expected_version:
            raise StaleCase(
                _("Der Fall wurde inzwischen geändert. Bitte laden Sie ihn neu."),
                state=current.state,
                version=current.version,
            )
        yield
