"""The real worker (procrastinate on this PostgreSQL, not an in-memory shortcut): mail goes
out only after the change committed, an outage of the mail server delays it but loses none,
and nothing is sent twice. These tests commit (transactional database) and wait for
procrastinate's retry delay (2 seconds), so there are few of them."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from django.test import override_settings
from procrastinate.contrib.django import app

from backend.cases.models import Case
from backend.cases.submission import idea_submit
from tests.factories import quarter
from tests.smtp import free_port, smtp_settings, start_sink

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def run_worker() -> None:
    """Run procrastinate's worker until no job is due, as ``manage.py procrastinate worker``
    does (its own connection pool, its own threads)."""
    worker_connector = app.connector.get_worker_connector()  # type: ignore[attr-defined]
    with app.replace_connector(worker_connector) as worker_app, ThreadPoolExecutor(1) as thread:
        # In a thread of its own, as in production: this thread may have an event loop
        # running (Playwright's, once a browser test started), where asyncio.run refuses.
        thread.submit(
            worker_app.run_worker,
            wait=False,
            install_signal_handlers=False,
            listen_notify=False,
            delete_jobs="successful",
        ).result()


def jobs_by_status() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, count(*) FROM procrastinate_jobs GROUP BY status")
        return dict(cursor.fetchall())


def submit(title: str = "Sprachcafé für Eltern") -> Case:
    return idea_submit(
        idea={
            "title": title,
            "challenge": "Eltern finden schwer Anschluss.",
            "affected": "Eltern",
            "intended_result": "Eltern sprechen sicherer Deutsch.",
            "quarter": quarter("Borbeck-Mitte"),
            "target_groups": ["familien"],
            "topics": ["sprache"],
        },
        association={
            "name": "Kulturbrücke Borbeck e.V.",
            "postal_code": "45355",
            "legal_form": "ev",
        },
        contact={"name": "Ayşe Demir", "email": "ayse@example.org"},
        idempotency_key=None,
    ).case


def test_a_mail_server_outage_delays_the_mail_and_loses_none(coordinator):
    port = free_port()  # nobody listens yet: the mail server is down
    with override_settings(**smtp_settings(port)):
        case = submit()
        run_worker()
        # Both mails (confirmation, coordinator's notice) failed and wait for their retry.
        assert jobs_by_status() == {"todo": 2}

        inbox, server = start_sink(port)  # the mail server is back
        try:
            time.sleep(2.5)  # procrastinate's first retry comes 2 seconds later
            run_worker()
            run_worker()  # a second run finds nothing left to send
        finally:
            server.stop()

    [confirmation] = inbox.to("ayse@example.org")
    assert case.reference in confirmation["Subject"]
    assert "/ideen/status/" in confirmation.get_content()
    [notice] = inbox.to(coordinator.email)
    assert "Neue Idee" in notice["Subject"]
    assert len(inbox.messages) == 2
    # Sent jobs are deleted: the status link does not stay in the queue's table.
    assert jobs_by_status() == {}


@transaction.atomic
def submit_then_fail() -> None:
    submit("Wird zurückgerollt")
    raise RuntimeError("the request failed after the submission")


def test_no_mail_for_a_change_that_rolled_back(coordinator):
    port = free_port()
    inbox, server = start_sink(port)
    try:
        with override_settings(**smtp_settings(port)):
            with pytest.raises(RuntimeError, match="failed after"):
                submit_then_fail()
            run_worker()
    finally:
        server.stop()

    assert not Case.objects.exists()
    assert inbox.messages == []
    assert jobs_by_status() == {}


def test_the_daily_reminders_task_runs_on_the_worker(coordinator, time_machine):
    from tests import clock
    from tests.factories import move
    from workflows.actors import Actor

    port = free_port()
    inbox, server = start_sink(port)
    try:
        with override_settings(**smtp_settings(port)):
            case = submit()
            actor = Actor.for_user(coordinator)
            move(case, "start_advice", actor)
            run_worker()  # confirmation, notice, state mail
            inbox.messages.clear()
            from backend.cases.models import ChangeRequest

            ChangeRequest.objects.create(
                case=case, message="Bitte die Satzung.", due_on=clock.days_from_today(30)
            )
            time_machine.move_to(clock.days_from_today(24), tick=False)  # 6 days before

            daily_reminders = app.configure_task("messaging.daily_reminders")
            daily_reminders.defer(timestamp=int(time.time()))
            run_worker()
            daily_reminders.defer(timestamp=int(time.time()) + 1)  # a second run that day
            run_worker()
    finally:
        server.stop()

    [reminder] = inbox.to("ayse@example.org")
    assert reminder["Subject"].startswith(f"Erinnerung: {case.reference}")
