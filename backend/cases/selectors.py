"""Read-side queries for cases: who sees which cases and their events (also as a change feed),
lookup by the applicant's token, who handles a case (as shown to the public), and a case's
money and reports after the decision (``case_funding``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from backend.accounts.scope import scoped
from backend.areas.models import Office
from backend.areas.selectors import office_of_district
from backend.associations.models import Association, ContactPerson
from backend.cases.feed import settled_event_horizon
from backend.cases.models import (
    BudgetBooking,
    Case,
    CaseEvent,
    Decision,
    DecisionAmendment,
    DecisionOutcome,
    InterimReport,
    Payout,
    PayoutStatus,
    Receipt,
    Repayment,
)
from workflows.settlement import (
    LineFigures,
    Settlement,
    case_settlement,
    interim_due_dates,
    line_figures,
)

#: Stored for indexes (search, overlap), never shown: lists need not read them.
SEARCH_COLUMNS = ("search_text", "search_vector")


def cases_visible_to(*, user: Any) -> QuerySet[Case]:
    """Cases a user may see (``backend.accounts.scope``): those of their city's districts
    for its central office, else those of their districts; nothing of another city."""
    qs = Case.objects.select_related(
        "quarter__parent", "association", "contact", "assigned_to", "program"
    ).defer(*SEARCH_COLUMNS)
    return scoped(qs, user=user, city="city", district="quarter__parent")


def contacts_visible_to(*, user: Any) -> QuerySet[ContactPerson]:
    """Contact persons of the associations ``user`` sees, who either handle a case ``user``
    sees or handle none at all: the person behind another city's case stays there."""
    visible = cases_visible_to(user=user)
    return ContactPerson.objects.filter(association__in=associations_visible_to(user=user)).filter(
        Q(pk__in=visible.values("contact_id"))
        | ~Exists(Case.objects.filter(contact=OuterRef("pk")))
    )


def associations_visible_to(*, user: Any) -> QuerySet[Association]:
    """Associations with at least one case ``user`` sees: their address and contacts are
    for the coordinators of the districts where they have cases, not for everyone."""
    visible = cases_visible_to(user=user).values("association_id")
    return Association.objects.filter(pk__in=visible)


#: ``q=``: the case's stored ``search_text`` (trigram GIN), or an association whose folded
#: name matches. ``ANY(ARRAY(…))`` makes the association ids one value computed first, so
#: PostgreSQL may combine both indexes (BitmapOr) for a rare word, or read the list's index
#: in order and filter for a frequent one (docs/performance.md).
_TEXT_SEARCH = (
    "(\"cases_case\".\"search_text\" LIKE '%%' || case_search_query(%s) || '%%' OR "
    '"cases_case"."association_id" = ANY(ARRAY(SELECT a.id FROM associations_association a '
    "WHERE case_search_query(a.name) LIKE '%%' || case_search_query(%s) || '%%')))"
)


