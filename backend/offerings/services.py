"""Write side of offerings: the catalogue import (idempotent upsert by source + external id)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.areas.models import Area, AreaKind, City
from backend.common.auditing import audit_value, field_changes
from backend.offerings import lexeme_stats
from backend.offerings.imports import (
    FileFormat,
    FileProblem,
    ImportProblem,
    ImportReport,
    RowChecker,
    number_rows,
    parse_content,
)
from backend.offerings.models import Offering, OfferingChannel, OfferingEvent

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
Progress = Callable[[int, int], None]
SOURCE_MAX_LENGTH = Offering._meta.get_field("source").max_length or 50


def offering_import(
    *,
    city: City,
    rows: Iterable[Mapping[str, Any]] | None = None,
    content: bytes | None = None,
    file_format: FileFormat = "csv",
    source: str = "import",
    partial: bool = False,
    progress: Progress | None = None,
    actor: User | None = None,
    channel: str = OfferingChannel.COMMAND,
    districts: frozenset[int] | None = None,
) -> ImportReport:
    """Import offerings from ``content`` (a CSV/JSON file) or ``rows`` (decoded objects).

    All-or-nothing unless ``partial``: one bad row stores nothing. Every bad row is reported
    either way. Re-importing the same data changes nothing (rows count as ``unchanged``).
    With ``districts`` (a district coordinator's), a row may only create or change offerings
    in those districts, not citywide ones. Every created or changed offering gets an
    ``OfferingEvent`` with ``actor``, ``channel`` and the old and new values.
    """
    report = ImportReport()
    if (rows is None) == (content is None):
        raise ValueError("pass exactly one of rows or content")
    if not source.strip() or len(source) > SOURCE_MAX_LENGTH or "\x00" in source:
        # Once for the whole import, not once per row.
        report.problems.append(
            ImportProblem(
                "invalid_value",
                _("Die Quelle muss 1 bis %(max)s Zeichen lang sein.") % {"max": SOURCE_MAX_LENGTH},
                None,
                "source",
            )
        )
        return report
    try:
        numbered = number_rows(rows) if rows is not None else parse_content(content, file_format)  # type: ignore[arg-type]
    except FileProblem as error:
        report.problems.append(error.problem)
        return report
    report.rows = len(numbered)
    cleaned = _check_rows(city=city, numbered=numbered, source=source, report=report)
    if report.problems and not partial:
        return report
    with transaction.atomic():
        scope = _Scope(city=city, districts=districts, actor=actor, channel=channel)
        _upsert(city=city, cleaned=cleaned, report=report, progress=progress, scope=scope)
        if report.problems and not partial:
            # A row only the model validation caught: undo the rows written before it.
            transaction.set_rollback(True)
            report.created = report.updated = report.unchanged = 0
            return report
    # Something is stored when a row was written or already there; with ``partial`` and
    # every row bad, nothing is.
    report.stored = bool(report.created or report.updated or report.unchanged) or not (
        report.problems
    )
    if report.created + report.updated >= ANALYZE_AFTER_ROWS:
        offering_statistics_refresh()
    return report


#: An import that writes this many rows refreshes the planner's statistics at once.
ANALYZE_AFTER_ROWS = 1000


def offering_statistics_refresh() -> None:
    """ANALYZE the offerings, and forget the cached word statistics the overlap check reads
    (``lexeme_stats``): after a large import both describe the old catalogue until
    autovacuum comes by, and the check would choose its lookup words on stale figures.

    Only the table's owner may ANALYZE: as the runtime role of a two-role installation
    PostgreSQL skips it with a warning (autovacuum still analyzes later).
    """
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Offering._meta.db_table}")
    lexeme_stats.clear_cache()


def _check_rows(
    *, city: City, numbered: list[tuple[int, Any]], source: str, report: ImportReport
) -> list[tuple[int, dict[str, Any]]]:
    quarters = {
        name.casefold(): pk
        for pk, name in Area.objects.filter(city=city, kind=AreaKind.QUARTER).values_list(
            "pk", "name"
        )
    }
    checker = RowChecker(quarters=quarters, default_source=source)
    cleaned: list[tuple[int, dict[str, Any]]] = []
    seen: dict[tuple[str, str], int] = {}
    for number, raw in numbered:
        values, problems = checker.clean(number, raw)
        if values is not None:
            key = (values["source"], values["external_id"])
            if key in seen:
                message = _("external_id „%(id)s“ kommt schon in Zeile %(row)s vor.") % {
                    "id": key[1],
                    "row": seen[key],
                }
                problems.append(
                    ImportProblem("duplicate_external_id", message, number, "external_id")
                )
                values = None
            else:
                seen[key] = number
        report.problems.extend(problems)
        if values is not None:
            cleaned.append((number, values))
    return cleaned


def _upsert(
    *,
    city: City,
    cleaned: list[tuple[int, dict[str, Any]]],
    report: ImportReport,
    progress: Progress | None,
    scope: _Scope,
) -> None:
    existing = _existing(city=city, keys={(v["source"], v["external_id"]) for _, v in cleaned})
    for done, (number, values) in enumerate(cleaned, start=1):
        offering = existing.get((values["source"], values["external_id"]))
        outcome = scope.refusal(offering, values, number) or _save_one(
            city=city, offering=offering, values=values, number=number, scope=scope
        )
        if isinstance(outcome, ImportProblem):
            report.problems.append(outcome)
        else:
            setattr(report, outcome, getattr(report, outcome) + 1)
        if progress is not None:
            progress(done, len(cleaned))


def _existing(*, city: City, keys: set[tuple[str, str]]) -> dict[tuple[str, str], Offering]:
    sources = {source for source, _ in keys}
    found = Offering.objects.filter(
        source__in=sources, external_id__in={key for _, key in keys}
    ).select_for_update()
    return {(o.source, o.external_id): o for o in found if (o.source, o.external_id) in keys}


class _Scope:
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
        if all(q is not None and self.district_of.get(q) in self.districts for q in quarters):
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

    def record(self, offering: Offering, kind: str, changes: dict[str, Any]) -> None:
        offering_change_record(
            offering=offering, kind=kind, channel=self.channel, actor=self.actor, changes=changes
        )


def offering_change_record(
    *,
    offering: Offering,
    kind: str,
    channel: str,
    actor: User | None,
    changes: dict[str, Any],
) -> OfferingEvent:
    """Append one entry to the offerings' change log (append-only in the database)."""
    return OfferingEvent.objects.create(
        offering=offering,
        kind=kind,
        channel=channel,
        actor=actor if actor is not None and actor.is_authenticated else None,
        changes=changes,
    )


def _save_one(
    *,
    city: City,
    offering: Offering | None,
    values: dict[str, Any],
    number: int,
    scope: _Scope,
) -> str | ImportProblem:
    """Create or update one offering; returns the outcome or the problem full_clean found."""
    if offering is None:
        offering = Offering(city=city, source=values["source"], external_id=values["external_id"])
        changes = {
            name: {"new": audit_value(values[name])}
            for name in (*IMPORTED_FIELDS, "languages")
            if name in values
        }
        outcome = "created"
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
        outcome = "updated"
    # Languages only when the file has the column (older files leave them alone).
    fields = [name for name in (*IMPORTED_FIELDS, "languages") if name in values]
    if outcome == "updated":
        changed = [name for name in fields if getattr(offering, name) != values[name]]
        if not changed:
            return "unchanged"
        changes = field_changes(offering, values, changed)
    for name in fields:
        setattr(offering, name, values[name])
    try:
        # Uniqueness and the check constraints are already ensured by the row checks and the
        # lookup above; validating them again here would cost three queries per row.
        offering.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        column, messages = next(iter(error.message_dict.items()))
        return ImportProblem("invalid_value", "; ".join(messages), number, column)
    try:
        with transaction.atomic():  # a savepoint: with ``partial`` the other rows stay
            offering.save()
            scope.record(offering, outcome, changes)
    except DatabaseError as error:  # anything the row checks missed; never a crash
        return ImportProblem("invalid_value", _("Nicht speicherbar: %s") % error, number, "")
    return outcome
