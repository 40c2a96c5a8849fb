"""One refusal in a bulk request: which item (row or index), which field, why.

Every refusal has an English ``code`` and ``msg`` for programs and a Vietnamese ``message``
for the officer, from a :class:`Messages` catalogue: the messages every import shares
(:data:`COMMON_MESSAGES`) plus the service's own. A service subclasses :class:`ItemError`
to name its catalogue, and :class:`BulkRejected` for the refusal of a whole request.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar, Generic, Self, TypeVar

from shared.spreadsheets.limits import DEFAULT_LIMITS, SheetLimits
from shared.spreadsheets.reading import (
    Sheet,
    UnreadableSpreadsheet,
    read_sheet,
    read_sheet_off_loop,
)

COMMON_MESSAGES: Mapping[str, str] = MappingProxyType(
    {
        # The file as a whole.
        "unreadable_file": "Không đọc được tệp: chỉ nhận tệp CSV (UTF-8) hoặc XLSX.",
        "legacy_xls": "Tệp XLS (Excel 97–2003) không được hỗ trợ: hãy lưu thành XLSX hoặc CSV.",
        "not_utf8": "Tệp CSV phải được lưu với mã hóa UTF-8.",
        "empty_file": "Tệp không có dòng tiêu đề hoặc không có dữ liệu.",
        "too_many_rows": "Tệp có {rows} dòng dữ liệu, vượt quá giới hạn {limit} dòng.",
        # The limits of reading a file (``SheetLimits``): reading stopped there.
        "too_many_sheet_rows": "Trang tính có hơn {limit} dòng (kể cả dòng trống), vượt quá "
        "giới hạn: hãy xóa các dòng thừa ở cuối trang tính.",
        "too_many_columns": "Dòng {row} có dữ liệu ở cột thứ {column}, "
        "vượt quá giới hạn {limit} cột.",
        "too_many_cells": "Tệp có hơn {limit} ô (kể cả ô trống có định dạng), vượt quá "
        "giới hạn: đã dừng đọc ở dòng {row}.",
        "unpacked_too_large": "Tệp XLSX khi giải nén có {size_mb} MB, vượt quá giới hạn "
        "{limit_mb} MB.",
        "too_complex_file": "Tệp XLSX quá phức tạp (quá nhiều định dạng, ô gộp hoặc đối "
        "tượng khác): hãy chép dữ liệu sang một tệp mới rồi nhập lại.",
        "missing_column": "Thiếu cột “{column}”.",
        "duplicate_column": "Cột “{column}” xuất hiện nhiều lần.",
        # One cell.
        "missing_value": "Ô này không được bỏ trống.",
        "invalid_date": "Ngày “{value}” không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd).",
        "date_out_of_range": "Ngày “{value}” nằm ngoài khoảng cho phép (từ 01/01/1945 đến "
        "hết năm thứ mười kể từ năm nay).",
        "invalid_id": "Mã “{value}” không hợp lệ (không chứa khoảng trắng, tối đa 128 ký tự).",
        # Any code without a message of its own.
        "refused": "Không hợp lệ.",
    }
)
"""Messages of the codes every import uses (the file, its columns, common cells)."""


class Messages:
    """Vietnamese message templates by English code: the common ones and a service's own."""

    def __init__(self, own: Mapping[str, str]) -> None:
        repeated = sorted(own.keys() & COMMON_MESSAGES.keys())
        if repeated:
            raise ValueError(f"codes with a common message already: {', '.join(repeated)}")
        self._templates: Mapping[str, str] = MappingProxyType({**COMMON_MESSAGES, **own})

    def vietnamese(self, code: str, details: Mapping[str, Any]) -> str:
        """The message of ``code`` with ``details`` filled in (``?`` for a missing detail)."""
        template = self._templates.get(code, self._templates["refused"])
        return template.format_map(_Blank(details))


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


@dataclass(frozen=True)
class ItemError:
    """A refused item: ``position`` is the spreadsheet row (header = 1) or the batch index.

    ``position`` is None for an error of the whole file (e.g. it cannot be read).
    ``field`` is the item's field (``award_codes``), or a column the file lacks.
    """

    position: int | None
    field: str | None
    code: str
    msg: str
    details: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    column: str | None = None
    """The spreadsheet column as the file names it (imports only)."""

    messages: ClassVar[Messages] = Messages({})
    """The catalogue :attr:`message` comes from: a service's subclass names its own."""

    @classmethod
    def of_column(cls, row: int, field: str, column: str, code: str) -> Self:
        """A column of the header row that is missing (``missing_column``) or repeated."""
        msg = f"column {column!r} is {'missing' if code == 'missing_column' else 'repeated'}"
        return cls(row, field, code, msg, {"column": column}, column=column)

    @classmethod
    def of_file(cls, unreadable: UnreadableSpreadsheet) -> Self:
        """The file cannot be read at all (``unreadable_file``, ``not_utf8``...), or goes
        beyond a limit of reading (``too_many_cells``...)."""
        return cls(None, None, unreadable.code, unreadable.msg, dict(unreadable.details))

    @property
    def message(self) -> str:
        """The message in Vietnamese, for the officer."""
        return self.messages.vietnamese(self.code, self.details)

    def as_row(self) -> dict[str, Any]:
        """The error as an import report shows it (row and column as the officer sees them)."""
        return {"row": self.position, "column": self.column, "field": self.field, **self._texts()}

    def as_item(self) -> dict[str, Any]:
        """The error as a JSON batch report shows it (``body.<index>.<field>``)."""
        path = ("body", self.position, self.field)
        field = ".".join(str(part) for part in path if part is not None)
        return {"index": self.position, "field": field, **self._texts()}

    def _texts(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "msg": self.msg}


E = TypeVar("E", bound=ItemError)


class BulkRejected(Exception, Generic[E]):
    """A bulk request was refused as a whole; nothing was written.

    A service raises its own subclass, of its ``ItemError`` (``BulkRejected[ItemError]``).
    """

    def __init__(self, errors: list[E]) -> None:
        super().__init__(f"{len(errors)} errors; nothing was written")
        self.errors = errors

    def refused_items(self) -> int:
        return len({error.position for error in self.errors})


def read_or_refuse(
    content: bytes,
    rejected: Callable[[list[E]], BulkRejected[E]],
    error: type[E],
    limits: SheetLimits = DEFAULT_LIMITS,
) -> Sheet:
    """The file's rows (:func:`~shared.spreadsheets.reading.read_sheet`), or ``rejected`` of
    one ``error`` of the whole file when it cannot be read or goes beyond ``limits``."""
    try:
        return read_sheet(content, limits)
    except UnreadableSpreadsheet as unreadable:
        raise rejected([error.of_file(unreadable)]) from unreadable


async def read_upload_or_refuse(
    content: bytes,
    rejected: Callable[[list[E]], BulkRejected[E]],
    error: type[E],
    limits: SheetLimits = DEFAULT_LIMITS,
) -> Sheet:
    """:func:`read_or_refuse` off the event loop (a worker thread): what an API awaits."""
    try:
        return await read_sheet_off_loop(content, limits)
    except UnreadableSpreadsheet as unreadable:
        raise rejected([error.of_file(unreadable)]) from unreadable
