"""Writing an offerings import: set-based, with the per-row outcome of a row-by-row write.

Rows are classified in Python (new, changed, unchanged, refused: the district scope, another
city's offering, a model validation error), then each batch of ``BATCH`` rows is written with
COPY into a temporary staging table, one ``INSERT … SELECT`` for the new offerings and one
``UPDATE … FROM`` for the changed ones, each writing the change-log entries in the same
statement, inside a savepoint. Should the database refuse
anything in a batch (what the row checks cannot foresee), the savepoint is rolled back and
that batch is written row by row, each row in its own savepoint, exactly as before: the report
names the same rows with the same messages either way (docs/performance.md, "Imports").
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.areas.models import Area, AreaKind, City
from backend.common.auditing import audit_value, field_changes
from backend.offerings.imports import ImportProblem, ImportReport
from backend.offerings.inference import infer
from backend.offerings.models import Offering, OfferingEvent

#: Fields an import may change; anything else on an offering (id, timestamps) stays.
IMPORTED_FIELDS = (
    "title",
    "description",
    "provider",
    "quarter_id",
    "citywide",
    "target_groups",
    "topics",
    "schedule",
    "address",
    "contact",
    "valid_from",
    "valid_to",
    "active",
)
#: Rows per set-based write.
BATCH = 1000
Progress = Callable[[int, int], None]


def upsert_rows(
    *,
    city: City,
    cleaned: list[tuple[int, dict[str, Any]]],
    report: ImportReport,
    progress: Progress | None,
    scope: Scope,
) -> None:
    """Create or update the ``cleaned`` rows; count each outcome in ``report``, report every
    refused row (in row order)."""
    existing = _existing(city=city, keys={(v["source"], v["external_id"]) for _, v in cleaned})
    for start in range(0, len(cleaned), BATCH):
        batch = cleaned[start : start + BATCH]
        problems: list[ImportProblem] = []
        planned = [_plan(city, existing, number, values, scope) for number, values in batch]
        writes = [p for p in planned if isinstance(p, _Write)]
        for outcome in planned:
            if isinstance(outcome, ImportProblem):
                problems.append(outcome)
            elif isinstance(outcome, str):
                report.unchanged += 1
        try:
            with transaction.atomic():
                _write_batch(writes, scope)
            for write in writes:
                setattr(report, write.kind, getattr(report, write.kind) + 1)
        except DatabaseError:
            for write in writes:  # the savepoint is gone: row by row, as before
                outcome = _save_one(write, scope)
                if isinstance(outcome, ImportProblem):
                    problems.append(outcome)
                else:
                    setattr(report, outcome, getattr(report, outcome) + 1)
        report.problems.extend(sorted(problems, key=lambda p: p.row or 0))
        if progress is not None:
            progress(start + len(batch), len(cleaned))


def _existing(*, city: City, keys: set[tuple[str, str]]) -> dict[tuple[str, str], Offering]:
    sources = {source for source, _ in keys}
    found = Offering.objects.filter(
        source__in=sources, external_id__in={key for _, key in keys}
    ).select_for_update()
    return {(o.source, o.external_id): o for o in found if (o.source, o.external_id) in keys}


class Scope:
    """What an import may touch (districts) and whom its changes are recorded for."""

    def __init__(
        self, *, city: City, districts: frozenset[int] | None, actor: User | None, channel: str
    ) -> None:
        self.districts, self.actor, self.channel = districts, actor, channel
        self.district_of: dict[int, int | None] = {}
        if districts is not None:
            self.district_of = dict(
                Area.objects.filter(city=city, kind=AreaKind.QUARTER).values_list("pk", "parent_id")
            )

    def refusal(
        self, offering: Offering | None, values: dict[str, Any], number: int
    ) -> ImportProblem | None:
        if self.districts is None:
            return None
        quarters = [values["quarter_id"], offering.quarter_id if offering else None]
        if offering is None:
            quarters.pop()
        # City-wide offerings (with or without a location) are the central office's.
        citywide = values["citywide"] or (offering is not None and offering.citywide)
        if not citywide and all(
            q is not None and self.district_of.get(q) in self.districts for q in quarters
        ):
            return None
        return ImportProblem(
            "forbidden_district",
            _(
                "Dieses Angebot liegt nicht in Ihrem Stadtbezirk (oder ist stadtweit): "
                "das kann nur die zentrale Koordination importieren oder ändern."
            ),
            number,
            "quarter",
        )

    def event(self, offering: Offering, kind: str, changes: dict[str, Any]) -> OfferingEvent:
        actor = self.actor if self.actor is not None and self.actor.is_authenticated else None
        return OfferingEvent(
            offering=offering, kind=kind, channel=self.channel, actor=actor, changes=changes
        )


class _Write:
    """One offering to create or update, validated, with its change-log entry's changes."""

    def __init__(
        self, offering: Offering, kind: str, fields: list[str], changes: dict[str, Any], number: int
    ) -> None:
        self.offering, self.kind, self.fields = offering, kind, fields
        self.changes, self.number = changes, number