def case_text_search(cases: QuerySet[Case], text: str) -> QuerySet[Case]:
    """``cases`` whose reference, title or challenge, or whose association's name, contains
    ``text`` (case- and accent-insensitive: "cafe" finds "Café"; % and _ are literal)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    condition = RawSQL(_TEXT_SEARCH, [escaped, escaped], output_field=BooleanField())  # noqa: S611
    return cases.filter(condition)


def events_visible_to(*, user: Any) -> QuerySet[CaseEvent]:
    """Audit events of the cases ``user`` may see (``cases_visible_to``), with their case."""
    visible = cases_visible_to(user=user).values("pk")
    return CaseEvent.objects.filter(case__in=visible).select_related("case")


def event_feed(*, events: QuerySet[CaseEvent], after: int, limit: int) -> list[CaseEvent]:
    """The next ``limit`` of ``events`` after the event id ``after``, in id order.

    Ids, not timestamps: events of one transaction share nearly the same moment, and a
    position that is one number lets a reader resume exactly where it stopped. The read
    stops at the settled horizon (``backend.cases.feed``), so an event another transaction
    is still writing is never overtaken by a later one.
    """
    settled = events.filter(pk__gt=after, pk__lte=settled_event_horizon())
    return list(settled.order_by("pk")[:limit])


def case_get_by_token(*, token: str) -> Case | None:
    """The case whose private status token is ``token`` (only its hash is stored)."""
    from backend.cases.services import token_hash

    if not token or len(token) > 200:
        return None
    return (
        Case.objects.select_related("quarter__parent", "association", "contact", "assigned_to")
        .filter(tracking_token_hash=token_hash(token))
        .first()
    )


@dataclass(frozen=True)
class Contact:
    """Who handles ideas of a district, as shown to the public."""

    name: str
    office: str
    address: str
    phone: str
    vacant: bool  # the district's post is vacant: a deputy or the central office answers


def contact_of(user_label: str, office: Office | None) -> Contact:
    """A person (or queue) with their office's address, for public pages and mails."""
    if office is None:
        return Contact(user_label, "", "", "", vacant=False)
    place = f"{office.postal_code} {office.town}".strip()
    address = f"{office.street}, {place}" if office.street else place
    return Contact(user_label, office.name, address, office.phone, vacant=not office.staffed)


def coordinator_contact(case: Case) -> Contact:
    """The case's coordinator and the office of its district."""
    return contact_of(str(case.assigned_to), office_of_district(district=case.district))


@dataclass(frozen=True)
class Funding:
    """A case's money and reports after the decision, as the status page and the workspace
    show them (``case_funding``)."""

    decision: Decision | None
    approved: Decimal
    paid: Decimal
    pending: Decimal
    payouts: list[Payout]
    bookings: list[BudgetBooking]
    amendments: list[DecisionAmendment]
    interim_due: dict[int, dt.date]
    interim_reports: dict[int, InterimReport]
    receipts: list[Receipt]
    lines: list[LineFigures]
    settlement: Settlement | None
    repayment: Repayment | None

    @property
    def available(self) -> Decimal:
        return max(Decimal("0"), self.approved - self.paid - self.pending)

    @property
    def final(self) -> bool:
        return self.decision is not None and self.decision.is_final()

    @property
    def started(self) -> bool:
        start = self.decision.funding_start if self.decision is not None else None
        return start is not None and start <= timezone.localdate()

    @property
    def ended(self) -> bool:
        end = self.decision.funding_end if self.decision is not None else None
        return end is not None and end <= timezone.localdate()

    @property
    def interim(self) -> list[tuple[int, dt.date, InterimReport | None]]:
        """(year, due date, the report if sent) for each year the period runs past."""
        return [(y, due, self.interim_reports.get(y)) for y, due in self.interim_due.items()]

    @property
    def interim_open_years(self) -> list[int]:
        today = timezone.localdate()
        return [year for year in self.interim_due if year <= today.year]


def case_funding(*, case: Case) -> Funding:
    """Everything about the money and reports of an approved case (empty before)."""
    decision = Decision.objects.filter(case=case, outcome=DecisionOutcome.APPROVED).first()
    payouts = list(Payout.objects.filter(case=case).select_related("decided_by"))
    paid = sum((p.amount for p in payouts if p.status == PayoutStatus.PAID), Decimal("0"))
    pending = sum((p.amount for p in payouts if p.status == PayoutStatus.REQUESTED), Decimal("0"))
    return Funding(
        decision=decision,
        approved=(decision.amount or Decimal("0")) if decision else Decimal("0"),
        paid=paid,
        pending=pending,
        payouts=payouts,
        bookings=list(decision.bookings.select_related("budget")) if decision else [],
        amendments=list(decision.amendments.select_related("decided_by")) if decision else [],
        interim_due=interim_due_dates(decision),
        interim_reports={r.year: r for r in InterimReport.objects.filter(case=case)},
        receipts=list(Receipt.objects.filter(case=case).select_related("line")),
        lines=line_figures(case) if decision else [],
        settlement=case_settlement(case) if decision else None,
        repayment=Repayment.objects.filter(case=case).first(),
    )
