"""The real published figures of the seed articles, as award-decision spreadsheets.

The articles give counts and years, not decision numbers, dates or names: numbers and dates
are made up in the form agencies use, and people and collectives the articles only count get
the agency's own codes (``01-member-001``, ``01-unit-001``…), as history the directory does not
hold. Hà Nội's and the Local Industry and Trade Agency's batches are those of
``tests/integration/awards/test_seed_histories.py`` (seeds 000 and 002).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

HA_NOI, BAC_KAN, HA_TINH, CUC = "01", "06", "42", "BCT-CTDP"

SO_HA_NOI = "Giám đốc Sở Công Thương Hà Nội"
UBND_HA_NOI = "UBND thành phố Hà Nội"
BO = "Bộ Công Thương"
TTG = "Thủ tướng Chính phủ"
CTN = "Chủ tịch nước"

HEADER = (
    "STT,Số quyết định,Ngày ký,Cơ quan ban hành,Loại đối tượng,Mã đối tượng,"
    "Danh hiệu/hình thức,Năm thành tích"
)
_SUFFIXES = {"Giám đốc": "SCT", "UBND": "UBND", BO: "BCT", TTG: "TTg", CTN: "CTN"}
_DAYS = {"SCT": "01-20", "UBND": "03-10", "BCT": "02-15", "TTg": "04-20", "CTN": "08-25"}


def each(*years: int) -> dict[str, int]:
    """One award in each of the years."""
    return {str(year): 1 for year in years}


def spread(first: int, *counts: int) -> dict[str, int]:
    """``counts`` awards in the years from ``first`` on."""
    return {str(first + i): count for i, count in enumerate(counts)}


@dataclass(frozen=True)
class Batch:
    """Awards of one kind as an article counts them: per achievement year (or period), how
    many, to whom (``first`` is the first of the agency's codes used; ``recipient`` names one
    recipient explicitly)."""

    award: str
    kind: str  # "Cá nhân", "Tập thể" or "Cơ quan"
    authority: str
    per_year: dict[str, int]
    first: int = 1
    code: str = ""  # award code, for expected counts


HA_NOI_BATCHES = [
    Batch("Huân chương Lao động hạng Ba", "Tập thể", CTN, {"2013-2017": 1}, code="HCLD3"),
    Batch("Huân chương Lao động hạng Ba", "Cá nhân", CTN, {"2013-2017": 2}, code="HCLD3"),
    Batch("Bằng khen Chính phủ", "Tập thể", TTG, {"2015-2019": 2}, code="BK_TTG"),
    Batch("Bằng khen Chính phủ", "Cá nhân", TTG, {"2015-2019": 3}, code="BK_TTG"),
    Batch(
        "Cờ thi đua xuất sắc của Bộ Công Thương",
        "Cơ quan",
        BO,
        each(2015, 2016, 2017, 2018, 2019),
        code="CO_THI_DUA_BO",
    ),
    Batch(
        "Cờ thi đua xuất sắc của thành phố",
        "Cơ quan",
        UBND_HA_NOI,
        each(2016, 2017, 2018, 2019),
        code="CO_THI_DUA_TINH",
    ),
    Batch("Bằng khen của UBND thành phố", "Cơ quan", UBND_HA_NOI, {"2015": 1}, code="BK_TINH"),
    Batch(
        "Cờ thi đua xuất sắc của thành phố",
        "Tập thể",
        UBND_HA_NOI,
        spread(2015, 5, 5, 5, 4, 4),
        code="CO_THI_DUA_TINH",
    ),
    Batch(
        "Bằng khen của Bộ Công Thương",
        "Tập thể",
        BO,
        {"2016": 6, "2018": 6, "2019": 7},
        code="BK_BO",
    ),
    Batch(
        "Bằng khen của Bộ Công Thương",
        "Cá nhân",
        BO,
        {"2016": 8, "2018": 9, "2019": 9},
        34,
        code="BK_BO",
    ),
    Batch(
        "Bằng khen của UBND thành phố",
        "Tập thể",
        UBND_HA_NOI,
        {"2017": 8, "2019": 8},
        code="BK_TINH",
    ),
    Batch(
        "Bằng khen của UBND thành phố",
        "Cá nhân",
        UBND_HA_NOI,
        {"2017": 8, "2019": 8},
        60,
        code="BK_TINH",
    ),
    Batch(
        "Tập thể lao động tiên tiến",
        "Tập thể",
        SO_HA_NOI,
        spread(2015, 7, 6, 6, 6, 6),
        code="TTLDTT",
    ),
    Batch(
        "Lao động tiên tiến",
        "Cá nhân",
        SO_HA_NOI,
        spread(2015, 120, 120, 120, 120, 121),
        code="LDTT",
    ),
    Batch(
        "Chiến sỹ thi đua cơ sở",
        "Cá nhân",
        SO_HA_NOI,
        spread(2015, 33, 33, 33, 33, 32),
        code="CSTDCS",
    ),
    Batch(
        "Chiến sỹ thi đua cấp thành phố",
        "Cá nhân",
        UBND_HA_NOI,
        {"2015-2017": 2, "2016-2018": 2},
        5,
        code="CSTD_TINH",
    ),
]

CUC_BATCHES = [
    Batch(
        "Tập thể lao động xuất sắc",
        "Cơ quan",
        BO,
        each(2013, 2015, 2016, 2017, 2018),
        code="TTLDXS",
    ),
    Batch(
        "Cờ Thi đua của Bộ Công Thương",
        "Cơ quan",
        BO,
        each(2013, 2014, 2016, 2018),
        code="CO_THI_DUA_BO",
    ),
    Batch(
        "Bằng khen của Thủ tướng Chính phủ",
        "Cơ quan",
        TTG,
        each(2013, 2015, 2017, 2019),
        code="BK_TTG",
    ),
    Batch("Cờ Thi đua của Chính phủ", "Cơ quan", TTG, each(2015), code="CO_THI_DUA_CP"),
]

# Seed 003: "tặng giấy khen … 03 tập thể và 12 cá nhân điển hình, tiên tiến xuất sắc trong
# phong trào thi đua giai đoạn 2015-2020 và tặng giấy khen cho 01 tập thể, 02 cá nhân tiêu
# biểu … năm 2020".
BAC_KAN_BATCHES = [
    Batch("Giấy khen", "Tập thể", "Giám đốc Sở Công Thương Bắc Kạn", {"2015-2020": 3}),
    Batch("Giấy khen", "Cá nhân", "Giám đốc Sở Công Thương Bắc Kạn", {"2015-2020": 12}),
    Batch("Giấy khen", "Tập thể", "Giám đốc Sở Công Thương Bắc Kạn", {"2020": 1}, 4),
    Batch("Giấy khen", "Cá nhân", "Giám đốc Sở Công Thương Bắc Kạn", {"2020": 2}, 13),
]

# Seed 004: "Huân chương Lao động hạng Nhất, Cờ thi đua xuất sắc" over 2016–2020, and the
# director's "chiến sỹ thi đua của UBND tỉnh … giai đoạn 2017 - 2019".
HA_TINH_BATCHES = [
    Batch("Huân chương Lao động hạng Nhất", "Cơ quan", CTN, {"2016-2020": 1}, code="HCLD1"),
    Batch("Cờ thi đua tỉnh", "Cơ quan", "UBND tỉnh Hà Tĩnh", {"2019": 1}),
    Batch("CSTĐ cấp tỉnh", "Cá nhân", "UBND tỉnh Hà Tĩnh", {"2017-2019": 1}),
]

SEED_BATCHES: dict[str, list[Batch]] = {
    HA_NOI: HA_NOI_BATCHES,
    BAC_KAN: BAC_KAN_BATCHES,
    HA_TINH: HA_TINH_BATCHES,
    CUC: CUC_BATCHES,
}


def _suffix(authority: str) -> str:
    for prefix, suffix in _SUFFIXES.items():
        if authority.startswith(prefix):
            return suffix
    return "SCT"


def _code(agency: str, kind: str, k: int) -> str:
    return f"{agency}-{'member' if kind == 'Cá nhân' else 'unit'}-{k:03d}"


def seed_rows(agency: str, batches: list[Batch]) -> Iterator[tuple[str, ...]]:
    """The spreadsheet rows (without STT) of an agency's seed batches."""
    numbers = itertools.count(101)
    for batch in batches:
        for years, count in batch.per_year.items():
            suffix = _suffix(batch.authority)
            signed_on = f"{int(years[-4:]) + 1}-{_DAYS[suffix]}"
            number = f"{next(numbers)}/QĐ-{suffix}"
            for k in range(batch.first, batch.first + count):
                who = agency if batch.kind == "Cơ quan" else _code(agency, batch.kind, k)
                yield (number, signed_on, batch.authority, batch.kind, who, batch.award, years)


def to_csv(rows: Iterator[tuple[str, ...]] | list[tuple[str, ...]]) -> bytes:
    """A decisions spreadsheet (CSV) the awards service imports."""
    lines = [HEADER]
    for n, cells in enumerate(rows, start=1):
        lines.append(",".join((str(n), *cells)))
    return "\n".join(lines).encode()


def single_year_counts(batches: list[Batch], first: int, last: int) -> Counter[str]:
    """Award instances per code achieved in one year within ``first``–``last``, for codes whose
    every batch names single years (a period's year depends on the reporting basis)."""
    periodic = {b.code for b in batches for years in b.per_year if "-" in years}
    counts: Counter[str] = Counter()
    for batch in batches:
        if not batch.code or batch.code in periodic:
            continue
        for years, count in batch.per_year.items():
            if first <= int(years) <= last:
                counts[batch.code] += count
    return counts
