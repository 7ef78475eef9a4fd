"""Reading and checking offering files (CSV or JSON) before anything is stored.

The format is documented in ``docs/overlap.md``. Everything here is pure: it turns bytes or
decoded rows into cleaned values and a list of problems, so the service that writes
(``offering_import``) and any future API endpoint report errors the same way.

Row numbers follow what a person sees: in a CSV file the header is row 1 and the first
offering row 2 (as in a spreadsheet); in JSON and in a list of rows, the first object is 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from django.utils.translation import gettext as _

from backend.common.vocabularies import Language, TargetGroup, Topic

FileFormat = Literal["csv", "json"]

REQUIRED_COLUMNS = (
    "external_id",
    "title",
    "description",
    "provider",
    "quarter",
    "target_groups",
    "topics",
    "citywide",
)
OPTIONAL_COLUMNS = (
    "schedule",
    "address",
    "contact",
    "valid_from",
    "valid_to",
    "active",
    "source",
    "languages",
)
ALL_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
MAX_LENGTHS = {
    "external_id": 100,
    "title": 200,
    "provider": 200,
    "schedule": 200,
    "address": 200,
    "contact": 200,
    "source": 50,
    "quarter": 100,
}
_YES = {"yes", "ja", "true", "1", "y", "j"}
_NO = {"no", "nein", "false", "0", "n", ""}


@dataclass(frozen=True)
class ImportProblem:
    """One reason a row (or the whole file, ``row=None``) cannot be imported."""

    code: str  # stable machine code, e.g. "unknown_quarter"
    message: str  # German, for people
    row: int | None = None
    column: str | None = None


@dataclass
class ImportReport:
    """What an import did; ``as_dict()`` is ready for JSON (API response, ``--json``)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    #: True when the good rows were written; False when nothing was stored.
    stored: bool = False

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.problems if p.row is not None})

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "stored": self.stored,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "bad_rows": self.bad_rows,
            "problems": [asdict(p) for p in self.problems],
        }


