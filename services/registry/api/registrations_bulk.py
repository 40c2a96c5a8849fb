"""Bulk registration routes: a JSON batch and a CSV/XLSX import, all-or-nothing per request."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Body, File, Form, UploadFile, status
from pydantic import ValidationError

from services.registry.api.dependencies import RegistryDep
from services.registry.api.registrations_schemas import (
    BatchAccepted,
    BatchItemAccepted,
    ImportAccepted,
    ImportRowAccepted,
    RegistrationCreate,
)
from services.registry.application.registration_import import (
    MAX_ITEMS,
    import_registrations,
    register_batch,
)
from services.registry.application.registrations import new_registration
from services.registry.imports.report import BulkRejected
from shared.auth import require_agency
from shared.events.vocabulary import AgencyCode
from shared.http.commands import CommandRequestDep
from shared.http.problems import ProblemError, refused_values

router = APIRouter(prefix="/v1/registrations", tags=["registrations"])

MAX_FILE_BYTES = 5 * 1024 * 1024


@router.post("/batch", status_code=status.HTTP_201_CREATED, summary="Submit many registrations")
async def submit_batch(
    body: Annotated[list[RegistrationCreate], Body(min_length=1, max_length=MAX_ITEMS)],
    request: CommandRequestDep,
    registry: RegistryDep,
) -> BatchAccepted:
    """Submit up to 1,000 registrations of the caller's agency: **all or nothing**.

    Every item is validated first (the same rules as one registration, plus no registrant,
    year and campaign twice in the batch). If any item is refused, nothing is written and the
    422 problem lists every refusal: `index` (from 0), `field` (`body.<index>.<field>`),
    `code` (English), `message` (Vietnamese) and `msg` (English). Otherwise every
    registration is written in one transaction (one **RegistrationSubmitted** each) and the
    response gives each index its registration id. Repeating the request with the same
    `Idempotency-Key` returns the first outcome.
    """
    for agency in {item.agency for item in body}:
        require_agency(request.principal, agency)
    commands = [
        new_registration(item.agency, **item.model_dump(exclude={"agency"})) for item in body
    ]
    caller = request.principal.agency
    try:
        written = await register_batch(
            registry.commands,
            registry.engine,
            commands,
            request.context(caller),
            request.idempotency(caller, "registration-batch", body),
        )
    except BulkRejected as rejected:
        errors = [error.as_item() for error in rejected.errors]
        raise _problem(rejected, errors, f"of {len(body)} items") from None
    items = [
        BatchItemAccepted(index=i, registration_id=o.resource_id, version=o.version)
        for i, o in written
    ]
    return BatchAccepted(registrations=items)


@router.post("/import", status_code=status.HTTP_201_CREATED, summary="Import a spreadsheet")
async def import_file(
    file: Annotated[UploadFile, File(description="CSV (UTF-8, BOM or not) or XLSX.")],
    agency: Annotated[AgencyCode, Form(description="The caller's agency.")],
    request: CommandRequestDep,
    registry: RegistryDep,
) -> ImportAccepted:
    """Import registrations from a spreadsheet: **all rows or none** (at most 1,000 rows).

    The first sheet of an XLSX, or a CSV (comma, semicolon or tab separated). The first
    non-blank row is the header; columns are found by their Vietnamese or English names:
    `Loại (đơn vị/cá nhân)` / `registrant_kind` (đơn vị, tập thể, cá nhân, unit, member),
    `Mã đối tượng` / `registrant_id`, `Năm` / `year`, `Mã phong trào` / `campaign_id`
    (optional), `Danh hiệu đăng ký` / `award_codes` (codes or Vietnamese names separated
    by `;`, e.g. `LDTT; CSTDCS`), `Ngày đăng ký` / `submitted_on` (optional, dd/mm/yyyy).
    Other columns (STT, Họ và tên…) are ignored.

    Every row is validated first. If any row is refused, nothing is written and the 422
    problem lists each error: `row` (as the spreadsheet shows it, header = row 1), `column`
    (as the file names it), `code` (English), `message` (Vietnamese), `msg` (English).
    Otherwise all registrations are written in one transaction and each row gets its
    registration id. The same file with the same `Idempotency-Key` returns the first outcome.
    """
    require_agency(request.principal, agency)
    content = await file.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise ProblemError("the file is larger than 5 MB", status=413)
    digest = hashlib.sha256(content).hexdigest()
    try:
        written = await import_registrations(
            registry.commands,
            registry.engine,
            agency,
            content,
            request.context(agency),
            request.idempotency(agency, "registration-import", digest),
        )
    except BulkRejected as rejected:
        errors = [error.as_row() for error in rejected.errors]
        raise _problem(rejected, errors, "rows") from None
    except ValidationError as refused:  # a cell the rows let through (a date before 1945)
        raise refused_values(refused, "file") from None
    rows = [
        ImportRowAccepted(row=n, registration_id=o.resource_id, version=o.version)
        for n, o in written
    ]
    return ImportAccepted(file_name=file.filename, registrations=rows)


def _problem(rejected: BulkRejected, errors: list[dict[str, Any]], of: str) -> ProblemError:
    detail = f"{rejected.refused_items()} {of} refused; nothing was written"
    return ProblemError(detail, status=422, extra={"errors": errors})
