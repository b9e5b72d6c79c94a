"""Writing tables as CSV, XLSX and JSON, streamed in chunks, with spreadsheet formulas neutralised.

Notes:
A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by spreadsheet programs (CSV injection; Kimai's CVE-2023-46245 was one). Such text gets a
leading apostrophe, OWASP's advice, in CSV and XLSX alike; numbers stay numbers. XLSX is written
by xlsxwriter in constant-memory mode (each row is flushed to a temporary file as it is written),
then read back in chunks, so memory stays flat however many rows there are.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import orjson
import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 64 * 1024
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "pdf": "application/pdf",
}


def safe_cell(value: Any) -> Any:
    """A value ready for a spreadsheet: text that would run as a formula is quoted with ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """CSV (UTF-8 with a BOM, which spreadsheet programs need to read UTF-8), in ~64 KiB chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def xlsx_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Any]], sheet: str = "Sheet1"
) -> Iterator[bytes]:
    """An XLSX workbook with one sheet, built in constant memory and streamed from a temporary file."""
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False})
        bold = book.add_format({"bold": True})
        ws = book.add_worksheet(sheet[:31])
        ws.write_row(0, 0, [safe_cell(h) for h in header], bold)
        for n, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    ws.write_string(n, col, safe_cell(value))
                elif isinstance(value, bool):
                    ws.write_boolean(n, col, value)
                else:
                    ws.write_number(n, col, value)
        book.close()
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                yield chunk
    finally:
        os.unlink(path)


def json_chunks(key: str, items: Iterable[Any], head: dict[str, Any] | None = None) -> Iterator[bytes]:
    """``{...head, key: [items]}`` written item by item."""
    opening = orjson.dumps(head or {})[:-1]
    yield opening + (b"," if head else b"") + orjson.dumps(key) + b":["
    buffer = bytearray()
    first = True
    for item in items:
        if not first:
            buffer += b","
        buffer += orjson.dumps(item, option=orjson.OPT_NON_STR_KEYS)
        first = False
        if len(buffer) >= CHUNK:
            yield bytes(buffer)
            buffer.clear()
    yield bytes(buffer) + b"]}"


def table_chunks(fmt: str, key: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The same rows as CSV, XLSX, or JSON objects keyed by the header."""
    if fmt == "csv":
        return csv_chunks(header, rows)
    if fmt == "xlsx":
        return xlsx_chunks(header, rows, key)
    return json_chunks(key, (dict(zip(header, row, strict=True)) for row in rows))
