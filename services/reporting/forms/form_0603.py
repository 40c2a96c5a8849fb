"""Form 0603.N: ministry- and province-level awards (Bằng khen, Chiến sĩ thi đua cấp bộ/tỉnh,
Cờ thi đua cấp bộ/tỉnh, Kỷ niệm chương), read from ``award_counts``.

Rows: 01 Tổng số; 02 Bằng khen (02.1 cấp bộ, 02.2 cấp tỉnh); 03 Chiến sĩ thi đua cấp bộ, tỉnh
(03.1, 03.2); 04 Cờ thi đua cấp bộ, tỉnh (04.1, 04.2); 05 Kỷ niệm chương; 06 Tập thể lao động
xuất sắc — a title the minister or the province's chair grants, so the catalogue puts it at
this level; it is kept on its own row so that the form's total is every award of the level.
Columns: those of :mod:`services.reporting.forms.award_form`.
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
    form="0603.N",
    title="Số lượng khen thưởng cấp bộ, ban, ngành, tỉnh",
    level=LevelClass.MINISTRY_PROVINCE,
    groups=(
        RowGroup("Bằng khen", of_category(AwardCategory.CERTIFICATE), itemised=True),
        RowGroup("Chiến sĩ thi đua cấp bộ, tỉnh", of_codes("CSTD_BO", "CSTD_TINH"), itemised=True),
        RowGroup("Cờ thi đua cấp bộ, tỉnh", of_category(AwardCategory.FLAG), itemised=True),
        RowGroup("Kỷ niệm chương", of_category(AwardCategory.COMMEMORATIVE_MEDAL), itemised=False),
        RowGroup("Tập thể lao động xuất sắc", of_codes("TTLDXS"), itemised=False),
    ),
)


async def form_0603(connection: AsyncConnection, header: FormHeader) -> StatisticalForm:
    """Form 0603.N of the header's agency (or the sector) and years."""
    return await award_form_of(connection, SPEC, header)
