"""The bind parameters the reporting queries read together (:mod:`shared.database.together`)
are built over: the agencies counted together and the years counted.

The statements are built once, over these parameters; :func:`range_parameters` gives their
values for one answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, String, bindparam

from services.reporting.queries.common import YearRange

CODES = bindparam("codes", type_=String, expanding=True)
"""The agencies counted together."""
YEAR_FROM = bindparam("year_from", type_=Integer)
YEAR_TO = bindparam("year_to", type_=Integer)
FIRST_DAY = bindparam("first_day", type_=Date)
"""1 January of the first year."""
LAST_DAY = bindparam("last_day", type_=Date)
"""31 December of the last year."""


def range_parameters(codes: Sequence[str], years: YearRange) -> dict[str, Any]:
    """The values of the parameters above for ``codes`` over ``years``."""
    return {
        "codes": list(codes),
        "year_from": years.year_from,
        "year_to": years.year_to,
        "first_day": date(years.year_from, 1, 1),
        "last_day": date(years.year_to, 12, 31),
    }
