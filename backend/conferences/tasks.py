"""The worker's tasks of this app (procrastinate, queue ``mail``, retried like every mail).

A registration of interest is stored nowhere before its confirmation, so its job carries the
signed token (deleted with the job once the mail is sent); the cooperation's answer link
exists only in its job, as the status link does in the confirmation mail's."""

from __future__ import annotations

from procrastinate.contrib.django import app

from backend.conferences import mails
from backend.messaging.tasks import MAIL_QUEUE, MAIL_RETRY


@app.task(name="conferences.interest_confirmation_mail", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def send_interest_confirmation(*, topic_id: int, token: str) -> None:
    mails.interest_confirmation_mail(topic_id=topic_id, token=token).send()


@app.task(name="conferences.cooperation_request_mail", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def send_cooperation_request(*, cooperation_id: int, token: str) -> None:
    mails.cooperation_request_mail(cooperation_id=cooperation_id, token=token).send()


@app.task(name="conferences.cooperation_answer_mail", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def send_cooperation_answer(*, cooperation_id: int) -> None:
    for message in mails.cooperation_answer_mails(cooperation_id=cooperation_id):
        message.send()


@app.task(name="conferences.cooperation_declined_mail", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def send_cooperation_declined(*, cooperation_id: int) -> None:
    mails.cooperation_declined_mail(cooperation_id=cooperation_id).send()
