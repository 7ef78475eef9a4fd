"""Reminders with a clock the test controls: each goes out exactly once, on the right day,
recorded as a system event; a second run the same day sends nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from backend.cases.models import CaseEvent
from backend.messaging.reminders import reminder_stage, reminders_due_send
from tests import clock
from tests.factories import approve_data, move
from workflows.actors import Actor

pytestmark = pytest.mark.django_db


def _morning(day):
    return timezone.make_aware(datetime.combine(day, time(7, 0)))


def _contact_mails(mailoutbox):
    return [m for m in mailoutbox if m.to == ["ayse@example.org"]]


@pytest.mark.parametrize(
    ("days_left", "origin_days_before_due", "stage"),
    [
        (10, 14, ""),
        (7, 14, "7"),
        (5, 14, "7"),  # a missed morning is caught up
        (1, 14, "1"),
        (0, 14, "1"),
        (-1, 14, "overdue"),
        (5, 5, ""),  # the request was made inside the 7-day stage: its own mail reminded
        (1, 5, "1"),
    ],
)
def test_which_reminder_is_due(days_left, origin_days_before_due, stage) -> None:
    today = clock.today()
    due = today + timedelta(days=days_left)
    origin = due - timedelta(days=origin_days_before_due)

    assert reminder_stage(due_on=due, today=today, origin=origin, stages=(7, 1)) == stage


def test_change_request_reminders_go_out_once_each(
    application_case, actor, mailoutbox, jobs, time_machine
):
    due = clock.days_from_today(14)
    move(application_case, "request_changes", actor, {"message": "Satzung bitte.", "due_on": due})
    jobs.run()
    mailoutbox.clear()
    sent_on: dict[int, int] = {}
    for days_before in (10, 7, 7, 3, 1, 1, -1, -2):
        time_machine.move_to(_morning(due - timedelta(days=days_before)), tick=False)
        count = reminders_due_send()
        jobs.run()
        sent_on[days_before] = sent_on.get(days_before, 0) + count

    assert sent_on == {10: 0, 7: 1, 3: 0, 1: 1, -1: 1, -2: 0}
    events = CaseEvent.objects.filter(case=application_case, kind="reminder").order_by("pk")
    assert [e.payload["stage"] for e in events] == ["7", "1", "overdue"]
    assert {e.actor_kind for e in events} == {"system"}
    mails = _contact_mails(mailoutbox)
    assert len(mails) == 3
    assert "ist bis" in mails[0].body
    assert mails[-1].subject == f"Frist abgelaufen: {application_case.reference}"


def test_an_answered_change_request_is_not_reminded(
    application_case, actor, mailoutbox, jobs, time_machine
):
    from backend.cases.services import change_request_answer

    due = clock.days_from_today(14)
    move(application_case, "request_changes", actor, {"message": "Satzung bitte.", "due_on": due})
    request = application_case.change_requests.get()
    change_request_answer(
        case=application_case,
        actor=Actor.applicant(application_case),
        change_request_id=request.pk,
        response="Liegt bei.",
    )
    time_machine.move_to(_morning(due - timedelta(days=1)), tick=False)

    assert reminders_due_send() == 0


def test_report_reminders_30_and_7_days_before_and_when_overdue(
    application_case, actor, mailoutbox, jobs, time_machine
):
    move(application_case, "approve", actor, approve_data("2700"))
    application_case.refresh_from_db()
    due = application_case.report_due_on
    jobs.run()
    mailoutbox.clear()
    results = []
    for days_before in (31, 30, 29, 7, 7, -1, -1):
        time_machine.move_to(_morning(due - timedelta(days=days_before)), tick=False)
        results.append(reminders_due_send())
        jobs.run()

    assert results == [0, 1, 0, 1, 0, 1, 0]
    [first, _second, overdue] = _contact_mails(mailoutbox)
    assert "Ihr Verwendungsnachweis ist bis" in first.body
    assert "war bis" in overdue.body


def test_english_contact_gets_english_reminders(
    application_case, actor, mailoutbox, jobs, time_machine
):
    application_case.contact.preferred_language = "en"
    application_case.contact.save()
    due = clock.days_from_today(14)
    move(application_case, "request_changes", actor, {"message": "Satzung bitte.", "due_on": due})
    jobs.run()
    mailoutbox.clear()
    time_machine.move_to(_morning(due - timedelta(days=1)), tick=False)

    reminders_due_send()
    jobs.run()

    [mail] = _contact_mails(mailoutbox)
    assert mail.subject.startswith("Reminder:")
