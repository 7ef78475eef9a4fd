"""Events, topics on the workshop template and the people behind them: who may record what,
and that contact details exist only with consent (date and wording stored)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from backend.areas.models import Area
from backend.conferences.models import Conference, ConferenceTopic, ConsentChannel, TopicPerson
from backend.conferences.rules import Refused
from backend.conferences.services import (
    conference_save,
    topic_person_record,
    topic_save,
    topic_to_idea,
)
from tests import clock
from tests.conferences.helpers import association_data, conference, idea_of, initiator, topic
from workflows.errors import Forbidden

pytestmark = pytest.mark.django_db


def test_coordinator_records_an_event_of_their_district(coordinator):
    event = conference(coordinator)

    assert event.district.code == "IV"
    assert event.created_by == coordinator
    assert Conference.objects.count() == 1


def test_coordinator_of_another_district_may_not_record_an_event_there(other_coordinator):
    with pytest.raises(Forbidden) as refusal:
        conference(other_coordinator)

    assert (
        "Sie dürfen Veranstaltungen dieses Stadtbezirks nicht bearbeiten." in refusal.value.message
    )
    assert Conference.objects.count() == 0


def test_an_event_may_not_be_moved_into_a_district_one_does_not_coordinate(
    coordinator, other_coordinator
):
    event = conference(coordinator)

    with pytest.raises(Forbidden):
        conference_save(
            user=coordinator,
            data={"district": Area.objects.get(code="III")},
            conference=event,
        )
    event.refresh_from_db()
    assert event.district.code == "IV"


def test_event_end_before_its_start_is_refused_in_german(coordinator):
    import datetime as dt

    with pytest.raises(ValidationError) as refusal:
        conference(coordinator, time_from=dt.time(13), time_to=dt.time(11))

    assert refusal.value.message_dict["time_to"] == ["Das Ende muss nach dem Beginn liegen."]
    assert Conference.objects.count() == 0


def test_topics_are_numbered_in_the_order_of_the_wall(coordinator):
    event = conference(coordinator)

    first = topic(coordinator, event, title="Bürgerzentrum Erle")
    second = topic(coordinator, event, title="Runder Tisch")

    assert (first.number, second.number) == (1, 2)
    assert first.challenge.startswith("Vereine und Gruppen")


def test_a_topic_needs_only_its_title(coordinator):
    event = conference(coordinator)

    bare = topic_save(user=coordinator, conference=event, data={"title": "Feste"})

    assert bare.challenge == ""
    assert bare.quarter is None


def test_a_topic_without_a_title_is_refused(coordinator):
    event = conference(coordinator)

    with pytest.raises(ValidationError) as refusal:
        topic_save(user=coordinator, conference=event, data={"title": ""})

    assert "title" in refusal.value.message_dict
    assert ConferenceTopic.objects.count() == 0


def test_a_topic_of_another_city_quarter_is_refused(coordinator, essen):
    from backend.areas.services import areas_load_reference

    areas_load_reference(city_slug="oberhausen")
    event = conference(coordinator)
    elsewhere = Area.objects.filter(city__slug="oberhausen", kind="quarter").first()

    with pytest.raises(ValidationError) as refusal:
        topic(coordinator, event, quarter=elsewhere)

    assert refusal.value.message_dict["quarter"] == [
        "Dieser Stadtteil liegt in einer anderen Stadt."
    ]
    assert ConferenceTopic.objects.count() == 0


def test_another_district_may_not_add_topics(coordinator, other_coordinator):
    event = conference(coordinator)

    with pytest.raises(Forbidden):
        topic(other_coordinator, event)
    assert ConferenceTopic.objects.count() == 0


def test_a_person_with_consent_keeps_contact_date_and_wording(coordinator):
    event = conference(coordinator)
    person = initiator(coordinator, topic(coordinator, event))

    assert person.email == "bartlett@example.org"
    assert person.consent_on == clock.days_from_today(-1)
    assert person.consent_text.startswith(
        "Ich bin einverstanden, dass die Integrationskoordination"
    )
    assert person.consent_channel == ConsentChannel.RECORDED
    assert person.recorded_by == coordinator


def test_contact_details_without_consent_are_refused(coordinator):
    on = topic(coordinator, conference(coordinator))

    with pytest.raises(ValidationError) as refusal:
        topic_person_record(
            user=coordinator,
            topic=on,
            data={"role": "initiator", "name": "Heiner Grahs", "email": "grahs@example.org"},
            consent=False,
        )

    assert "nur mit Einwilligung" in refusal.value.message_dict["consent"][0]
    assert TopicPerson.objects.count() == 0


def test_a_name_without_consent_is_kept_as_on_the_photo_protocol(coordinator):
    on = topic(coordinator, conference(coordinator))

    person = initiator(coordinator, on, consent=False, name="Heiner Grahs")

    assert (person.name, person.email, person.has_consent) == ("Heiner Grahs", "", False)


def test_consent_needs_its_day_and_not_a_future_one(coordinator):
    on = topic(coordinator, conference(coordinator))
    data = {"role": "initiator", "name": "A", "email": "a@example.org"}

    with pytest.raises(ValidationError) as missing:
        topic_person_record(user=coordinator, topic=on, data=data, consent=True, consent_on=None)
    with pytest.raises(ValidationError) as future:
        topic_person_record(
            user=coordinator, topic=on, data=data, consent=True, consent_on=clock.days_from_today(1)
        )

    assert "wann die Einwilligung" in missing.value.message_dict["consent_on"][0]
    assert "Zukunft" in future.value.message_dict["consent_on"][0]
    assert TopicPerson.objects.count() == 0


def test_the_same_address_twice_on_one_topic_is_refused(coordinator):
    on = topic(coordinator, conference(coordinator))
    initiator(coordinator, on)

    with pytest.raises(ValidationError) as refusal:
        initiator(coordinator, on, name="Noch einmal")

    assert "schon eingetragen" in refusal.value.message_dict["email"][0]
    assert TopicPerson.objects.count() == 1


def test_the_database_refuses_contact_details_without_consent(coordinator):
    from django.db import IntegrityError

    on = topic(coordinator, conference(coordinator))

    with pytest.raises(IntegrityError):
        TopicPerson.objects.create(topic=on, role="initiator", name="X", email="x@example.org")


def test_refused_change_of_a_converted_topic(coordinator):
    event = conference(coordinator)
    on = topic(coordinator, event)
    person = initiator(coordinator, on)
    topic_to_idea(
        user=coordinator,
        topic=on,
        idea=idea_of(on),
        association=association_data(),
        initiator=person,
    )

    with pytest.raises(Refused) as refusal:
        topic_save(user=coordinator, conference=event, data={"title": "Neu"}, topic=on)

    on.refresh_from_db()
    assert on.title == "Begegnungsstätte in Borbeck"
    assert "schon eine Idee geworden" in refusal.value.message
