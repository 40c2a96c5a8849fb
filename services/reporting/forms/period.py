"""The reporting period of the emulation and commendation forms (thời kỳ báo cáo).

Circular 02/2023/TT-BNV (Bộ Nội vụ, 23/3/2023, in force 10/5/2023) counts its statistics by
calendar dates; a yearly report of the other fields runs from 1 January to 31 December, but
that of emulation and commendation (forms 0601.N–0603.N) "được tính từ ngày 01/12 năm trước
đến ngày 30/11 năm sau" (the circular as summarised by the Sở Nội vụ Hưng Yên,
sonv.hungyen.gov.vn, "Thông tư 2/2023/TT-BNV … Quy định chế độ báo cáo thống kê ngành Nội vụ";
[verify] the article number against the circular's text), and the forms are received on
15 December of the reporting year. A form of year N therefore counts what was decided (an
award's decision signed, a campaign started) from 1 December N-1 to 30 November N: yearly
titles for N-1, signed early in N, fall in the form of N. The achievement-year view stays in
the statistics (``GET /v1/agencies/{agency}/stats?year_basis=achievement``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

CIRCULAR = "Thông tư số 02/2023/TT-BNV ngày 23/3/2023 của Bộ Nội vụ"
RECEIVED_ON = "Ngày 15 tháng 12 năm báo cáo"


@dataclass(frozen=True)
class ReportingPeriod:
    """The days a form counts, both included."""

    first_day: date
    last_day: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first_day <= day <= self.last_day

    @property
    def label(self) -> str:
        """ "Từ ngày 01/12/2019 đến ngày 30/11/2020"."""
        return f"Từ ngày {self.first_day:%d/%m/%Y} đến ngày {self.last_day:%d/%m/%Y}"


def reporting_period(year_from: int, year_to: int) -> ReportingPeriod:
    """The period of the forms of years ``year_from`` to ``year_to``: 1 December of the year
    before the first to 30 November of the last."""
    return ReportingPeriod(date(year_from - 1, 12, 1), date(year_to, 11, 30))
