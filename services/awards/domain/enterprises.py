"""Enterprises (doanh nghiệp) as recipients: collectives named by their tax code.

Agencies of the sector commend enterprises (Bằng khen của Bộ trưởng, Cờ thi đua, orders)
without holding them in a directory, so an enterprise is named by its tax code (mã số thuế,
which is also its enterprise code): 10 digits, or for a branch or another dependent unit the
parent's 10 digits, a dash and 3 digits (Thông tư 105/2020/TT-BTC, Điều 5 [verify: not found
in the public pages searched on 2026-12-04; the code assumes this format]).
"""

from __future__ import annotations

import re

from pydantic_core import PydanticCustomError

from shared.events.vocabulary import NomineeKind, RecipientKind

TAX_CODE = re.compile(r"[0-9]{10}(-[0-9]{3})?")
"""A tax code as the id of an enterprise recipient: 0100109106, or 0100109106-001."""

INVALID_TAX_CODE = "invalid_tax_code"
TAX_CODE_VI = (
    "Mã số thuế của doanh nghiệp gồm 10 chữ số, hoặc 10 chữ số, dấu “-” và 3 chữ số đối "
    "với chi nhánh, đơn vị phụ thuộc (ví dụ 0100109106, 0100109106-001)"
)
"""The officer's message when an enterprise is not named by a tax code."""

ENTERPRISE_AWARDS_VI = (
    "doanh nghiệp nhận các hình thức khen thưởng tập thể, trừ danh hiệu Tập thể lao động tiên "
    "tiến, Tập thể lao động xuất sắc (xét theo thành viên của tập thể trong danh sách của cơ quan)"
)
"""Why an award does not fit an enterprise, after "… không tặng cho doanh nghiệp: "."""


def is_enterprise(kind: RecipientKind | NomineeKind | None) -> bool:
    return kind is not None and kind.value == RecipientKind.ENTERPRISE.value


def misnamed_enterprise(kind: RecipientKind | NomineeKind | None, named_id: str) -> bool:
    """Whether ``named_id`` names an enterprise by something else than a tax code."""
    return is_enterprise(kind) and TAX_CODE.fullmatch(named_id) is None


def named_by_tax_code(kind: RecipientKind | NomineeKind | None, named_id: str) -> str:
    """``named_id`` if it may name a recipient of ``kind``; for a request's field validator,
    so the 422 names the id's own field."""
    if misnamed_enterprise(kind, named_id):
        raise PydanticCustomError(INVALID_TAX_CODE, TAX_CODE_VI)
    return named_id
