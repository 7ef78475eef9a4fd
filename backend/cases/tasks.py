"""Retention on the worker (procrastinate): anonymise finished cases whose retention ended
(issue #17, ``backend.cases.services.anonymisation``; also ``manage.py anonymise_due``)."""

from __future__ import annotations

from procrastinate.contrib.django import app


@app.periodic(cron="40 2 * * *", periodic_id="daily-anonymisation")
@app.task(name="cases.anonymise_due", queueing_lock="anonymise-due")
def anonymise_due(timestamp: int) -> int:
    """Every night: anonymise the cases due; returns how many."""
    from backend.cases.services.anonymisation import anonymise_due as run

    return run()
