"""Services of reporting while a project runs: interim reports (Zwischennachweis) and the
Belegliste (receipts, entered one by one or imported from CSV). Each locks the case, checks
``workflows.policy`` and writes one audit event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backend.cases.models import Case, Decision, InterimReport, Receipt
from backend.cases.receipts_csv import MAX_ROWS, CsvRejected, ReceiptRow, receipts_parse
from backend.cases.services.records import _lock_for_change
from workflows.actors import APPLICANT, COORDINATOR, Actor
from workflows.audit import case_event_record
from workflows.errors import GuardFailed, TransitionNotAllowedInState, WorkflowError
from workflows.locking import case_bump
from workflows.policy import Record, require_recordable
from workflows.settlement import interim_due_dates
from workflows.states import EventKind

ROLES = (APPLICANT, COORDINATOR)


def _running_decision(case: Case) -> Decision:
    decision = Decision.objects.filter(case=case).first()
    if decision is None or decision.funding_start is None or decision.funding_end is None:
        raise TransitionNotAllowedInState(
            _("Es gibt keinen Bewilligungsbescheid."), state=case.state
        )
    if decision.funding_start > timezone.localdate():
        raise GuardFailed(
            _("Berichtet wird erst, wenn der Bewilligungszeitraum begonnen hat (%(date)s).")
            % {"date": date_format(decision.funding_start, "SHORT_DATE_FORMAT")},
            guard="funding_period_started",
        )
    return decision


@transaction.atomic
def interim_report_submit(
    *,
    case: Case,
    actor: Actor,
    year: int,
    narrative: str,
    spent_total: Decimal,
    expected_version: int | None = None,
) -> InterimReport:
    """Zwischennachweis for ``year`` (a year the project runs past); sending it again for the
    same year replaces it."""
    locked = _lock_for_change(case, actor, ROLES, expected_version)
    require_recordable(Record.INTERIM_REPORT, locked)
    decision = _running_decision(locked)
    due = interim_due_dates(decision)
    if not due:
        raise GuardFailed(
            _(
                "Ein Zwischennachweis ist nur für Projekte vorgesehen, die über den 31. "
                "Dezember hinaus laufen; dieses endet am %(date)s."
            )
            % {"date": date_format(decision.funding_end or "", "SHORT_DATE_FORMAT")},
            guard="interim_report_due",
        )
    if year not in due or year > timezone.localdate().year:
        raise ValidationError(
            {
                "year": _("Ein Zwischennachweis gibt es für: %(years)s.")
                % {"years": ", ".join(str(y) for y in due if y <= timezone.localdate().year) or "–"}
            }
        )
    report = InterimReport.objects.filter(case=locked, year=year).first() or InterimReport(
        case=locked, year=year
    )
    report.narrative = narrative
    report.spent_total = spent_total
    report.submitted_at = timezone.now()
    report.full_clean()
    report.save()
    case_bump(locked, ())
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.RECORD,
        comment=gettext_noop("Zwischennachweis %(year)s eingereicht") % {"year": year},
        payload={"interim_report": report.pk, "year": year, "spent_total": str(spent_total)},
    )
    return report


def _check_row(row: ReceiptRow, decision: Decision, prefix: str) -> list[str]:
    errors = []
    start, end = decision.funding_start, decision.funding_end
    if start and end and not start <= row.paid_on <= end:
        errors.append(
            _(
                "%(row)s: Der %(date)s liegt außerhalb des Bewilligungszeitraums "
                "(%(start)s – %(end)s)."
            )
            % {
                "row": prefix,
                "date": date_format(row.paid_on, "SHORT_DATE_FORMAT"),
                "start": date_format(start, "SHORT_DATE_FORMAT"),
                "end": date_format(end, "SHORT_DATE_FORMAT"),
            }
        )
    elif row.paid_on > timezone.localdate():
        errors.append(_("%(row)s: Das Datum liegt in der Zukunft.") % {"row": prefix})
    return errors


def _store(locked: Case, actor: Actor, rows: list[ReceiptRow], *, replace: bool, how: str) -> int:
    if replace:
        Receipt.objects.filter(case=locked).delete()
    if Receipt.objects.filter(case=locked).count() + len(rows) > MAX_ROWS:
        raise ValidationError(_("Höchstens %(max)s Belege je Fall.") % {"max": MAX_ROWS})
    Receipt.objects.bulk_create(
        Receipt(
            case=locked,
            line=row.line,
            paid_on=row.paid_on,
            payee=row.payee,
            reason=row.reason,
            amount=row.amount,
        )
        for row in rows
    )
    case_bump(locked, ())
    total = sum((row.amount for row in rows), Decimal("0"))
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.RECORD,
        comment=how % {"count": len(rows)},
        payload={"receipts": len(rows), "total": str(total), "replaced": replace},
    )
    return len(rows)


def _receipts_open(case: Case, actor: Actor, expected_version: int | None) -> tuple[Case, Decision]:
    locked = _lock_for_change(case, actor, ROLES, expected_version)
    require_recordable(Record.RECEIPTS, locked)
    return locked, _running_decision(locked)


@transaction.atomic
def receipt_add(
    *,
    case: Case,
    actor: Actor,
    line_id: int,
    paid_on: dt.date,
    payee: str,
    reason: str,
    amount: Decimal,
    expected_version: int | None = None,
) -> Receipt:
    """Add one receipt to the Belegliste."""
    locked, decision = _receipts_open(case, actor, expected_version)
    line = locked.financing_plan.lines.filter(pk=line_id).first()
    if line is None:
        raise ValidationError({"line": _("Diese Kostenposition gibt es im Plan nicht.")})
    row = ReceiptRow(paid_on, payee.strip(), reason.strip(), amount, line)
    errors = _check_row(row, decision, _("Beleg"))
    if errors:
        raise ValidationError({"paid_on": errors})
    Receipt(
        case=locked, line=line, paid_on=paid_on, payee=payee, reason=reason, amount=amount
    ).full_clean()
    _store(locked, actor, [row], replace=False, how=gettext_noop("%(count)s Beleg erfasst"))
    return Receipt.objects.filter(case=locked).latest("pk")


@transaction.atomic
def receipt_delete(
    *, case: Case, actor: Actor, receipt_id: int, expected_version: int | None = None
) -> None:
    """Take one receipt off the Belegliste."""
    locked, _decision = _receipts_open(case, actor, expected_version)
    receipt = Receipt.objects.filter(pk=receipt_id, case=locked).first()
    if receipt is None:
        raise WorkflowError(_("Diesen Beleg gibt es nicht."))
    receipt.delete()
    case_bump(locked, ())
    case_event_record(
        case=locked,
        actor=actor,
        kind=EventKind.RECORD,
        comment=gettext_noop("Beleg gelöscht"),
        payload={"receipt_deleted": receipt_id},
    )


@transaction.atomic
def receipts_import(
    *,
    case: Case,
    actor: Actor,
    content: bytes,
    replace: bool = True,
    expected_version: int | None = None,
) -> int:
    """Import a Belegliste from CSV (``backend.cases.receipts_csv``): all rows or none; by
    default it replaces the list. Returns how many receipts were stored."""
    locked, decision = _receipts_open(case, actor, expected_version)
    lines = list(locked.financing_plan.lines.all())
    try:
        rows = receipts_parse(content, lines, lambda row, where: _check_row(row, decision, where))
    except CsvRejected as rejected:
        raise ValidationError({"file": rejected.errors}) from None
    return _store(
        locked,
        actor,
        rows,
        replace=replace,
        how=gettext_noop("Belegliste mit %(count)s Belegen importiert"),
    )
