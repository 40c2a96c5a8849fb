"""XLSX files written part by part: files no spreadsheet program would write, made quickly.

openpyxl writes two million cells in tens of seconds; writing the sheet's XML directly takes
a fraction of one, and can make what an attacker would: a sheet of millions of cells that
zips to half a megabyte, a zip bomb, a part lying about its size, XML openpyxl would choke on.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable, Mapping

from openpyxl.utils import get_column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
STYLES = "xl/styles.xml"


def _parts(strings: Iterable[str]) -> dict[str, str]:
    shared = "".join(f"<si><t>{text}</t></si>" for text in strings)
    return {
        "[Content_Types].xml": _DECLARATION
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPES}.sheet.main+xml"/>'
        f'<Override PartName="/{SHEET}" ContentType="{_TYPES}.worksheet+xml"/>'
        f'<Override PartName="/{STRINGS}" ContentType="{_TYPES}.sharedStrings+xml"/>'
        "</Types>",
        "_rels/.rels": _DECLARATION + f'<Relationships xmlns="{_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": _DECLARATION + f'<workbook xmlns="{MAIN}" xmlns:r="{_OFFICE}">'
        '<sheets><sheet name="Trang 1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": _DECLARATION + f'<Relationships xmlns="{_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{_OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_OFFICE}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        STRINGS: _DECLARATION + f'<sst xmlns="{MAIN}">{shared}</sst>',
    }


def package(
    sheet: Iterable[bytes],
    *,
    strings: Iterable[str] = ("x",),
    parts: Mapping[str, str | bytes] | None = None,
    head: str = "",
) -> bytes:
    """A workbook of one sheet whose ``sheetData`` is the chunks of ``sheet`` (row elements),
    after ``head`` (``<dimension…/>``…); ``parts`` add or replace parts (the sheet too)."""
    every = {**_parts(strings), **(parts or {})}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in every.items():
            archive.writestr(name, text)
        if SHEET not in every:
            with archive.open(SHEET, "w") as stream:
                stream.write(f'{_DECLARATION}<worksheet xmlns="{MAIN}">{head}<sheetData>'.encode())
                for chunk in sheet:
                    stream.write(chunk)
                stream.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def repeated_cells(rows: int, columns: int) -> bytes:
    """``rows`` rows of ``columns`` cells, each the shared string "x": 100,000 × 20 (two
    million cells) zip to about half a megabyte, as the file measured in issue 12 did."""
    cells = b'<c t="s"><v>0</v></c>' * columns
    return package(b'<row r="%d">%b</row>' % (number, cells) for number in range(1, rows + 1))


def cell(row: int, column: int, text: str) -> str:
    return f'<c r="{get_column_letter(column)}{row}" t="inlineStr"><is><t>{text}</t></is></c>'


def rows_of(table: Iterable[tuple[int, Iterable[tuple[int, str]]]]) -> Iterable[bytes]:
    """Row elements of (row number, [(column, text)…]) — inline strings, ``r`` given."""
    for number, cells in table:
        inner = "".join(cell(number, column, text) for column, text in cells)
        yield f'<row r="{number}">{inner}</row>'.encode()


def with_declared_size(content: bytes, name: str, size: int) -> bytes:
    """``content`` with the part ``name`` claiming to unpack to ``size`` bytes (in its local
    header and in the central directory), whatever it really holds."""
    data = bytearray(content)
    info = zipfile.ZipFile(io.BytesIO(content)).getinfo(name)
    local = info.header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, local + 22, size)
    central = data.rfind(b"PK\x01\x02")
    encoded = name.encode()
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == encoded:
            struct.pack_into("<I", data, central + 24, size)
            return bytes(data)
        central = data.rfind(b"PK\x01\x02", 0, central)
    raise ValueError(f"no central directory entry for {name}")
