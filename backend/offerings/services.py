"""Write side of offerings: the catalogue import (idempotent upsert by source + external id)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.areas.models import Area, AreaKind, City
from backend.offerings import lexeme_stats
from backend.offerings.import_writer import Progress, Scope, upsert_rows
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
        scope = Scope(city=city, districts=districts, actor=actor, channel=channel)
        upsert_rows(city=city, cleaned=cleaned, report=report, progress=progress, scope=scope)
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
