"""Tables as CSV: UTF-8 with a byte order mark (so that Excel reads the diacritics), produced
a row at a time.

One table: its header row, then its rows. Several tables: each headed by its title on a row of
its own, then its header row and rows, with an empty row between tables. Numbers are written
plainly (``601``, ``0.3333``); an empty cell is an empty field; text a spreadsheet would take
for a formula is quoted (:mod:`~services.reporting.exports.cell_text`). A table laid out as a
printed form adds its lines above the heading row (each part at its first column), its
column-numbering row under it and its lines below the rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from services.reporting.exports.cell_text import csv_safe
from services.reporting.exports.table import Cell, Line, Table

BOM = "\ufeff"
MEDIA_TYPE = "text/csv; charset=utf-8"


def csv_chunks(tables: Sequence[Table], rows_per_chunk: int = 500) -> Iterator[bytes]:
    """The CSV of ``tables`` in chunks of ``rows_per_chunk`` rows, the first with the BOM."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    for count, row in enumerate(_lines(tables), start=1):
        writer.writerow([csv_safe(value) for value in row])
        if count % rows_per_chunk == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _lines(tables: Sequence[Table]) -> Iterator[Sequence[Cell]]:
    headed = len(tables) > 1
    for index, table in enumerate(tables):
        if headed:
            if index:
                yield []
            yield [table.title]
        yield from (_line(line, len(table.columns)) for line in table.above)
        yield [column.heading for column in table.columns]
        if table.numbering:
            yield table.numbering
        yield from table.rows
        yield from (_line(line, len(table.columns)) for line in table.below)


def _line(line: Line, width: int) -> list[Cell]:
    """The parts of ``line`` each at its first column (a part of 0 columns ends the line)."""
    cells: list[Cell] = []
    for part in line:
        cells.append(part.text)
        cells += [""] * (max(part.columns, 1) - 1 if part.columns else 0)
    return cells[: max(width, 1)] if any(cells) else []


def _drain(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")
