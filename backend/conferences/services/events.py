"""Services: coordinators record an event, its topics (on the workshop template) and the
people behind each topic. Contact details are stored only with consent, with its date and
wording; withdrawing consent removes the person."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.cases.forms import IDEA_FIELDS
from backend.conferences.models import (
    Conference,
    ConferenceTopic,
    ConsentChannel,
    TopicPerson,
)
from backend.conferences.rules import RECORDED_CONSENT, Refused, require_coordinator_for

CONFERENCE_FIELDS = (
    "district",
    "kind",
    "title",
    "held_on",
    "time_from",
    "time_to",
    "place",
    "organisers",
    "description",
    "public",
)
#: The workshop template: the fields of an idea, in the order of the idea form.
TOPIC_FIELDS = IDEA_FIELDS
PERSON_FIELDS = ("role", "name", "organisation", "email", "phone", "preferred_language")


def _time_order(conference: Conference) -> None:
    if conference.time_from and conference.time_to and conference.time_to <= conference.time_from:
        raise ValidationError({"time_to": _("Das Ende muss nach dem Beginn liegen.")})


@transaction.atomic
def conference_save(
    *, user: Any, data: dict[str, Any], conference: Conference | None = None
) -> Conference:
    """Create an event, or change one (``conference``), in a district the user coordinates."""
    if conference is not None:
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        require_coordinator_for(user, conference.district)
    else:
        conference = Conference(created_by=user)
    for name in CONFERENCE_FIELDS:
        if name in data:
            setattr(conference, name, data[name])
    if conference.district_id is None:
        raise ValidationError({"district": _("Bitte wählen Sie den Stadtbezirk.")})
    require_coordinator_for(user, conference.district)
    _time_order(conference)
    conference.full_clean(validate_constraints=False)
    conference.save()
    return conference


def _topic_quarter(topic: ConferenceTopic) -> None:
    quarter = topic.quarter
    if quarter is not None and quarter.city_id != topic.conference.district.city_id:
        raise ValidationError({"quarter": _("Dieser Stadtteil liegt in einer anderen Stadt.")})


@transaction.atomic
def topic_save(
    *,
    user: Any,
    conference: Conference,
    data: dict[str, Any],
    topic: ConferenceTopic | None = None,
) -> ConferenceTopic:
    """Add a topic to an event's Themensammlung (the next number), or change one that has
    not yet become an idea (after that, the case is what counts)."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    require_coordinator_for(user, conference.district)
    if topic is None:
        last = conference.topics.aggregate(last=Max("number"))["last"] or 0
        topic = ConferenceTopic(conference=conference, number=last + 1)
    else:
        topic = ConferenceTopic.objects.select_for_update().get(pk=topic.pk, conference=conference)
        if topic.case_id is not None:
            raise Refused(
                _("Aus diesem Thema ist schon eine Idee geworden. Änderungen bitte am Fall.")
            )
    for name in TOPIC_FIELDS:
        if name in data:
            setattr(topic, name, data[name])
    _topic_quarter(topic)
    topic.full_clean(validate_constraints=False)
    topic.save()
    return topic


@transaction.atomic
def topic_person_record(
    *,
    user: Any,
    topic: ConferenceTopic,
    data: dict[str, Any],
    consent: bool,
    consent_on: date | None = None,
) -> TopicPerson:
    """Record an initiator or interested person of a topic. E-mail and phone only with
    consent (``consent`` and the day it was given): the wording stored is ``RECORDED_CONSENT``.
    """
    topic = ConferenceTopic.objects.select_related("conference__district").get(pk=topic.pk)
    require_coordinator_for(user, topic.conference.district)
    person = TopicPerson(topic=topic, recorded_by=user)
    for name in PERSON_FIELDS:
        if name in data:
            setattr(person, name, data[name])
    person.email = (person.email or "").strip().lower()
    if consent:
        _consent_date_check(consent_on)
        person.consent_on = consent_on
        with translation.override("de"):
            person.consent_text = str(RECORDED_CONSENT)
        person.consent_channel = ConsentChannel.RECORDED
    elif person.email or person.phone:
        raise ValidationError(
            {
                "consent": _(
                    "Kontaktdaten dürfen nur mit Einwilligung gespeichert werden. Bitte "
                    "vermerken Sie die Einwilligung oder lassen Sie E-Mail und Telefon leer."
                )
            }
        )
    if person.email and topic.people.filter(email__iexact=person.email).exists():
        raise ValidationError(
            {"email": _("Diese E-Mail-Adresse ist bei diesem Thema schon eingetragen.")}
        )
    person.full_clean(validate_constraints=False)
    person.save()
    return person


def _consent_date_check(consent_on: date | None) -> None:
    if consent_on is None:
        raise ValidationError(
            {"consent_on": _("Bitte geben Sie an, wann die Einwilligung erteilt wurde.")}
        )
    if consent_on > timezone.localdate():
        raise ValidationError(
            {"consent_on": _("Die Einwilligung kann nicht in der Zukunft liegen.")}
        )


@transaction.atomic
def topic_person_remove(*, user: Any, person: TopicPerson) -> None:
    """Remove a person (e.g. who withdrew consent). An initiator whose topic became an idea
    stays the case's contact; the case keeps its own copy of the contact."""
    person = TopicPerson.objects.select_related("topic__conference__district").get(pk=person.pk)
    require_coordinator_for(user, person.topic.conference.district)
    person.delete()
