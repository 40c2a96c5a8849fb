"""Importing past decisions (CSV or XLSX): all rows or none, re-importing changes nothing."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, File, Form, Response, UploadFile, status
from pydantic import ValidationError

from services.awards.api.decisions_schemas import ImportReport, ImportRow, RowWarning
from services.awards.api.dependencies import AwardsDep
from services.awards.application.decision_import import ImportResult, import_decisions
from services.awards.imports.report import BulkRejected
from shared.auth import require_agency
from shared.events.vocabulary import AgencyCode
from shared.http.commands import CommandRequestDep
from shared.http.problems import ProblemError, refused_values

router = APIRouter(prefix="/v1/decisions", tags=["decisions"])

MAX_FILE_BYTES = 5 * 1024 * 1024


@router.post("/import", status_code=status.HTTP_201_CREATED, summary="Import past decisions")
async def import_file(
    file: Annotated[UploadFile, File(description="CSV (UTF-8, BOM or not) or XLSX.")],
    agency: Annotated[AgencyCode, Form(description="The caller's agency.")],
    request: CommandRequestDep,
    awards: AwardsDep,
    response: Response,
) -> ImportReport:
    """Record an agency's past decisions from a spreadsheet, one row per award.

    The first sheet of an XLSX, or a CSV (comma, semicolon or tab separated); the first
    non-blank row is the header. Columns, by their Vietnamese or English names:
    `Số quyết định` / `number`, `Ngày ký` / `signed_on` (dd/mm/yyyy), `Cơ quan ban hành` /
    `issuing_authority`, `Cấp khen` / `authority_level` (optional: cơ sở, bộ/tỉnh, Thủ tướng,
    Chủ tịch nước; blank means the level of the decision's awards), `Loại khen thưởng` /
    `commendation_kind` (optional, default thường xuyên), `Loại đối tượng` /
    `recipient_kind` (cá nhân, tập thể, cơ quan, hộ gia đình, doanh nghiệp), `Mã đối tượng` /
    `recipient_id` (a doanh nghiệp's tax code), `Danh hiệu/hình thức` / `award_code` (a code
    or the Vietnamese name), `Năm thành tích` / `achievement_year` (a year or a period such as
    2016-2020), or `Từ năm` and `Đến năm`. Other columns (STT, Họ và tên…) are ignored: names
    are not recorded.

    Rows with the same authority and number form one decision (**DecisionIssued** and one
    **AwardGranted** per row, `imported=true`). Recipient ids are recorded as given: for
    people or collectives the directory does not hold, the agency's own codes (a row whose
    recipient no fact of the agency names carries a `recipient_unknown` warning, but an
    enterprise's, which no directory holds). History is
    fact: the eligibility engine's findings are per-row `warnings`, never refusals.

    **All or nothing** (at most 5,000 rows): if any row has an error (unreadable date, unknown
    award, missing number, an award beyond the authority's power, rows of one decision that
    disagree, the same award twice, a number recorded with other content, a recipient the
    registry places in another agency: `recipient_of_other_agency`), nothing is written
    and the 422 problem lists each error with its `row` and `column` as the spreadsheet shows
    them, `code`, `message` (Vietnamese) and `msg` (English).

    **Re-importing changes nothing**: ids derive from the rows, and a decision already
    recorded with the same content is reported `already_recorded` (201 when something was
    recorded, 200 when nothing was new).
    """
    require_agency(request.principal, agency)
    content = await file.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise ProblemError("the file is larger than 5 MB", status=413)
    digest = hashlib.sha256(content).hexdigest()
    try:
        result = await import_decisions(
            awards.commands,
            awards.engine,
            agency,
            content,
            request.context(agency),
            request.idempotency(agency, "decision-import", digest),
        )
    except BulkRejected as rejected:
        detail = f"{rejected.refused_items()} rows refused; nothing was written"
        errors = [error.as_row() for error in rejected.errors]
        raise ProblemError(detail, status=422, extra={"errors": errors}) from None
    except ValidationError as refused:  # a cell the rows let through (a date before 1945)
        raise refused_values(refused, "file") from None
    if result.decisions_recorded == 0:
        response.status_code = status.HTTP_200_OK
    return _report(file.filename, result)


def _report(file_name: str | None, result: ImportResult) -> ImportReport:
    rows = [
        ImportRow(
            row=row.row,
            status=row.status,
            decision_id=row.decision_id,
            award_id=row.award_id,
            warnings=[RowWarning(code=n.code, message=n.message) for n in row.warnings],
        )
        for row in result.rows
    ]
    return ImportReport(
        file_name=file_name,
        decisions_recorded=result.decisions_recorded,
        decisions_already_recorded=result.decisions_already_recorded,
        awards_recorded=result.awards_recorded,
        rows=rows,
    )
