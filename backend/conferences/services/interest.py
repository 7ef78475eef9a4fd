"""Services: someone registers interest in a topic on the public page (double opt-in).

Nothing is stored when the form is sent: what the person typed travels in a signed,
expiring link that is mailed to the address given. Only when the person opens the link and
confirms is the interested person stored, with the day of consent, its wording and the
moment of confirmation. A forged or altered link fails the signature; an old one is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.conferences.models import ConferenceTopic, ConsentChannel, PersonRole, TopicPerson
from backend.conferences.rules import INTEREST_CONSENT, Refused

#: The link in the mail works this long.
INTEREST_LINK_VALID = timedelta(days=3)
_SALT = "conferences.interest"


class InterestLinkInvalid(Refused):
    """The link was altered, cut short or belongs to nothing (404 for people)."""


class InterestLinkExpired(Refused):
    """The link is older than ``INTEREST_LINK_VALID``."""


@dataclass(frozen=True)
class Interest:
    topic_id: int
    name: str
    organisation: str
    email: str
    language: str
    consent_on: date


def interest_sign(*, interest: Interest) -> str:
    """The signed token for the confirmation link (holds what the person typed)."""
    payload = {
        "t": interest.topic_id,
        "n": interest.name,
        "o": interest.organisation,
        "e": interest.email,
        "l": interest.language,
        "d": interest.consent_on.isoformat(),
    }
    return signing.dumps(payload, salt=_SALT, compress=True)


def interest_read(*, token: str, check_age: bool = True) -> Interest:
    """What a confirmation link says; refuses a bad or (``check_age``) expired link."""
    max_age = INTEREST_LINK_VALID if check_age else None
    try:
        data = signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise InterestLinkExpired(
            _(
                "Dieser Bestätigungslink ist abgelaufen. Bitte melden Sie Ihr Interesse noch "
                "einmal an; Sie bekommen dann einen neuen Link."
            )
        ) from None
    except (signing.BadSignature, ValueError):
        raise InterestLinkInvalid(_("Dieser Bestätigungslink ist ungültig.")) from None
    try:
        return Interest(
            topic_id=int(data["t"]),
            name=str(data["n"]),
            organisation=str(data["o"]),
            email=str(data["e"]),
            language=str(data["l"]),
            consent_on=date.fromisoformat(str(data["d"])),
        )
    except (KeyError, TypeError, ValueError):
        raise InterestLinkInvalid(_("Dieser Bestätigungslink ist ungültig.")) from None


def interest_request(*, interest: Interest) -> str:
    """Queue the mail with the confirmation link (after commit); stores nothing. Returns the
    token (for the mail only; the page that sent it never shows it)."""
    from procrastinate.contrib.django import app

    token = interest_sign(interest=interest)
    app.configure_task("conferences.interest_confirmation_mail").defer(
        topic_id=interest.topic_id, token=token
    )
    return token


@dataclass(frozen=True)
class InterestConfirmed:
    person: TopicPerson
    created: bool  # False: the address was already registered for this topic


@transaction.atomic
def interest_confirm(*, token: str) -> InterestConfirmed:
    """Store the interested person of a valid link (once: a second click changes nothing)."""
    interest = interest_read(token=token)
    topic = (
        ConferenceTopic.objects.select_for_update()
        .filter(pk=interest.topic_id, conference__public=True)
        .first()
    )
    if topic is None:
        raise InterestLinkInvalid(_("Dieses Thema gibt es nicht mehr."))
    existing = topic.people.filter(email__iexact=interest.email).first()
    if existing is not None:
        return InterestConfirmed(existing, created=False)
    with translation.override(interest.language):
        wording = str(INTEREST_CONSENT)
    person = TopicPerson(
        topic=topic,
        role=PersonRole.INTERESTED,
        name=interest.name,
        organisation=interest.organisation,
        email=interest.email,
        preferred_language=interest.language,
        consent_on=interest.consent_on,
        consent_text=wording,
        consent_channel=ConsentChannel.DOUBLE_OPT_IN,
        confirmed_at=timezone.now(),
    )
    person.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:  # pragma: no cover - the topic row lock orders concurrent clicks
        return InterestConfirmed(topic.people.get(email__iexact=interest.email), created=False)
    return InterestConfirmed(person, created=True)
