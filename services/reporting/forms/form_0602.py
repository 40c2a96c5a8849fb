"""Form 0602.N "Số lượng khen thưởng cấp Nhà nước", as Circular 02/2023/TT-BNV lays it out.

Columns: 1 Tổng số; 2 the orders and medals, a column per award ("mỗi hình thức khen thưởng
ghi riêng một cột"), each split into Tập thể and Cá nhân as the award may go to either; 3 Giải
thưởng Hồ Chí Minh; 4 Giải thưởng Nhà nước; 5 the state honorary titles, a column each; 6 Cờ
thi đua của Chính phủ; 7 Bằng khen của Thủ tướng Chính phủ; 8 Chiến sĩ thi đua toàn quốc; 9 the
other state-level forms of commendation. Rows: 01 Tổng số; 1. by the unit that sent the Prime
Minister the proposal: 02 Bộ, ban, ngành, đoàn thể Trung ương (a unit of the ministry), 03 Tỉnh,
thành phố trực thuộc Trung ương (a province's department, whose proposals go up through the
province); then 06–14 by recipient and 15–21 by way of commendation
(:mod:`~services.reporting.forms.award_form`). Rows 04 and 05 are not on the form.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.forms.award_form import ISSUERS, AwardColumn, AwardFormSpec, award_form_of
from services.reporting.forms.model import FormHeader, RowSpec, StatisticalForm, heading
from services.reporting.projections.dimensions import LevelClass
from shared.reference.awards import AWARDS, AwardCategory

ORDERS = "Các loại huân chương, huy chương (mỗi hình thức khen thưởng ghi riêng một cột)"
HONOURS = "Danh hiệu vinh dự Nhà nước (mỗi hình thức khen thưởng ghi riêng một cột)"


def _each(number: str, above: str, *categories: AwardCategory) -> list[AwardColumn]:
    return [
        AwardColumn(code, award.name_vi, number, (code,), (above,), split=True)
        for code, award in AWARDS.items()
        if award.category in categories and award.state_level
    ]


def _one(code: str, number: str) -> AwardColumn:
    return AwardColumn(code, AWARDS[code].name_vi, number, (code,), split=True)


COLUMNS = (
    *_each("2", ORDERS, AwardCategory.ORDER, AwardCategory.MEDAL),
    _one("GT_HCM", "3"),
    _one("GT_NN", "4"),
    *_each("5", HONOURS, AwardCategory.HONORARY_TITLE),
    _one("CO_THI_DUA_CP", "6"),
    _one("BK_TTG", "7"),
    AwardColumn("CSTDTQ", 'Danh hiệu "Chiến sĩ thi đua toàn quốc"', "8", ("CSTDTQ",), split=True),
    AwardColumn(
        "OTHER",
        "Các hình thức khen thưởng khác (mỗi hình thức khen thưởng ghi riêng một cột)",
        "9",
        (),
        split=True,
    ),
)

SPEC = AwardFormSpec(
    form="0602.N",
    title="SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC",
    level=LevelClass.STATE,
    columns=COLUMNS,
    first_rows=(
        heading("1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng"),
        *(
            RowSpec(f"{i:02d}", label, unit=unit)
            for i, (label, unit, _) in enumerate(ISSUERS, start=2)
        ),
    ),
    first_code=6,
    others="OTHER",
)


async def form_0602(connection: AsyncConnection, header: FormHeader) -> StatisticalForm:
    """Form 0602.N of the header's agency (or the sector) and years."""
    return await award_form_of(connection, SPEC, header)
