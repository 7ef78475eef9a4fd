"""Signals of the lifecycle, for apps that act on it without the lifecycle knowing them.

``case_transitioned`` is sent inside ``case_transition``'s transaction, after the effect and
before the audit event: a receiver's work (the letter a decision needs) commits or rolls back
with the transition, and a dict it returns is added to the event's payload.
"""

from django.dispatch import Signal

#: kwargs: case (locked), transition (name), actor, payload (the effect's, a dict)
case_transitioned = Signal()
