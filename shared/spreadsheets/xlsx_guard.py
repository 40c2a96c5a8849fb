"""Checking an XLSX package before openpyxl parses any of it.

openpyxl's read-only mode streams a sheet row by row, but not everything is streamed: it
reads the shared strings, the styles and the workbook parts whole when it opens the file;
it parses a whole row (every cell element in it) before handing the row over; and it
parses every sheet lacking a ``<dimension>`` through once when the file is opened, each
sheet of the workbook. A file of a few hundred kilobytes could thus make it build millions
of objects before the reader's own limits (:mod:`.reading`) see a single row.

So, before openpyxl opens the file:

1. the sizes the archive declares: at most :attr:`SheetLimits.unpacked_bytes` unpacked in
   all (:mod:`zipfile` never reads past a part's declared size: a part lying about it fails
   its CRC check), only stored or deflated parts, at most 1,000 parts;
2. one streaming pass over each part (expat, constant memory) that stops at the first limit
   exceeded: a worksheet's rows (by row number) and cells; the shared strings' count; and,
   in every part, the number of XML elements openpyxl would hold at once — those of one
   row or one shared string, and those it keeps whole (styles, merged cells, anything that
   is not a row). A part that is not XML (an image) is left alone, as is a part openpyxl
   does not read (:data:`UNREAD_ROOTS`), and the rest of a part that is not well-formed
   (openpyxl refuses it, if it reads it at all). A document type declaration (and so any
   entity) is refused, as openpyxl (defusedxml) refuses it.

The sheet limits apply to every worksheet of the file, not only the first one the import
reads: opening the workbook, openpyxl goes through each sheet that does not declare its
dimensions.
"""

from __future__ import annotations

import zipfile
from typing import Final
from xml.parsers import expat

from shared.spreadsheets.limits import (
    SheetLimits,
    UnreadableSpreadsheet,
    too_complex,
    too_large_unpacked,
    too_many_cells,
    too_many_rows,
)

MAX_PARTS: Final = 1_000
"""Parts an XLSX file may have (Excel writes a dozen, a few more with images)."""

WIDEST_ROW: Final = 16_384
"""Columns an XLSX sheet may have (XFD): the widest row a file can rightly hold."""

ELEMENTS_PER_CELL: Final = 10
"""XML elements one cell may take: the cell, its value or inline text and its runs."""

RECORD_ELEMENTS: Final = ELEMENTS_PER_CELL * WIDEST_ROW
"""Elements of one row (or one shared string): openpyxl holds them all at once."""

OTHER_ELEMENTS: Final = 50_000
"""Elements of a part outside its rows and strings (styles, merged cells, validations…),
which openpyxl builds objects of: a heavily formatted template has a few thousand."""

UNREAD_ROOTS: Final = frozenset(
    {
        "calcChain",  # one element per formula
        "comments",
        "connections",
        "externalLink",  # not read: the workbook is opened with keep_links=False
        "pivotCacheDefinition",
        "pivotCacheRecords",  # one element per value of a pivot table's source
        "pivotTableDefinition",
        "queryTable",
        "table",
        "theme",  # kept as bytes, not parsed
        "xml",  # VML drawings (comments' shapes, form controls)
    }
)
"""Parts (by their root element) openpyxl's read-only mode does not parse: they may be as
large as a workbook legitimately makes them (within the unpacked size). Every other part,
known or not, is bounded."""

_CHUNK = 64 * 1024
_SHEET, _STRINGS = "worksheet", "sst"


