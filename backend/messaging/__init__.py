"""Messages that leave Förderlotse: mail to associations and coordinators, reminders.

Everything here runs on the background worker (procrastinate, PostgreSQL-based; ADR 0008).
A job is deferred inside the transaction that causes it (the audit event, the submission), so
it exists exactly when that change committed; the worker sends it afterwards and retries
while the mail server is away.
"""
