"""Read side: events of a district (public and for coordinators), the event report, the
cooperations coordinators and associations see."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from backend.accounts.scope import scoped, scoped_any, visible_districts
from backend.areas.models import Area, AreaKind, City, district_order
from backend.cases.models import Case
from backend.conferences.models import (
    Conference,
    ConferenceTopic,
    Cooperation,
    CooperationState,
    PersonRole,
    TopicPerson,
)
from backend.offerings.models import Offering

#: How long the topics of a past conference stay on the public page for registrations.
TOPICS_PUBLIC_FOR = timedelta(days=365)


def conferences_visible_to(*, user: Any) -> QuerySet[Conference]:
    """Events of the user's districts (all for central office)."""
    qs = Conference.objects.select_related("district__city")
    return scoped(qs, user=user, city="district__city", district="district")


def conference_districts_for(*, user: Any) -> QuerySet[Area]:
    """Districts whose events the user may record."""
    qs = visible_districts(user=user).select_related("city")
    return qs.order_by("city__name", district_order(), "code")


def conference_with_topics(*, conference: Conference) -> list[ConferenceTopic]:
    """The topics of an event with their people and the case each became."""
    people = TopicPerson.objects.order_by("role", "pk")
    return list(
        conference.topics.select_related("quarter", "case__quarter")
        .prefetch_related(Prefetch("people", queryset=people))
        .order_by("number", "pk")
    )


@dataclass(frozen=True)
class ReportRow:
    number: int
    topic: str
    initiators: str
    interested: int
    case: Case | None


def conference_report(*, conference: Conference) -> list[ReportRow]:
    """Per topic of the event: who started it, how many are interested, the idea it became
    and that idea's state (the photo protocol of the future)."""
    rows = []
    for topic in conference_with_topics(conference=conference):
        people = list(topic.people.all())
        initiators = [
            p.name + (f" ({p.organisation})" if p.organisation else "")
            for p in people
            if p.role == PersonRole.INITIATOR
        ]
        interested = sum(1 for p in people if p.role == PersonRole.INTERESTED)
        rows.append(
            ReportRow(topic.number, topic.title, ", ".join(initiators), interested, topic.case)
        )
    return rows


# --- public pages ------------------------------------------------------------------------


def public_districts() -> QuerySet[Area]:
    """Districts for the public overview, by city and number."""
    return (
        Area.objects.filter(kind=AreaKind.DISTRICT)
        .select_related("city")
        .order_by("city__name", district_order(), "code")
    )


def public_district(*, city_slug: str, code: str) -> Area | None:
    city = City.objects.filter(slug=city_slug).first()
    if city is None or len(code) > 10:
        return None
    return Area.objects.filter(city=city, kind=AreaKind.DISTRICT, code__iexact=code).first()


@dataclass(frozen=True)
class DistrictProgramme:
    upcoming: list[Conference]
    recent: list[Conference]  # past events whose topics still take registrations


def public_district_programme(*, district: Area, today: date) -> DistrictProgramme:
    """Upcoming advice dates and events of a district, and recent events with topics."""
    public = Conference.objects.filter(district=district, public=True)
    upcoming = list(public.filter(held_on__gte=today).order_by("held_on", "time_from", "pk"))
    recent = list(
        public.filter(held_on__lt=today, held_on__gte=today - TOPICS_PUBLIC_FOR)
        .filter(topics__isnull=False)
        .distinct()
        .order_by("-held_on", "-pk")
    )
    return DistrictProgramme(upcoming, recent)


def public_conference(*, pk: int) -> Conference | None:
    return Conference.objects.select_related("district__city").filter(pk=pk, public=True).first()


def public_topic(*, pk: int) -> ConferenceTopic | None:
    """A topic of a public event (registrations of interest are possible for it)."""
    return (
        ConferenceTopic.objects.select_related("conference__district__city")
        .filter(pk=pk, conference__public=True)
        .first()
    )


# --- cooperations --------------------------------------------------------------------------


