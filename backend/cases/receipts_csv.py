"""Read a Belegliste from CSV, as spreadsheets export it, into rows ``receipts_import`` stores.

Columns (header row required, in any order): Datum; Empfänger; Grund; Betrag; Kostenposition.
Semicolon or comma separated, UTF-8 (with or without BOM) or Windows-1252 (Excel's German
default). Dates as 31.12.2027 or 2027-12-31, amounts as 1.234,56 or 1234.56, the cost item by
its name in the financing plan or its number (1 = the first line). Every bad row is named with
its line number and what is wrong, in German; nothing is stored unless every row is right.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from backend.cases.models import FinancingPlanLine

#: Rows a Belegliste may have (a small project's receipts fit many times over).
MAX_ROWS = 500
MAX_BYTES = 1_000_000

COLUMNS = {
    "datum": "paid_on",
    "empfänger": "payee",
    "empfaenger": "payee",
    "grund": "reason",
    "betrag": "amount",
    "kostenposition": "line",
}
REQUIRED = ("paid_on", "payee", "reason", "amount", "line")
HEADER_TEXT = "Datum;Empfänger;Grund;Betrag;Kostenposition"


@dataclass(frozen=True)
class ReceiptRow:
    paid_on: dt.date
    payee: str
    reason: str
    amount: Decimal
    line: FinancingPlanLine


class CsvRejected(Exception):
    """The file cannot be read, or rows are wrong: ``errors`` says which and why (German)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def _text(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise CsvRejected([_("Die Datei ist zu groß (höchstens 1 MB).")])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvRejected([_("Die Datei ist keine lesbare Textdatei (CSV).")])  # pragma: no cover


def parse_date(value: str) -> dt.date | None:
    value = value.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return dt.datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a day, no time)
        except ValueError:
            continue
    return None


def parse_amount(value: str) -> Decimal | None:
    value = value.strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d{1,2})?|-?\d+(,\d{1,2})?", value):
        value = value.replace(".", "").replace(",", ".")
    elif not re.fullmatch(r"-?\d+(\.\d{1,2})?", value):
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:  # pragma: no cover (the patterns admit only numbers)
        return None
    return amount.quantize(Decimal("0.01"))


def _line(value: str, lines: list[FinancingPlanLine]) -> FinancingPlanLine | None:
    value = value.strip()
    if value.isdigit() and 1 <= int(value) <= len(lines):
        return lines[int(value) - 1]
    matches = [line for line in lines if line.label.strip().casefold() == value.casefold()]
    return matches[0] if len(matches) == 1 else None


def _columns(header: list[str]) -> dict[str, int]:
    found = {
        COLUMNS[name.strip().casefold()]: i
        for i, name in enumerate(header)
        if name.strip().casefold() in COLUMNS
    }
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        raise CsvRejected(
            [
                _("Die erste Zeile muss die Spalten nennen: %(header)s (es fehlt etwas).")
                % {"header": HEADER_TEXT}
            ]
        )
    return found


def _row(
    number: int, cells: list[str], columns: dict[str, int], lines: list[FinancingPlanLine]
) -> tuple[ReceiptRow | None, list[str]]:
    def cell(name: str) -> str:
        index = columns[name]
        return cells[index].strip() if index < len(cells) else ""

    errors: list[str] = []
    prefix = _("Zeile %(number)s") % {"number": number}
    paid_on = parse_date(cell("paid_on"))
    if paid_on is None:
        errors.append(
            _("%(row)s: „%(value)s“ ist kein Datum (z. B. 31.03.2027).")
            % {"row": prefix, "value": cell("paid_on")}
        )
    amount = parse_amount(cell("amount"))
    if amount is None or amount <= 0:
        errors.append(
            _("%(row)s: „%(value)s“ ist kein Betrag über 0 (z. B. 1.234,56).")
            % {"row": prefix, "value": cell("amount")}
        )
    for name, label, limit in (("payee", _("Empfänger"), 200), ("reason", _("Grund"), 300)):
        if not cell(name):
            errors.append(_("%(row)s: „%(column)s“ fehlt.") % {"row": prefix, "column": label})
        elif len(cell(name)) > limit:
            errors.append(
                _("%(row)s: „%(column)s“ ist länger als %(limit)s Zeichen.")
                % {"row": prefix, "column": label, "limit": limit}
            )
    line = _line(cell("line"), lines)
    if line is None:
        errors.append(
            _("%(row)s: Die Kostenposition „%(value)s“ gibt es im Finanzierungsplan nicht.")
            % {"row": prefix, "value": cell("line")}
        )
    if errors or paid_on is None or amount is None or line is None:
        return None, errors
    return ReceiptRow(paid_on, cell("payee"), cell("reason"), amount, line), []


def receipts_parse(
    content: bytes,
    lines: list[FinancingPlanLine],
    check: Callable[[ReceiptRow, str], list[str]] | None = None,
) -> list[ReceiptRow]:
    """The rows of a Belegliste CSV; ``CsvRejected`` with every problem found (also those
    ``check`` finds in a readable row, e.g. a date outside the funding period)."""
    text = _text(content)
    if not text.strip():
        raise CsvRejected([_("Die Datei ist leer.")])
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(row)]
    columns = _columns(rows[0])
    if len(rows) - 1 > MAX_ROWS:
        raise CsvRejected([_("Höchstens %(max)s Belege je Datei.") % {"max": MAX_ROWS}])
    result: list[ReceiptRow] = []
    errors: list[str] = []
    for number, cells in enumerate(rows[1:], start=2):
        row, row_errors = _row(number, cells, columns, lines)
        if row is not None and check is not None:
            row_errors = check(row, _("Zeile %(number)s") % {"number": number})
        errors.extend(row_errors)
        if row is not None:
            result.append(row)
    if errors:
        raise CsvRejected(errors)
    if not result:
        raise CsvRejected([_("Die Datei enthält keine Belege.")])
    return result
