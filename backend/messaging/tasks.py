"""The worker's tasks (procrastinate). Each takes ids, never personal data, and builds its
mail when it runs; the status link is the one exception (it exists only in the job until the
mail is sent, and successful jobs are deleted: ``PROCRASTINATE_WORKER_DEFAULTS``).

A task raises when the mail server refuses; procrastinate retries it with growing waits
(``MAIL_RETRY``), so an outage of the mail server delays mail but loses none.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from backend.messaging import coordinators, reminders
from workflows.notifications import state_mail

#: 2, 4, 8 … seconds between attempts: 17 attempts span about 36 hours.
MAIL_RETRY = RetryStrategy(max_attempts=17, exponential_wait=2)
MAIL_QUEUE = "mail"


@app.task(name="messaging.state_mail", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def send_state_mail(*, event_id: int) -> None:
    """The association's mail about one transition (with its letter, if it issued one)."""
    message = state_mail(event_id=event_id)
    if message is not None:
        message.send()


@app.task(name="messaging.coordinator_mail", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def send_coordinator_mail(*, event_id: int) -> None:
    """The responsible coordinators' mail about something that needs them."""
    message = coordinators.coordinator_mail(event_id=event_id)
    if message is not None:
        message.send()


@app.task(name="messaging.confirmation_mail", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def send_confirmation_mail(*, case_id: int, token: str) -> None:
    """The confirmation with the private status link (at submission, or a new link)."""
    from backend.cases.submission import status_link_mail

    status_link_mail(case_id=case_id, token=token).send()


@app.task(name="messaging.status_links_for_address", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def renew_status_links(*, email: str) -> int:
    """New status links for the cases of an address someone typed on the public page (on the
    worker, so the page answers alike whether the address is known or not)."""
    from backend.cases.services import status_links_for_address

    return status_links_for_address(email=email)


@app.task(name="messaging.reminder_mail", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def send_reminder_mail(*, event_id: int) -> None:
    reminders.reminder_mail(event_id=event_id).send()


@app.periodic(cron="0 7 * * *", periodic_id="daily-reminders")
@app.task(name="messaging.daily_reminders", queue=MAIL_QUEUE, queueing_lock="daily-reminders")
def daily_reminders(timestamp: int) -> int:
    """Every morning: reminders of change requests and reports coming due or overdue."""
    return reminders.reminders_due_send()


@app.periodic(cron="15 7 * * *", periodic_id="daily-digest")
@app.task(name="messaging.daily_digest", queue=MAIL_QUEUE, queueing_lock="daily-digest")
def daily_digest(timestamp: int) -> int:
    """Every morning: the coordinators who chose it get one mail with the last day's events.
    The window ends at this run's scheduled moment, so runs neither repeat nor skip."""
    until = datetime.fromtimestamp(timestamp, tz=UTC)
    messages = coordinators.digest_mails(since=until - timedelta(days=1), until=until)
    for message in messages:
        send_digest_mail.defer(
            subject=str(message.subject), body=str(message.body), to=list(message.to)
        )
    return len(messages)


@app.task(name="messaging.digest_mail", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def send_digest_mail(*, subject: str, body: str, to: list[str]) -> None:
    """One digest, composed by ``daily_digest`` (the window is fixed by its run)."""
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to).send()
