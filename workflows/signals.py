"""Signals of the lifecycle, for apps that act on it without the lifecycle knowing them.

Both are sent inside the transaction of the change, so what a receiver writes (a letter, a
queued mail) commits or rolls back with it.

- ``case_transitioned`` is sent by ``case_transition`` after the effect and before the audit
  event; a dict a receiver returns is added to the event's payload (the letter a decision
  issued).
- ``case_event_recorded`` is sent by ``workflows.audit.case_event_record`` for every event of
  the audit trail (the mail a transition or an answer causes is queued from it).
"""

from django.dispatch import Signal

#: kwargs: case (locked), transition (name), actor, payload (the effect's, a dict)
case_transitioned = Signal()
#: kwargs: event (the CaseEvent just stored)
case_event_recorded = Signal()
