"""An enterprise (doanh nghiệp) is named as one in the exported tables."""

from __future__ import annotations

from services.reporting.exports.national_tables import streaks_table
from services.reporting.queries.streaks import Run, Streak


def test_an_enterprises_streak_says_doanh_nghiep() -> None:
    run = Run(year_from=2019, year_to=2020, years=2)
    streak = Streak(
        award_code="CO_THI_DUA_BO",
        name_vi="Cờ thi đua cấp bộ",
        recipient_kind="enterprise",
        recipient_id="0100109106",
        years_held=2,
        longest=run,
        current=run,
    )

    [row] = streaks_table("01", [streak]).rows

    assert row[2:4] == ["Doanh nghiệp", "0100109106"]
