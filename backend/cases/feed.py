"""The change feed's horizon: how far a reader may hand out audit events without ever
skipping one that is still to come.

Event ids come from a sequence when the row is inserted, but rows become visible when their
transaction commits. A transaction that inserted event 100 may commit after another one
that inserted event 101: a reader who handed out 101 and stored "after 101" as its cursor
would never see 100. Transitions can stay open for seconds (a decision renders its letter as
a PDF inside the transaction), so this is not only a theoretical race.

The protocol, in PostgreSQL and without any table of its own:

* A writer, in the transaction that inserts an event and before it takes an id, holds a
  shared transaction-level advisory lock whose key is the highest event id it can see
  (:func:`event_write_announce`). Every id it takes afterwards is higher than that key. The
  lock goes away when the transaction commits or rolls back.
* A reader hands out only events up to the lowest such key that another session holds
  (:func:`settled_event_horizon`, evaluated in the same statement as the read, after its
  snapshot was taken). An event below the horizon can no longer appear later: a writer that
  was still open when the reader looked holds a lock at or below its ids, and a writer that
  announced itself only after the reader looked takes ids above everything the reader saw.

Readers wait for nothing and writers never block each other (shared locks only); an open
writer only holds back the feed until it ends. The reader ignores its own session's locks:
events of its own transaction are visible to it anyway (the test suite reads the feed inside
the transaction that wrote the events). Locks live on the primary: read the feed there, not on
a replica.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BigIntegerField
from django.db.models.expressions import RawSQL

#: First key of the two-key advisory locks of the feed ("FEED" in ASCII); the second key is
#: the announced event id. Nothing else in the project takes advisory locks.
FEED_LOCK_NAMESPACE = 0x46454544
#: The second key is a 32-bit integer. Beyond it the announced key stays at this value: still
#: a lower bound of the writer's ids, so the feed stays correct and only waits longer.
MAX_LOCK_KEY = 2**31 - 1
NO_HORIZON = 2**63 - 1

_ANNOUNCE = """
SELECT pg_advisory_xact_lock_shared(
    %s, LEAST((SELECT COALESCE(MAX(id), 0) FROM cases_caseevent), %s)::integer
)
"""

_HORIZON = """
SELECT COALESCE(MIN(objid::bigint), %s) FROM pg_locks
WHERE locktype = 'advisory' AND classid = %s AND objsubid = 2
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND pid <> pg_backend_pid()
"""


def event_write_announce() -> None:
    """Tell feed readers that this transaction may be about to insert events (call it inside
    the transaction, before the insert; repeating it is harmless)."""
    with connection.cursor() as cursor:
        cursor.execute(_ANNOUNCE, [FEED_LOCK_NAMESPACE, MAX_LOCK_KEY])


def settled_event_horizon() -> RawSQL:
    """The highest event id a reader may hand out now (a subquery for ``pk__lte``)."""
    params = (NO_HORIZON, FEED_LOCK_NAMESPACE)
    return RawSQL(_HORIZON, params, output_field=BigIntegerField())  # noqa: S611 - constant SQL