class FileProblem(Exception):
    """The file as a whole is unreadable; nothing in it can be imported."""

    def __init__(self, problem: ImportProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def guess_format(name: str) -> FileFormat | None:
    lowered = name.lower()
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith(".json"):
        return "json"
    return None


def parse_content(content: bytes, file_format: FileFormat) -> list[tuple[int, Mapping[str, Any]]]:
    """Decode a whole file into numbered raw rows; raises ``FileProblem`` if unreadable."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem(
            ImportProblem(
                "not_utf8",
                _("Die Datei ist nicht UTF-8-kodiert (Byte %(pos)s). Bitte als UTF-8 speichern.")
                % {"pos": error.start},
            )
        ) from None
    if not text.strip():
        raise FileProblem(ImportProblem("empty_file", _("Die Datei ist leer.")))
    if file_format == "csv":
        return _parse_csv(text)
    return _parse_json(text)


def _parse_csv(text: str) -> list[tuple[int, Mapping[str, Any]]]:
    # Spreadsheets with German settings save CSV with semicolons; the header tells which.
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ";" if "," not in first_line and ";" in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
        records = list(reader)
    except csv.Error as error:
        raise FileProblem(
            ImportProblem("malformed_csv", _("Die CSV-Datei ist fehlerhaft: %s") % error)
        ) from None
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [name for name in header if name not in ALL_COLUMNS]
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if missing or unknown or duplicated:
        details = []
        if missing:
            details.append(_("fehlend: %s") % ", ".join(missing))
        if unknown:
            details.append(_("unbekannt: %s") % ", ".join(unknown))
        if duplicated:
            details.append(_("doppelt: %s") % ", ".join(duplicated))
        raise FileProblem(
            ImportProblem(
                "bad_header",
                _("Die Kopfzeile passt nicht (%(details)s). Erwartet: %(expected)s")
                % {"details": "; ".join(details), "expected": ",".join(REQUIRED_COLUMNS)},
            )
        )
    rows: list[tuple[int, Mapping[str, Any]]] = []
    for number, record in enumerate(records, start=2):
        if not any(cell.strip() for cell in record):
            continue  # blank line, e.g. at the end of a file saved by a spreadsheet
        if len(record) != len(header):
            rows.append((number, {"__width__": len(record), "__expected__": len(header)}))
            continue
        rows.append((number, dict(zip(header, record, strict=True))))
    if not rows:
        raise FileProblem(ImportProblem("empty_file", _("Die Datei enthält keine Angebote.")))
    return rows


def _parse_json(text: str) -> list[tuple[int, Mapping[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileProblem(
            ImportProblem(
                "malformed_json",
                _("Die JSON-Datei ist fehlerhaft (Zeile %(line)s, Spalte %(col)s): %(msg)s")
                % {"line": error.lineno, "col": error.colno, "msg": error.msg},
            )
        ) from None
    except (RecursionError, ValueError):
        # Nested too deep, or a number of thousands of digits (Python's int limit).
        raise FileProblem(
            ImportProblem(
                "malformed_json",
                _("Die JSON-Datei ist zu tief verschachtelt oder enthält eine zu lange Zahl."),
            )
        ) from None
    if not isinstance(data, list):
        raise FileProblem(
            ImportProblem("malformed_json", _("Erwartet wird eine JSON-Liste von Objekten."))
        )
    if not data:
        raise FileProblem(ImportProblem("empty_file", _("Die Datei enthält keine Angebote.")))
    return list(enumerate(data, start=1))


def number_rows(rows: Iterable[Any]) -> list[tuple[int, Any]]:
    return list(enumerate(rows, start=1))


@dataclass
class RowChecker:
    """Cleans one raw row into model values, collecting every problem it finds."""

    quarters: Mapping[str, int]  # quarter name (case-folded) -> Area id, of one city
    default_source: str

    def clean(self, number: int, raw: Any) -> tuple[dict[str, Any] | None, list[ImportProblem]]:
        if not isinstance(raw, Mapping):
            return None, [ImportProblem("invalid_row", _("Kein Objekt."), number)]
        if "__width__" in raw:
            message = _("Die Zeile hat %(got)s statt %(expected)s Spalten.") % {
                "got": raw["__width__"],
                "expected": raw["__expected__"],
            }
            return None, [ImportProblem("wrong_column_count", message, number)]
        problems: list[ImportProblem] = []
        for key in raw:
            if key not in ALL_COLUMNS:
                problems.append(
                    ImportProblem("unknown_column", _("Unbekanntes Feld."), number, str(key))
                )
        values = self._values(number, raw, problems)
        return (None if problems else values), problems

    def _values(
        self, number: int, raw: Mapping[str, Any], problems: list[ImportProblem]
    ) -> dict[str, Any]:
        def problem(code: str, column: str, message: str) -> None:
            problems.append(ImportProblem(code, message, number, column))

        text = {name: self._text(raw.get(name), name, problem) for name in ALL_COLUMNS}
        for name in ("external_id", "title"):
            if not text[name]:
                problem("missing_value", name, _("Pflichtfeld fehlt."))
        citywide = self._flag(raw.get("citywide"), "citywide", False, problem)
        quarter_id = None
        if text["quarter"]:
            quarter_id = self.quarters.get(text["quarter"].casefold())
            if quarter_id is None:
                problem(
                    "unknown_quarter",
                    "quarter",
                    _("Unbekannter Stadtteil „%s“.") % text["quarter"],
                )
            # A city-wide offering may name where it is (its location is shown); it
            # still counts for every district.
        elif citywide is False:
            problem("missing_value", "quarter", _("Stadtteil fehlt (oder citywide=yes)."))
        valid_from = self._date(text["valid_from"], "valid_from", problem)
        valid_to = self._date(text["valid_to"], "valid_to", problem)
        if valid_from and valid_to and valid_to < valid_from:
            problem("invalid_value", "valid_to", _("Das Ende liegt vor dem Beginn."))
        row = {
            "external_id": text["external_id"],
            "source": text["source"] or self.default_source,
            "title": text["title"],
            "description": text["description"],
            "provider": text["provider"],
            "quarter_id": quarter_id,
            "citywide": bool(citywide),
            "target_groups": self._slugs(raw.get("target_groups"), "target_groups", problem),
            "topics": self._slugs(raw.get("topics"), "topics", problem),
            "schedule": text["schedule"],
            "address": text["address"],
            "contact": text["contact"],
            "valid_from": valid_from,
            "valid_to": valid_to,
            "active": self._flag(raw.get("active"), "active", True, problem),
        }
        if "languages" in raw:  # a file without the column leaves the languages alone
            row["languages"] = self._slugs(raw.get("languages"), "languages", problem)
        return row

    @staticmethod
    def _text(value: Any, name: str, problem: Any) -> str:
        if value is None or name in ("target_groups", "topics", "languages", "citywide", "active"):
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            problem("invalid_value", name, _("Text erwartet."))
            return ""
        cleaned = str(value).strip()
        # The row is refused either way; the value is kept so no "missing" follows.
        if "\x00" in cleaned:
            problem("invalid_value", name, _("Nullzeichen sind nicht erlaubt."))
            return cleaned
        try:
            cleaned.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate, e.g. "\ud800" in a JSON file
            problem("invalid_value", name, _("Der Text enthält ungültige Zeichen."))
            return cleaned
        limit = MAX_LENGTHS.get(name)
        if limit and len(cleaned) > limit:
            problem("too_long", name, _("Höchstens %s Zeichen.") % limit)
        return cleaned

    @staticmethod
    def _flag(value: Any, name: str, default: bool, problem: Any) -> bool:
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        lowered = str(value).strip().lower()
        if lowered == "" and name == "active":
            return default
        if lowered in _YES:
            return True
        if lowered in _NO:
            return False
        problem("invalid_value", name, _("„yes“ oder „no“ erwartet, nicht „%s“.") % value)
        return default

    @staticmethod
    def _date(value: str, name: str, problem: Any) -> dt.date | None:
        if not value:
            return None
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):  # not "20260101", "2026-W10-1"
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            problem("invalid_value", name, _("Datum als JJJJ-MM-TT erwartet, nicht „%s“.") % value)
            return None

    @staticmethod
    def _slugs(value: Any, name: str, problem: Any) -> list[str]:
        vocabulary = {"target_groups": TargetGroup, "languages": Language}.get(name, Topic)
        if value is None:
            return []
        if isinstance(value, str):
            items = [item.strip() for item in value.split(";")]
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            items = [item.strip() for item in value]
        else:
            problem("invalid_value", name, _("Liste von Schlüsseln erwartet."))
            return []
        slugs = list(dict.fromkeys(item.lower() for item in items if item))
        unknown = [slug for slug in slugs if slug not in vocabulary.values]
        if unknown:
            problem(
                "unknown_slug",
                name,
                _("Unbekannte Schlüssel: %(slugs)s (erlaubt: %(allowed)s)")
                % {"slugs": ", ".join(unknown), "allowed": ", ".join(vocabulary.values)},
            )
        return slugs
