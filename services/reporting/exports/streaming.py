"""Export tables as a streamed HTTP download (CSV or XLSX, ``Content-Disposition: attachment``).

The numbers are read before the response starts, so an error is still a problem response and
no database connection stays open while the client downloads. CSV is produced as it is sent;
XLSX is written (in a worker thread) into a spooled temporary file, then sent in chunks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from services.reporting.exports import csv_writer, xlsx_writer
from services.reporting.exports.table import Table

_NOT_IN_FILE_NAMES = re.compile(r"[^A-Za-z0-9._-]+")


class ExportFormat(StrEnum):
    """File format of an export."""

    CSV = "csv"
    """UTF-8 with a byte order mark; several tables one after another, each under its title."""
    XLSX = "xlsx"
    """One sheet per table, numbers as number cells."""


def file_name(*parts: str | int, extension: ExportFormat) -> str:
    """An ASCII file name of ``parts`` joined by dashes, e.g. ``bieu-0602N-01-2019.xlsx``."""
    stem = "-".join(_NOT_IN_FILE_NAMES.sub("-", str(part)).strip("-") for part in parts)
    return f"{stem}.{extension.value}"


async def export_response(
    tables: Sequence[Table], fmt: ExportFormat, name: str
) -> StreamingResponse:
    """``tables`` as a download named ``name``."""
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt is ExportFormat.CSV:
        chunks = csv_writer.csv_chunks(tables)
        return StreamingResponse(chunks, media_type=csv_writer.MEDIA_TYPE, headers=headers)
    file = await run_in_threadpool(xlsx_writer.xlsx_file, tables)
    chunks = xlsx_writer.file_chunks(file)
    return StreamingResponse(chunks, media_type=xlsx_writer.MEDIA_TYPE, headers=headers)
