"""Who performs a transition: a logged-in user, the applicant via the status link, or the system."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from backend.accounts.roles import is_coordinator_for

if TYPE_CHECKING:
    from backend.accounts.models import User
    from backend.cases.models import Case


@dataclass(frozen=True)
class Actor:
    """The one who acts. Applicants have no account: the private link is their credential."""

    kind: str  # ActorKind value: "user", "applicant" or "system"
    user: User | None = None
    case_id: int | None = None  # for applicants: the one case their link opens

    @classmethod
    def for_user(cls, user: Any) -> Actor:
        return cls(kind="user", user=user)

    @classmethod
    def applicant(cls, case: Case) -> Actor:
        return cls(kind="applicant", case_id=case.pk)

    @classmethod
    def system(cls) -> Actor:
        return cls(kind="system")

    @property
    def label(self) -> str:
        if self.kind == "user" and self.user is not None:
            return str(self.user)
        if self.kind == "applicant":
            return _("Antragsteller*in (Statuslink)")
        return _("System")


# Roles a transition may name as allowed actors.
COORDINATOR = "coordinator"
APPLICANT = "applicant"


def actor_has_role(actor: Actor, case: Case, role: str) -> bool:
    """True if ``actor`` plays ``role`` for ``case`` (pure: reads, never writes)."""
    if role == COORDINATOR:
        return actor.kind == "user" and is_coordinator_for(actor.user, case.district)
    if role == APPLICANT:
        return actor.kind == "applicant" and actor.case_id == case.pk
    return False