def cooperation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def cooperation_by_token(*, token: str) -> Cooperation | None:
    """The cooperation whose partner answer link carries ``token``."""
    if not token or len(token) > 200:
        return None
    return (
        Cooperation.objects.select_related(
            "requester__quarter", "partner_case__quarter", "partner_offering"
        )
        .filter(answer_token_hash=cooperation_token_hash(token))
        .first()
    )


def cooperations_visible_to(*, user: Any) -> QuerySet[Cooperation]:
    """Cooperations touching a case of the user's districts (all for central office)."""
    qs = Cooperation.objects.select_related(
        "requester__quarter__parent",
        "requester__association",
        "partner_case__quarter__parent",
        "partner_case__association",
        "partner_offering",
    )
    return scoped_any(
        qs,
        user=user,
        paths=(
            ("requester__city", "requester__quarter__parent"),
            ("partner_case__city", "partner_case__quarter__parent"),
        ),
    )


SHARED_STATES = (CooperationState.AGREED, CooperationState.MERGED)


def cooperations_of_case(*, case: Case) -> tuple[list[Cooperation], list[Cooperation]]:
    """(asked by this case, asked of this case), newest first."""
    related = ("requester__quarter", "requester__contact", "requester__association")
    partner = ("partner_case__quarter", "partner_case__contact", "partner_case__association")
    asked = Cooperation.objects.select_related(*related, *partner, "partner_offering")
    return (
        list(asked.filter(requester=case).order_by("-created_at", "-pk")),
        list(asked.filter(partner_case=case).order_by("-created_at", "-pk")),
    )


def linked_cases(*, case: Case) -> list[tuple[Cooperation, Case]]:
    """Cases joined with this one in a common project (merged cooperations)."""
    merged = Cooperation.objects.filter(state=CooperationState.MERGED).select_related(
        "requester", "partner_case"
    )
    found: list[tuple[Cooperation, Case]] = []
    for cooperation in merged.filter(Q(requester=case) | Q(partner_case=case)):
        other = (
            cooperation.partner_case
            if cooperation.requester_id == case.pk
            else cooperation.requester
        )
        if other is not None:
            found.append((cooperation, other))
    return found


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def offering_email(*, offering: Offering) -> str | None:
    """The e-mail address in an offering's contact field, if it has one."""
    match = _EMAIL.search(offering.contact or "")
    return match.group(0).lower() if match else None


@dataclass(frozen=True)
class PanelMatch:
    """One match of the case's overlap check, as its association sees it on the status page."""

    kind: str  # "case" or "offering"
    target_id: int
    title: str
    where: str  # the quarter of an idea, the provider of an offering
    cooperation: Cooperation | None  # the request already made, if any


@dataclass(frozen=True)
class CooperationPanel:
    matches: list[PanelMatch]
    received: list[Cooperation]
    open: bool  # the case is open: requests and answers are possible


def cooperation_panel(*, case: Case) -> CooperationPanel:
    """What the status page shows of cooperations: the stored matches (title and place, never
    who), the requests made and received; contacts only in ``SHARED_STATES``."""
    from backend.cases.overlap import snapshot_matches
    from workflows.states import OPEN_STATES

    asked, received = cooperations_of_case(case=case)
    by_case = {c.partner_case_id: c for c in asked if c.partner_case_id}
    by_offering = {c.partner_offering_id: c for c in asked if c.partner_offering_id}
    open_ideas = set(
        Case.objects.filter(
            pk__in=[t["id"] for _m, t in snapshot_matches(case, "case")], state__in=OPEN_STATES
        ).values_list("pk", flat=True)
    )
    matches = [
        PanelMatch(
            "case",
            t["id"],
            str(t.get("title", "")),
            str(t.get("quarter_name") or ""),
            by_case.get(t["id"]),
        )
        for _m, t in snapshot_matches(case, "case")
        if t["id"] in open_ideas or t["id"] in by_case
    ]
    matches += [
        PanelMatch(
            "offering",
            t["id"],
            str(t.get("title", "")),
            str(t.get("provider") or ""),
            by_offering.get(t["id"]),
        )
        for _m, t in snapshot_matches(case, "offering")
    ]
    return CooperationPanel(matches, received, case.state in OPEN_STATES)
