"""Form 0603.N "Số lượng khen thưởng cấp bộ, ban, ngành, đoàn thể Trung ương và tỉnh, thành
phố trực thuộc Trung ương", as Circular 02/2023/TT-BNV lays it out.

Columns: 1 Tổng số = 2 + 3 + 4 + 5: 2 Bằng khen (of a ministry or a province); 3 Chiến sĩ thi
đua cấp bộ, cấp tỉnh; 4 Cờ thi đua of a ministry or a province; 5 Huy hiệu (kỷ niệm chương).
Rows: 01 Tổng số, 02–10 by recipient, 11–17 by way of commendation
(:mod:`~services.reporting.forms.award_form`). Tập thể lao động xuất sắc, which a minister or a
province's chair grants, has no column of this form: it is not counted, and a note says so.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.forms.award_form import AwardColumn, AwardFormSpec, award_form_of
from services.reporting.forms.model import FormHeader, StatisticalForm
from services.reporting.projections.dimensions import LevelClass

OF_MINISTRIES_AND_PROVINCES = (
    "của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương"
)
ABOVE = ("Chia ra",)
SPEC = AwardFormSpec(
    form="0603.N",
    title=(
        "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ "
        "TRỰC THUỘC TRUNG ƯƠNG"
    ),
    level=LevelClass.MINISTRY_PROVINCE,
    columns=(
        AwardColumn("certificate", "Bằng khen", "2", ("BK_BO", "BK_TINH"), ABOVE),
        AwardColumn(
            "emulation_fighter",
            "Chiến sĩ thi đua cấp bộ, cấp tỉnh",
            "3",
            ("CSTD_BO", "CSTD_TINH"),
            ABOVE,
        ),
        AwardColumn(
            "flag",
            f"Cờ thi đua {OF_MINISTRIES_AND_PROVINCES}",
            "4",
            ("CO_THI_DUA_BO", "CO_THI_DUA_TINH"),
            ABOVE,
        ),
        AwardColumn(
            "commemorative_medal",
            f"Huy hiệu (kỷ niệm chương) {OF_MINISTRIES_AND_PROVINCES}",
            "5",
            ("KNC",),
            ABOVE,
        ),
    ),
    first_rows=(),
    first_code=2,
)


async def form_0603(connection: AsyncConnection, header: FormHeader) -> StatisticalForm:
    """Form 0603.N of the header's agency (or the sector) and years."""
    return await award_form_of(connection, SPEC, header)
