"""A file of rows in, a list of rows (column -> text) out: CSV (UTF-8 with or without BOM,
``;`` or ``,`` sniffed), XLSX (the first sheet, a header row) or JSON (a list of objects).
No Django: the command line and the staff page read the same way."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any


class UnreadableFile(Exception):
    """The file as a whole cannot be read: not the format it claims, or no rows."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Table:
    """The rows of a file, numbered as a person sees them: in a CSV or XLSX the header is row
    1, so the first data row is row 2; in JSON the first object is row 1."""

    format: str  # "csv", "xlsx" or "json"
    rows: list[tuple[int, Any]]


def file_format(name: str, data: bytes) -> str:
    lowered = name.lower()
    if lowered.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return "xlsx"
    if lowered.endswith(".json") or data.lstrip()[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def _header(cells: list[Any]) -> list[str]:
    names = [str(cell).strip().lower() if cell is not None else "" for cell in cells]
    if not any(names):
        raise UnreadableFile("the file has no header row with column names")
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise UnreadableFile(f"the column {name!r} appears twice in the header row")
        seen.add(name)
    return names


def read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"the file is not UTF-8 text (byte {exc.start + 1}); save it as CSV UTF-8"
        ) from None
    first_line = text.split("\n", 1)[0]
    # The header says which separator: Dutch spreadsheets write ';', others ','.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = _header(next(reader))
    except StopIteration:
        raise UnreadableFile("the file is empty") from None
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = {name: cells[i].strip() if i < len(cells) else "" for i, name in enumerate(header)}
        row.pop("", None)
        rows.append((number, row))
    return Table("csv", rows)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date) and hasattr(value, "hour"):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is no workbook
        raise UnreadableFile("the file is not an Excel workbook (.xlsx)") from None
    try:
        sheet = book.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        try:
            header = _header(list(next(values)))
        except StopIteration:
            raise UnreadableFile("the first sheet is empty") from None
        rows = []
        for number, cells in enumerate(values, start=2):
            texts = [_cell_text(cell) for cell in cells]
            if not any(texts):
                continue
            row = {name: texts[i] if i < len(texts) else "" for i, name in enumerate(header)}
            row.pop("", None)
            rows.append((number, row))
    finally:
        book.close()
    return Table("xlsx", rows)


def read_json(data: bytes) -> Table:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise UnreadableFile(f"the file is not valid JSON ({exc})") from None
    if isinstance(document, dict):
        document = [document]
    if not isinstance(document, list):
        raise UnreadableFile("the JSON file holds no list of records")
    return Table("json", list(enumerate(document, start=1)))


def read_table(name: str, data: bytes) -> Table:
    kind = file_format(name, data)
    table = {"csv": read_csv, "xlsx": read_xlsx, "json": read_json}[kind](data)
    if not table.rows:
        raise UnreadableFile("the file holds no rows to import")
    return table