def check_package(archive: zipfile.ZipFile, limits: SheetLimits) -> None:
    """Refuse (``UnreadableSpreadsheet``) a package beyond ``limits``, before parsing it."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        msg = f"an XLSX file has at most {MAX_PARTS} parts, this one {len(parts)}"
        raise UnreadableSpreadsheet("unreadable_file", msg)
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limits.unpacked_bytes:
        raise too_large_unpacked(limits, unpacked)
    for part in parts:
        if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            msg = f"part {part.filename!r} is compressed with method {part.compress_type}"
            raise UnreadableSpreadsheet("unreadable_file", msg)
    for part in parts:
        if not part.is_dir():
            _scan(archive, part, limits)


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: SheetLimits) -> None:
    scan = _PartScan(part.filename, limits)
    parser = expat.ParserCreate()
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.StartDoctypeDeclHandler = scan.doctype
    with archive.open(part) as stream:
        try:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except (expat.ExpatError, _Unread):
            return


class _Unread(Exception):
    """The part is one openpyxl does not read: scanning it further is pointless."""


class _PartScan:
    """Counts one part's elements as expat reads them; raises at the first limit exceeded.

    A *record* is what openpyxl reads whole and then lets go of: a row (a child of a
    worksheet's ``sheetData``) or a shared string (a child of ``sst``). Everything else in a
    part is kept whole by openpyxl, and counted against :data:`OTHER_ELEMENTS`.
    """

    def __init__(self, part: str, limits: SheetLimits) -> None:
        self.part, self.limits = part, limits
        self.root = ""
        self.depth = 0
        self.records_at = 0  # depth of the records' parent (sheetData, sst); 0 outside
        self.record_tag = ""
        self.in_record = False
        self.record_elements = 0
        self.recorded = 0  # elements of the records read so far
        self.recorded_limit = ELEMENTS_PER_CELL * limits.cells + limits.rows
        self.other = 0
        self.records = 0  # shared strings so far
        self.row = 0  # the current row's number
        self.column = 0  # the current cell's column
        self.row_cells = 0  # cell elements in the current row
        self.cells = 0  # cells of the rows read before the current one

    def doctype(self, *_: object) -> None:
        msg = f"part {self.part!r} declares a document type (entities are not read)"
        raise UnreadableSpreadsheet("unreadable_file", msg)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        local = name[name.find(":") + 1 :]
        if self.in_record:
            self._record_element(local, attributes)
        elif self.records_at and self.depth == self.records_at + 1 and local == self.record_tag:
            self._record_starts(attributes)
        else:
            self.other += 1
            if self.other > OTHER_ELEMENTS:
                raise too_complex(self.part)
            if self.depth == 1:
                self.root = local
                if local in UNREAD_ROOTS:
                    raise _Unread
                if local == _STRINGS:
                    self.records_at, self.record_tag = 1, "si"
            elif self.depth == 2 and self.root == _SHEET and local == "sheetData":
                self.records_at, self.record_tag = 2, "row"

    def end(self, _name: str) -> None:
        if self.in_record and self.depth == self.records_at + 1:
            self.in_record = False
            self.cells += self._row_cost()
        self.depth -= 1
        if self.depth < self.records_at:
            self.records_at = 0

    def _record_starts(self, attributes: dict[str, str]) -> None:
        self.in_record, self.record_elements = True, 0
        self._count_recorded()
        if self.root == _STRINGS:
            self.records += 1
            if self.records > self.limits.cells:  # more texts than the cells may hold
                raise too_complex(self.part)
            return
        self.row = _row_number(attributes.get("r"), self.row)
        if self.row > self.limits.rows:
            raise too_many_rows(self.limits)
        self.column = self.row_cells = 0

    def _record_element(self, local: str, attributes: dict[str, str]) -> None:
        self.record_elements += 1
        if self.record_elements > RECORD_ELEMENTS:
            raise too_complex(self.part)
        self._count_recorded()
        if local == "c" and self.root == _SHEET and self.depth == self.records_at + 2:
            self.row_cells += 1
            self.column = _column(attributes.get("r"), self.column)
            if self.cells + self._row_cost() > self.limits.cells:
                raise too_many_cells(self.limits, self.row)

    def _count_recorded(self) -> None:
        self.recorded += 1
        if self.recorded > self.recorded_limit:
            raise too_complex(self.part)

    def _row_cost(self) -> int:
        """The cells openpyxl makes of the current row: one per cell element, and the row
        padded with empty cells up to its last cell's column."""
        return max(self.row_cells, self.column) if self.root == _SHEET else 0


def _row_number(reference: str | None, previous: int) -> int:
    """A row's number as openpyxl reads it: its ``r``, or the one after the previous row."""
    if reference:
        try:
            return int(float(reference))
        except ValueError:
            pass
    return previous + 1


def _column(reference: str | None, previous: int) -> int:
    """A cell's column from its reference (``AB12`` → 28), or the one after the previous."""
    column = 0
    for letter in reference or "":
        if not letter.isalpha():
            break
        column = column * 26 + ord(letter.upper()) - 64
    return column or previous + 1
