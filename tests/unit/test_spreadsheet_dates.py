"""Reading a date cell: the first format that fits, remembered per text and formats."""

from __future__ import annotations

from datetime import date

from shared.spreadsheets.cells import DATE_FORMATS, _strptime_date


def test_the_first_format_that_fits_reads_the_date() -> None:
    assert _strptime_date("03/04/2020", DATE_FORMATS) == date(2020, 4, 3)
    assert _strptime_date("2020-04-03", DATE_FORMATS) == date(2020, 4, 3)
    assert _strptime_date("03.04.2020", (*DATE_FORMATS, "%d.%m.%Y")) == date(2020, 4, 3)


def test_a_remembered_text_is_read_by_the_formats_asked_for() -> None:
    assert _strptime_date("03.04.2020", (*DATE_FORMATS, "%d.%m.%Y")) == date(2020, 4, 3)
    assert _strptime_date("03.04.2020", DATE_FORMATS) is None
    assert _strptime_date("32/01/2020", DATE_FORMATS) is None
