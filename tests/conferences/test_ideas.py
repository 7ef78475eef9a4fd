"""A topic becomes an idea with one action: the case is created as any idea (overlap check,
district coordinator), linked to its event, with the consenting initiator as contact, who
gets the status link by the usual mail. Every refusal leaves everything as it was."""

from __future__ import annotations

import pytest
from django.core import mail

from backend.cases.models import Case, CaseEvent
from backend.conferences.rules import Refused
from backend.conferences.services import topic_to_idea
from tests.conferences.helpers import association_data, conference, idea_of, initiator, topic
from workflows.errors import Forbidden
from workflows.states import CaseState, EventKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def wall(coordinator):
    event = conference(coordinator)
    on = topic(coordinator, event)
    return event, on, initiator(coordinator, on)


def test_topic_becomes_an_idea_linked_to_its_event(coordinator, wall, jobs, sprachcafe):
    event, on, person = wall

    created = topic_to_idea(
        user=coordinator,
        topic=on,
        idea=idea_of(on),
        association=association_data(),
        initiator=person,
    )

    case = created.case
    on.refresh_from_db()
    assert on.case == case
    assert on.converted_by == coordinator
    assert case.state == CaseState.IDEA
    assert case.title == "Begegnungsstätte in Borbeck"
    assert case.assigned_to == coordinator
    assert (case.contact.name, case.contact.email) == ("Angelina Bartlett", "bartlett@example.org")
    assert case.association.name == "Bürgerverein Borbeck"
    # The overlap check ran as for any idea (its snapshot is stored).
    assert "checked_at" in case.overlap_snapshot
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", "payload"))
    assert kinds[0][0] == EventKind.CREATED
    assert kinds[1] == (EventKind.RECORD, {"conference_topic": on.pk, "conference": event.pk})
    # The initiator gets the status link through the usual confirmation mail.
    jobs.run()
    [message] = [m for m in mail.outbox if m.to == ["bartlett@example.org"]]
    assert "/ideen/status/" in message.body
    assert case.reference in message.subject


def test_an_initiator_without_consent_cannot_become_the_contact(coordinator, jobs):
    on = topic(coordinator, conference(coordinator))
    person = initiator(coordinator, on, consent=False)

    with pytest.raises(Refused) as refusal:
        topic_to_idea(
            user=coordinator,
            topic=on,
            idea=idea_of(on),
            association=association_data(),
            initiator=person,
        )

    assert "Ohne Einwilligung" in refusal.value.message
    on.refresh_from_db()
    assert on.case is None
    assert Case.objects.count() == 0
    assert jobs.queued() == []


def test_an_interested_person_is_no_initiator(coordinator, wall):
    _event, on, _person = wall
    interested = initiator(coordinator, on, role="interested", email="i@example.org")

    with pytest.raises(Refused):
        topic_to_idea(
            user=coordinator,
            topic=on,
            idea=idea_of(on),
            association=association_data(),
            initiator=interested,
        )
    assert Case.objects.count() == 0


def test_a_topic_becomes_an_idea_only_once(coordinator, wall, jobs):
    _event, on, person = wall
    args = {"idea": idea_of(on), "association": association_data(), "initiator": person}
    topic_to_idea(user=coordinator, topic=on, **args)
    queued = len(jobs.queued())

    with pytest.raises(Refused) as refusal:
        topic_to_idea(user=coordinator, topic=on, **args)

    assert refusal.value.message == "Aus diesem Thema ist schon eine Idee geworden."
    assert Case.objects.count() == 1
    assert len(jobs.queued()) == queued


def test_another_district_may_not_turn_the_topic_into_an_idea(coordinator, other_coordinator, wall):
    _event, on, person = wall

    with pytest.raises(Forbidden):
        topic_to_idea(
            user=other_coordinator,
            topic=on,
            idea=idea_of(on),
            association=association_data(),
            initiator=person,
        )
    on.refresh_from_db()
    assert on.case is None
    assert Case.objects.count() == 0
