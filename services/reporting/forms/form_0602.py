"""Form 0602.N: state-level awards (orders, medals, honorary titles, prizes, Cờ thi đua của
Chính phủ, Bằng khen của Thủ tướng, Chiến sĩ thi đua toàn quốc), read from ``award_counts``.

Rows: 01 Tổng số; 02 Huân chương (02.1 Sao vàng … 02.8 Lao động hạng Ba); 03 Huy chương;
04 Danh hiệu vinh dự Nhà nước (04.1 Anh hùng Lao động); 05 Giải thưởng (05.1 Hồ Chí Minh,
05.2 Nhà nước); 06 Cờ thi đua của Chính phủ; 07 Bằng khen của Thủ tướng Chính phủ; 08 Chiến sĩ
thi đua toàn quốc. Columns: those of :mod:`services.reporting.forms.award_form`.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.forms.award_form import (
    AwardFormSpec,
    RowGroup,
    award_form_of,
    of_category,
    of_codes,
)
from services.reporting.forms.model import FormHeader, StatisticalForm
from services.reporting.projections.dimensions import LevelClass
from shared.reference.awards import AwardCategory

SPEC = AwardFormSpec(
    form="0602.N",
    title="Số lượng khen thưởng cấp Nhà nước",
    level=LevelClass.STATE,
    groups=(
        RowGroup("Huân chương", of_category(AwardCategory.ORDER), itemised=True),
        RowGroup("Huy chương", of_category(AwardCategory.MEDAL), itemised=False),
        RowGroup(
            "Danh hiệu vinh dự Nhà nước", of_category(AwardCategory.HONORARY_TITLE), itemised=True
        ),
        RowGroup(
            "Giải thưởng Hồ Chí Minh, Giải thưởng Nhà nước",
            of_category(AwardCategory.PRIZE),
            itemised=True,
        ),
        RowGroup("Cờ thi đua của Chính phủ", of_codes("CO_THI_DUA_CP"), itemised=False),
        RowGroup("Bằng khen của Thủ tướng Chính phủ", of_codes("BK_TTG"), itemised=False),
        RowGroup("Chiến sĩ thi đua toàn quốc", of_codes("CSTDTQ"), itemised=False),
    ),
)


async def form_0602(connection: AsyncConnection, header: FormHeader) -> StatisticalForm:
    """Form 0602.N of the header's agency (or the sector) and years."""
    return await award_form_of(connection, SPEC, header)
