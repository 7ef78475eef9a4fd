"""Outbound webhooks (issue #15): other systems of a city subscribe to what happens to its
cases and get each matching audit event POSTed to their URL, signed per Standard Webhooks.

A delivery is written, and its job deferred, inside the transaction of the audit event
(``receivers``), so it exists exactly when the change committed; the worker sends it and
retries with growing waits (``tasks``, ``delivery``). See docs/api.md "Webhooks" and ADR 0009.
"""