def _plan(
    city: City,
    existing: dict[tuple[str, str], Offering],
    number: int,
    values: dict[str, Any],
    scope: Scope,
) -> _Write | ImportProblem | str:
    """What to do with one row: a write, a problem, or "unchanged"."""
    offering = existing.get((values["source"], values["external_id"]))
    refusal = scope.refusal(offering, values, number)
    if refusal is not None:
        return refusal
    if offering is None:
        offering = Offering(city=city, source=values["source"], external_id=values["external_id"])
        changes = {
            name: {"new": audit_value(values[name])}
            for name in (*IMPORTED_FIELDS, "languages")
            if name in values
        }
        kind = "created"
    elif offering.city_id != city.pk:
        # (source, external_id) is unique across cities: never move another city's offering.
        return ImportProblem(
            "conflict",
            _(
                "Ein Angebot einer anderen Stadt hat schon diese external_id in der Quelle "
                "„%(source)s“. Bitte eine eigene Quelle angeben."
            )
            % {"source": values["source"]},
            number,
            "external_id",
        )
    else:
        kind = "updated"
    # Languages only when the file has the column (older files leave them alone).
    fields = [name for name in (*IMPORTED_FIELDS, "languages") if name in values]
    if kind == "updated":
        changed = [name for name in fields if getattr(offering, name) != values[name]]
        if not changed:
            return "unchanged"
        changes = field_changes(offering, values, changed)
    for name in fields:
        setattr(offering, name, values[name])
    try:
        # Uniqueness and the check constraints are already ensured by the row checks and the
        # lookup above; the city is the import's and the quarter one of its quarters (the row
        # checks): checking those references again would cost two queries per row.
        offering.full_clean(
            exclude=["city", "quarter"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        column, messages = next(iter(error.message_dict.items()))
        return ImportProblem("invalid_value", "; ".join(messages), number, column)
    return _Write(offering, kind, fields, changes, number)


#: The staging table of one batch: the checked rows, what to do with each, the change log.
_STAGE_COLUMNS = (
    "n", "id", "kind", "city_id", "source", "external_id", "title", "description",
    "provider", "quarter_id", "citywide", "target_groups", "topics", "schedule", "address",
    "contact", "valid_from", "valid_to", "active", "inferred_bits", "activity_bits",
    "languages", "has_languages", "changes",
)  # fmt: skip
_STAGE = """
CREATE TEMP TABLE offering_import_stage (
    n integer, id bigint, kind text, city_id bigint, source text, external_id text,
    title text, description text, provider text, quarter_id bigint, citywide boolean,
    target_groups varchar[], topics varchar[], schedule text, address text, contact text,
    valid_from date, valid_to date, active boolean, inferred_bits integer,
    activity_bits bigint, languages varchar[],
    has_languages boolean, changes jsonb
) ON COMMIT DROP
"""
#: What the set-based write stores: the imported fields and what ``Offering.save()`` would
#: infer from the text (``backend.offerings.inference``), computed in Python per row.
_IMPORTED = (
    "title", "description", "provider", "quarter_id", "citywide", "target_groups", "topics",
    "schedule", "address", "contact", "valid_from", "valid_to", "active", "inferred_bits",
    "activity_bits",
)  # fmt: skip
_INSERT = f"""
WITH written AS (
    INSERT INTO offerings_offering (created_at, updated_at, city_id, source, external_id,
        {", ".join(_IMPORTED)}, languages)
    SELECT now(), now(), city_id, source, external_id, {", ".join(_IMPORTED)},
        CASE WHEN has_languages THEN languages ELSE '{{}}' END
      FROM offering_import_stage WHERE kind = 'created' ORDER BY n
    RETURNING id, source, external_id
)
INSERT INTO offerings_offeringevent (offering_id, kind, channel, actor_id, changes, created_at)
SELECT written.id, 'created', %s, %s, stage.changes, now()
  FROM written JOIN offering_import_stage stage USING (source, external_id)
 ORDER BY stage.n
"""  # noqa: S608 - the column names are the constants above
_UPDATE = f"""
WITH written AS (
    UPDATE offerings_offering AS o
       SET {", ".join(f"{name} = stage.{name}" for name in _IMPORTED)},
           languages = CASE WHEN stage.has_languages THEN stage.languages ELSE o.languages END,
           updated_at = now()
      FROM offering_import_stage AS stage
     WHERE stage.kind = 'updated' AND o.id = stage.id
    RETURNING o.id
)
INSERT INTO offerings_offeringevent (offering_id, kind, channel, actor_id, changes, created_at)
SELECT written.id, 'updated', %s, %s, stage.changes, now()
  FROM written JOIN offering_import_stage stage ON stage.id = written.id
 ORDER BY stage.n
"""  # noqa: S608 - the column names are the constants above


def _write_batch(writes: list[_Write], scope: Scope) -> None:
    """The batch through a staging table: COPY in, then one INSERT … SELECT for the new
    offerings and one UPDATE … FROM for the changed ones, each writing its change-log
    entries in the same statement."""
    if not writes:
        return
    actor = scope.actor.pk if scope.actor is not None and scope.actor.is_authenticated else None
    with connection.cursor() as cursor:
        cursor.execute(_STAGE)
        columns = ", ".join(_STAGE_COLUMNS)
        with cursor.copy(f"COPY offering_import_stage ({columns}) FROM STDIN") as copy:
            for write in writes:
                copy.write_row(_stage_row(write))
        if any(write.kind == "created" for write in writes):
            cursor.execute(_INSERT, [scope.channel, actor])
        if any(write.kind == "updated" for write in writes):
            cursor.execute(_UPDATE, [scope.channel, actor])
        cursor.execute("DROP TABLE offering_import_stage")


def _stage_row(write: _Write) -> tuple[Any, ...]:
    o = write.offering
    inferred = infer(o.title, o.description)
    o.inferred_bits, o.activity_bits = inferred.vocabulary, inferred.activities
    has_languages = "languages" in write.fields
    return (
        write.number, o.pk, write.kind, o.city_id, o.source, o.external_id,
        *(getattr(o, name) for name in _IMPORTED),
        list(o.languages or []) if has_languages else None, has_languages,
        json.dumps(write.changes, cls=DjangoJSONEncoder),
    )  # fmt: skip


def _save_one(write: _Write, scope: Scope) -> str | ImportProblem:
    """One row in its own savepoint (after a batch the database refused)."""
    offering = write.offering
    if write.kind == "created":
        offering.pk = None  # a failed bulk insert may have assigned one
        offering._state.adding = True
    try:
        with transaction.atomic():  # a savepoint: with ``partial`` the other rows stay
            offering.save()
            scope.event(offering, write.kind, write.changes).save()
    except DatabaseError as error:  # anything the row checks missed; never a crash
        return ImportProblem("invalid_value", _("Nicht speicherbar: %s") % error, write.number, "")
    return write.kind
