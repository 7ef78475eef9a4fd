"""Writing tables as CSV and XLSX, a row at a time, for files of any length (ADR 0010).

- CSV for people (``csv_stream``): semicolon-separated, UTF-8 with BOM, decimal comma and
  German dates, as Excel and LibreOffice with German settings open it without an import dialog.
- CSV for systems (``machine_csv_stream``): comma-separated, UTF-8, ISO dates, decimal point.
- XLSX (``xlsx_stream``): XlsxWriter in ``constant_memory`` mode, which writes each row to a
  temporary file as it comes (inline strings, no shared-string table growing with the rows);
  the finished file is sent in chunks.

Every text cell is neutralised against formula injection (``neutralise``): a spreadsheet
evaluates a cell that starts with = + - @ (or a tab or carriage return before them), so such a
cell gets a leading apostrophe and stays text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils import timezone

#: The characters a spreadsheet reads as the start of a formula (or of a DDE call).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Rows written per chunk of a streamed CSV: large enough to keep the overhead small.
CSV_ROWS_PER_CHUNK = 500
#: Bytes per chunk of a streamed XLSX file.
FILE_CHUNK = 64 * 1024
#: The longest text an XLSX cell holds.
XLSX_MAX_TEXT = 32_767
BOM = "\ufeff"


def neutralise(text: str) -> str:
    """``text`` made safe for a spreadsheet cell: an apostrophe before a formula start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def german_number(value: Decimal | int | float) -> str:
    """1234.5 → ``1234,50`` (money: two places), 7 → ``7``; no thousands separator, so the
    value stays one number whatever the spreadsheet's settings."""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value).replace(".", ",")


def german_cell(value: Any) -> str:
    """One value as text for the people's CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, Decimal | int | float):
        return german_number(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return neutralise(str(value))


def machine_cell(value: Any) -> str:
    """One value as text for the systems' CSV (ISO dates, decimal point, lists by ``|``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return neutralise("|".join(str(item) for item in value))
    if isinstance(value, Decimal | int | float):
        return str(value)
    return neutralise(str(value))


def _csv_chunks(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    cell: Any,
    delimiter: str,
    bom: str,
    lead: Sequence[Sequence[str]] = (),
) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    buffer.write(bom)
    for line in lead:
        writer.writerow([neutralise(text) for text in line])
    writer.writerow([neutralise(str(name)) for name in header])
    for number, row in enumerate(rows, start=1):
        writer.writerow([cell(value) for value in row])
        if number % CSV_ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def csv_stream(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The people's CSV (semicolon, BOM, German numbers and dates), in chunks."""
    return _csv_chunks(header, rows, cell=german_cell, delimiter=";", bom=BOM)


def machine_csv_stream(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The systems' CSV (comma, no BOM, ISO dates, decimal point), in chunks."""
    return _csv_chunks(header, rows, cell=machine_cell, delimiter=",", bom="")


@dataclass(frozen=True)
class Sheet:
    """One table of an XLSX file (or of a CSV file, one after the other)."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]


class _XlsxWriter:
    """Writes rows into a constant-memory workbook, with number and date formats."""

    def __init__(self, target: Any) -> None:
        self.book = xlsxwriter.Workbook(
            target,
            {
                "constant_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "remove_timezone": True,
            },
        )
        self.bold = self.book.add_format({"bold": True})
        self.money = self.book.add_format({"num_format": "#,##0.00"})
        self.day = self.book.add_format({"num_format": "dd.mm.yyyy"})
        self.moment = self.book.add_format({"num_format": "dd.mm.yyyy hh:mm"})

    def sheet(self, sheet: Sheet) -> None:
        worksheet = self.book.add_worksheet(_sheet_title(sheet.title))
        for column, name in enumerate(sheet.header):
            worksheet.write_string(0, column, neutralise(str(name)), self.bold)
        worksheet.freeze_panes(1, 0)
        for row_number, row in enumerate(sheet.rows, start=1):
            for column, value in enumerate(row):
                self.cell(worksheet, row_number, column, value)

    def cell(self, worksheet: Any, row: int, column: int, value: Any) -> None:
        if value is None or value == "":
            return
        if isinstance(value, bool):
            worksheet.write_string(row, column, "ja" if value else "nein")
        elif isinstance(value, Decimal):
            worksheet.write_number(row, column, float(value), self.money)
        elif isinstance(value, int | float):
            worksheet.write_number(row, column, value)
        elif isinstance(value, dt.datetime):
            moment = timezone.localtime(value).replace(tzinfo=None)
            worksheet.write_datetime(row, column, moment, self.moment)
        elif isinstance(value, dt.date):
            worksheet.write_datetime(row, column, value, self.day)
        else:
            worksheet.write_string(row, column, neutralise(str(value))[:XLSX_MAX_TEXT])


def _sheet_title(title: str) -> str:
    """Excel's rules for sheet names: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip("'")
    return cleaned[:31] or "Tabelle"


def sheets_csv_stream(sheets: Iterable[Sheet]) -> Iterator[bytes]:
    """Several tables in one people's CSV: each under a line with its title, a blank line
    between them."""
    yield BOM.encode("utf-8")
    for number, sheet in enumerate(sheets):
        lead = [[], [sheet.title]] if number else [[sheet.title]]
        chunks = _csv_chunks(
            sheet.header, sheet.rows, cell=german_cell, delimiter=";", bom="", lead=lead
        )
        yield from chunks


def xlsx_stream(sheets: Iterable[Sheet]) -> Iterator[bytes]:
    """An XLSX file of ``sheets``, in chunks: rows go to temporary files as they come, so
    memory stays flat however many rows there are; the temporary files are removed after."""
    with tempfile.TemporaryFile() as target:
        writer = _XlsxWriter(target)
        for sheet in sheets:
            writer.sheet(sheet)
        writer.book.close()
        target.seek(0)
        while chunk := target.read(FILE_CHUNK):
            yield chunk
