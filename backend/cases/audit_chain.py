"""Verify the audit trail's hash chains (selectors: read only).

The database chains every event to the previous event of its case when it is inserted
(migration ``cases.0010``). Here we recompute each chain in Python from the stored values,
independently of the database's own function, so a replaced trigger function or an edited
row (by a role that could bypass the append-only triggers) shows up as a broken link.

The text hashed is the event's fields joined by the unit separator (U+001F), in this order:
id, case id, kind, actor kind, actor id (empty if none), actor label, transition, from state,
to state, comment, payload (PostgreSQL's canonical ``jsonb`` text), creation time in UTC with
microseconds (``YYYY-MM-DDTHH:MM:SS.ffffff``) and the previous event's hash (empty for the first).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import TextField
from django.db.models.functions import Cast

from backend.cases.models import CaseEvent

SEPARATOR = "\x1f"


def event_digest(values: dict[str, object], payload_text: str) -> str:
    """The hash of one event, as the database computes it on insert."""
    created_at = values["created_at"]
    assert isinstance(created_at, dt.datetime)
    parts = [
        str(values["id"]),
        str(values["case_id"]),
        str(values["kind"]),
        str(values["actor_kind"]),
        "" if values["actor_id"] is None else str(values["actor_id"]),
        str(values["actor_label"]),
        str(values["transition"]),
        str(values["from_state"]),
        str(values["to_state"]),
        str(values["comment"]),
        payload_text,
        created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f"),
        str(values["prev_hash"]),
    ]
    return hashlib.sha256(SEPARATOR.join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    event_id: int
    case_id: int
    reason: str


@dataclass
class AuditReport:
    cases: int = 0
    events: int = 0
    broken: list[BrokenLink] = field(default_factory=list)
    #: SHA-256 over the last hash of every case chain (in case order): record it outside the
    #: database (a log, a ticket) to detect later that a chain's tail was cut or rewritten.
    seal: str = ""

    @property
    def intact(self) -> bool:
        return not self.broken


_FIELDS = (
    "id",
    "case_id",
    "kind",
    "actor_kind",
    "actor_id",
    "actor_label",
    "transition",
    "from_state",
    "to_state",
    "comment",
    "created_at",
    "prev_hash",
    "hash",
)


def _events(case_ids: list[int] | None) -> Iterator[dict[str, object]]:
    events = CaseEvent.objects.order_by("case_id", "id")
    if case_ids is not None:
        events = events.filter(case_id__in=case_ids)
    rows = events.annotate(payload_text=Cast("payload", TextField())).values(
        *_FIELDS, "payload_text"
    )
    yield from rows.iterator(chunk_size=2000)


def audit_chain_verify(*, case_ids: list[int] | None = None) -> AuditReport:
    """Recompute every case's chain (or those of ``case_ids``) and report each broken link."""
    report = AuditReport()
    seal = hashlib.sha256()
    current_case: object = None
    previous_hash = ""
    previous_time: dt.datetime | None = None
    for row in _events(case_ids):
        if row["case_id"] != current_case:
            if current_case is not None:
                seal.update(f"{current_case}:{previous_hash};".encode())
            current_case, previous_hash, previous_time = row["case_id"], "", None
            report.cases += 1
        report.events += 1
        problem = _link_problem(row, previous_hash, previous_time)
        if problem:
            report.broken.append(BrokenLink(int(row["id"]), int(row["case_id"]), problem))  # type: ignore[call-overload]
        previous_hash = str(row["hash"])
        previous_time = row["created_at"]  # type: ignore[assignment]
    if current_case is not None:
        seal.update(f"{current_case}:{previous_hash};".encode())
    report.seal = seal.hexdigest()
    return report


def _link_problem(
    row: dict[str, object], previous_hash: str, previous_time: dt.datetime | None
) -> str:
    if row["prev_hash"] != previous_hash:
        return "prev_hash is not the previous event's hash (an event was removed or inserted)"
    if event_digest(row, str(row["payload_text"])) != row["hash"]:
        return "hash does not match the content (the event was changed)"
    created_at = row["created_at"]
    assert isinstance(created_at, dt.datetime)
    if previous_time is not None and created_at < previous_time:
        return "dated before the previous event of the case"
    return ""
