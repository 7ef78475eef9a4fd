"""Data for the conference tests: an event of district IV, topics, people."""

from __future__ import annotations

from typing import Any

from backend.areas.models import Area
from backend.conferences.models import Conference, ConferenceTopic, TopicPerson
from backend.conferences.services import conference_save, topic_person_record, topic_save
from tests import clock
from tests.factories import quarter


def conference(user: Any, district: Area | None = None, **overrides: Any) -> Conference:
    data = {
        "district": district or quarter("Borbeck-Mitte").parent,
        "kind": "integrationskonferenz",
        "title": "Wir in IV",
        "held_on": clock.days_from_today(-1),
        "place": "Schloß Borbeck",
        "organisers": "Jugendamt, ISSAB, Diakoniewerk",
        "public": True,
        **overrides,
    }
    return conference_save(user=user, data=data)


def topic(user: Any, event: Conference, **overrides: Any) -> ConferenceTopic:
    data = {
        "title": "Begegnungsstätte in Borbeck",
        "challenge": "Vereine und Gruppen haben keinen festen Ort für Begegnung im Stadtteil.",
        "affected": "Jugendliche, Senioren, Vereine",
        "intended_result": "Ein Ort, an dem sich Gruppen begegnen können.",
        "first_ideas": "Förderverein gründen, geeigneten Ort finden",
        "quarter": quarter("Borbeck-Mitte"),
        "target_groups": ["jugendliche", "senioren"],
        "topics": ["begegnung"],
        **overrides,
    }
    return topic_save(user=user, conference=event, data=data)


def initiator(
    user: Any, on: ConferenceTopic, *, consent: bool = True, **overrides: Any
) -> TopicPerson:
    data = {
        "role": "initiator",
        "name": "Angelina Bartlett",
        "organisation": "Bürgerverein Borbeck",
        "email": "bartlett@example.org" if consent else "",
        "phone": "",
        "preferred_language": "de",
        **overrides,
    }
    return topic_person_record(
        user=user,
        topic=on,
        data=data,
        consent=consent,
        consent_on=clock.days_from_today(-1) if consent else None,
    )


def association_data(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Bürgerverein Borbeck",
        "legal_form": "ev",
        "register_number": "",
        "street": "Marktstraße 5",
        "postal_code": "45355",
        "town": "Essen",
        **overrides,
    }


def idea_of(on: ConferenceTopic) -> dict[str, Any]:
    """The case fields of a topic, as the pre-filled form hands them to ``topic_to_idea``."""
    from backend.cases.forms import IDEA_FIELDS

    return {name: getattr(on, name) for name in IDEA_FIELDS}
