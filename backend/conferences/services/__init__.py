"""Write-side of events, topics, people, registrations of interest and cooperations.

Import from the package; ``events``, ``ideas``, ``interest`` and ``cooperation`` are its
layout.
"""

from backend.conferences.services.cooperation import (
    cooperation_answer,
    cooperation_merge,
    cooperation_request,
)
from backend.conferences.services.events import (
    CONFERENCE_FIELDS,
    PERSON_FIELDS,
    TOPIC_FIELDS,
    conference_save,
    topic_person_record,
    topic_person_remove,
    topic_save,
)
from backend.conferences.services.ideas import topic_to_idea
from backend.conferences.services.interest import (
    INTEREST_LINK_VALID,
    Interest,
    InterestConfirmed,
    InterestLinkExpired,
    InterestLinkInvalid,
    interest_confirm,
    interest_read,
    interest_request,
)

__all__ = [
    "CONFERENCE_FIELDS",
    "INTEREST_LINK_VALID",
    "PERSON_FIELDS",
    "TOPIC_FIELDS",
    "Interest",
    "InterestConfirmed",
    "InterestLinkExpired",
    "InterestLinkInvalid",
    "conference_save",
    "cooperation_answer",
    "cooperation_merge",
    "cooperation_request",
    "interest_confirm",
    "interest_read",
    "interest_request",
    "topic_person_record",
    "topic_person_remove",
    "topic_save",
    "topic_to_idea",
]
