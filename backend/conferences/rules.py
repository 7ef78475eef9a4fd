"""What every channel of this app shares: who may manage a district's events, the wordings
people consent to, and the refusals."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from backend.accounts.roles import is_coordinator_for
from backend.areas.models import Area
from workflows.errors import Forbidden, WorkflowError

#: What an initiator or interested person agrees to when the coordination records them
#: (at the conference, on paper or by word): stored with the person, in German.
RECORDED_CONSENT = _(
    "Ich bin einverstanden, dass die Integrationskoordination meinen Namen, meine "
    "Organisation und meine Kontaktdaten zu diesem Thema speichert und mich dazu anspricht. "
    "Wird aus dem Thema eine Projektidee, darf sie mich als Ansprechperson eintragen; ich "
    "bekomme dann einen persönlichen Statuslink per E-Mail. Ich kann die Einwilligung "
    "jederzeit widerrufen."
)
#: What someone agrees to who registers interest in a topic on the public page.
INTEREST_CONSENT = _(
    "Ich bin einverstanden, dass die Integrationskoordination meinen Namen, meine "
    "Organisation und meine E-Mail-Adresse zu diesem Thema speichert und mich dazu "
    "anschreibt. Ich kann die Einwilligung jederzeit widerrufen."
)
#: What the association agrees to that asks to be introduced.
COOPERATION_REQUEST_CONSENT = _(
    "Wir möchten den Träger dieser ähnlichen Idee oder dieses Angebots kennenlernen. Erst "
    "wenn beide Seiten zustimmen, erhalten beide Namen, E-Mail-Adresse und Telefonnummer der "
    "Ansprechperson der anderen Seite."
)
#: What the other side agrees to when it accepts.
COOPERATION_ANSWER_CONSENT = _(
    "Wir sind einverstanden, dass beide Seiten Namen, E-Mail-Adresse und Telefonnummer der "
    "Ansprechperson der anderen Seite erhalten."
)


class Refused(WorkflowError):
    """The step is not possible in the current state of things (409 in the API)."""

    code = "conflict"


def require_coordinator_for(user: Any, district: Area) -> None:
    """Coordinators and deputies of ``district`` and the central office, nobody else."""
    if not is_coordinator_for(user, district):
        raise Forbidden(str(_("Sie dürfen Veranstaltungen dieses Stadtbezirks nicht bearbeiten.")))
