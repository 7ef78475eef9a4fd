"""Who performs a transition: a logged-in user, the applicant via the status link, or the system."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from backend.accounts.roles import is_coordinator_for
from workflows.states import ActorKind

if TYPE_CHECKING:
    from backend.accounts.models import User
    from backend.cases.models import Case


@dataclass(frozen=True)
class Actor:
    """The one who acts. Applicants have no account: the private link is their credential."""

    kind: ActorKind
    user: User | None = None
    case_id: int | None = None  # for applicants: the one case their link opens

    @classmethod
    def for_user(cls, user: Any) -> Actor:
        return cls(kind=ActorKind.USER, user=user)

    @classmethod
    def applicant(cls, case: Case) -> Actor:
        return cls(kind=ActorKind.APPLICANT, case_id=case.pk)

    @classmethod
    def system(cls) -> Actor:
        return cls(kind=ActorKind.SYSTEM)

    @property
    def label(self) -> str:
        if self.kind == ActorKind.USER and self.user is not None:
            return str(self.user)
        if self.kind == ActorKind.APPLICANT:
            return _("Antragsteller*in (Statuslink)")
        return _("System")


# Roles a transition may name as allowed actors.
COORDINATOR = "coordinator"
APPLICANT = "applicant"


def actor_has_role(actor: Actor, case: Case, role: str) -> bool:
    """True if ``actor`` plays ``role`` for ``case`` (pure: reads, never writes)."""
    if role == COORDINATOR:
        return actor.kind == ActorKind.USER and is_coordinator_for(actor.user, case.district)
    if role == APPLICANT:
        return actor.kind == ActorKind.APPLICANT and actor.case_id == case.pk
    return False
