"""Service: a topic of a conference becomes an idea with one action.

The case is created by the same path as any idea (``backend.cases.submission.idea_submit`` →
``case_create``): the overlap check runs and its snapshot is stored, the district's
coordinator gets the case, and the initiator — the contact, only with recorded consent —
gets the mail with the private status link. The topic keeps the link to its case, and the
case's audit trail says where it came from.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backend.cases.services import CaseCreated
from backend.cases.submission import idea_submit
from backend.conferences.models import ConferenceTopic, PersonRole, TopicPerson
from backend.conferences.rules import Refused, require_coordinator_for
from workflows.actors import Actor
from workflows.audit import case_event_record
from workflows.states import EventKind


def topic_idea_contact(initiator: TopicPerson) -> dict[str, Any]:
    """The case's contact from the initiator (who must have consented and have an address)."""
    return {
        "name": initiator.name,
        "email": initiator.email,
        "phone": initiator.phone,
        "preferred_language": initiator.preferred_language,
    }


def _initiator_check(topic: ConferenceTopic, initiator: TopicPerson) -> None:
    if initiator.topic_id != topic.pk or initiator.role != PersonRole.INITIATOR:
        raise Refused(_("Diese Person ist keine Initiatorin und kein Initiator dieses Themas."))
    if not initiator.has_consent:
        raise Refused(
            _(
                "Ohne Einwilligung der Initiatorin oder des Initiators kann sie oder er nicht "
                "Ansprechperson der Idee werden."
            )
        )
    if not initiator.email:
        raise Refused(_("Für den Statuslink braucht die Ansprechperson eine E-Mail-Adresse."))


@transaction.atomic
def topic_to_idea(
    *,
    user: Any,
    topic: ConferenceTopic,
    idea: dict[str, Any],
    association: dict[str, Any],
    initiator: TopicPerson,
) -> CaseCreated:
    """Create the idea (case) of a topic: ``idea`` are the case's fields (pre-filled from the
    topic, completed by the coordinator), ``association`` the initiator's organisation."""
    locked = (
        ConferenceTopic.objects.select_for_update()
        .select_related("conference__district")
        .get(pk=topic.pk)
    )
    require_coordinator_for(user, locked.conference.district)
    if locked.case_id is not None:
        raise Refused(_("Aus diesem Thema ist schon eine Idee geworden."))
    _initiator_check(locked, initiator)
    created = idea_submit(
        idea=idea,
        association=association,
        contact=topic_idea_contact(initiator),
        idempotency_key=None,
    )
    locked.case = created.case
    locked.converted_by = user
    locked.save(update_fields=["case", "converted_by", "updated_at"])
    case_event_record(
        case=created.case,
        actor=Actor.for_user(user),
        kind=EventKind.RECORD,
        comment=gettext_noop("Aus der Themensammlung der Veranstaltung „%(title)s“ übernommen")
        % {"title": locked.conference.title},
        payload={"conference_topic": locked.pk, "conference": locked.conference_id},
    )
    return created
