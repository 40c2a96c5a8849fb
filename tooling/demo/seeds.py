"""The real published figures of the seed articles, as award-decision spreadsheets.

The articles give counts and years, not decision numbers, dates or names: numbers and dates
are made up in the form agencies use (a date an article gives is kept), and people and
collectives the articles only count get the agency's own codes (``01-member-001``,
``01-unit-001``…). The collectives stay history the directory does not hold; the loader puts
each individual in the directory with a position group (:mod:`tooling.demo.seed_people`) and
names the member in the decisions instead of the code. A count an article gives without
"lượt" is of distinct recipients; with "lượt" (and for the yearly titles) the same people
come back year after year. ``tests/integration/awards/test_seed_histories.py`` imports Hà Nội's
and the Local Industry and Trade Agency's batches (seeds 000 and 002); ``tests/integration/
seeds/`` checks every figure of every seed through the public APIs after the demo loader.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

HA_NOI, BAC_KAN, HA_TINH, CUC = "01", "06", "42", "BCT-CTDP"

SO_HA_NOI = "Giám đốc Sở Công Thương Hà Nội"
UBND_HA_NOI = "UBND thành phố Hà Nội"
BO = "Bộ Công Thương"
TTG = "Thủ tướng Chính phủ"
CTN = "Chủ tịch nước"

HEADER = (
    "STT,Số quyết định,Ngày ký,Cơ quan ban hành,Loại đối tượng,Mã đối tượng,"
    "Danh hiệu/hình thức,Năm thành tích,Loại khen thưởng"
)
REGULAR = "Thường xuyên"
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
    many, to whom (``first`` is the first of the agency's codes used; with ``repeat`` the same
    recipients each year, else new ones), signed when (``signed_on``; else early in the year
    after the achievement) and of what kind of commendation."""

    award: str
    kind: str  # "Cá nhân", "Tập thể" or "Cơ quan"
    authority: str
    per_year: dict[str, int]
    first: int = 1
    code: str = ""  # award code, for expected counts
    repeat: bool = False
    signed_on: str = ""
    commendation: str = REGULAR


# Seed 000: "… giai đoạn 2015 – 2020, ngành Công Thương Hà Nội đã có nhiều tập thể, cá nhân được
# khen thưởng:" each batch beside its words.
HA_NOI_BATCHES = [
    # "1 tập thể và 2 cá nhân được tặng Huân chương Lao động hạng Ba"
    Batch("Huân chương Lao động hạng Ba", "Tập thể", CTN, {"2013-2017": 1}, code="HCLD3"),
    Batch("Huân chương Lao động hạng Ba", "Cá nhân", CTN, {"2013-2017": 2}, code="HCLD3"),
    # "2 tập thể và 3 cá nhân được tặng Bằng khen Chính phủ"
    Batch("Bằng khen Chính phủ", "Tập thể", TTG, {"2015-2019": 2}, code="BK_TTG"),
    Batch("Bằng khen Chính phủ", "Cá nhân", TTG, {"2015-2019": 3}, code="BK_TTG"),
    # "5 năm liền Sở Công Thương được tặng Cờ thi đua xuất sắc của Bộ Công Thương"
    Batch(
        "Cờ thi đua xuất sắc của Bộ Công Thương",
        "Cơ quan",
        BO,
        each(2015, 2016, 2017, 2018, 2019),
        code="CO_THI_DUA_BO",
    ),
    # "4 năm liền Sở Công Thương được tặng Cờ thi đua xuất sắc của thành phố, 1 năm được tặng
    # Bằng khen"
    Batch(
        "Cờ thi đua xuất sắc của thành phố",
        "Cơ quan",
        UBND_HA_NOI,
        each(2016, 2017, 2018, 2019),
        code="CO_THI_DUA_TINH",
    ),
    Batch("Bằng khen của UBND thành phố", "Cơ quan", UBND_HA_NOI, {"2015": 1}, code="BK_TINH"),
    # "23 tập thể được tặng Cờ thi đua xuất sắc của thành phố"
    Batch(
        "Cờ thi đua xuất sắc của thành phố",
        "Tập thể",
        UBND_HA_NOI,
        spread(2015, 5, 5, 5, 4, 4),
        code="CO_THI_DUA_TINH",
    ),
    # "19 tập thể và 26 cá nhân được tặng Bằng khen của Bộ Công Thương"
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
    # "16 tập thể và 16 cá nhân được tặng Bằng khen của UBND thành phố"
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
    # "31 lượt tập thể và 601 cá nhân đạt Lao động tiên tiến" (lượt: the same people each year)
    Batch(
        "Tập thể lao động tiên tiến",
        "Tập thể",
        SO_HA_NOI,
        spread(2015, 7, 6, 6, 6, 6),
        code="TTLDTT",
        repeat=True,
    ),
    Batch(
        "Lao động tiên tiến",
        "Cá nhân",
        SO_HA_NOI,
        spread(2015, 120, 120, 120, 120, 121),
        code="LDTT",
        repeat=True,
    ),
    # "164 lượt cá nhân đạt danh hiệu Chiến sỹ thi đua cơ sở"
    Batch(
        "Chiến sỹ thi đua cơ sở",
        "Cá nhân",
        SO_HA_NOI,
        spread(2015, 33, 33, 33, 33, 32),
        code="CSTDCS",
        repeat=True,
    ),
    # "4 cá nhân đạt danh hiệu Chiến sỹ thi đua cấp thành phố": four people, each on three
    # consecutive years of their own CSTĐCS (codes 005–008 hold it every year 2015–2019).
    Batch(
        "Chiến sỹ thi đua cấp thành phố",
        "Cá nhân",
        UBND_HA_NOI,
        {"2015-2017": 2, "2016-2018": 2},
        5,
        code="CSTD_TINH",
    ),
]

# Seed 002: "Cục CTĐP đã đạt được nhiều thành tích: 5 lần đạt danh hiệu thi đua Tập thể lao động
# xuất sắc (năm 2013, 2015, 2016, 2017,2018), 4 lần nhận Cờ Thi đua của Bộ Công Thương (năm 2013,
# 2014, 2016, 2018), 4 lần nhận Bằng khen của Thủ tướng Chính phủ (năm 2013, 2015, 2017, 2019),
# Cờ Thi đua của Chính phủ (2015)".
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

# Seed 003: "Ngày 14/5/2020, Sở Công Thương đã tổ chức Hội nghị điển hình tiên tiến giai đoạn
# 2015 – 2020 … Hội nghị đã tặng giấy khen nhằm biểu dương, khen thưởng 03 tập thể và 12 cá nhân
# điển hình, tiên tiến xuất sắc trong phong trào thi đua giai đoạn 2015-2020 và tặng giấy khen
# cho 01 tập thể, 02 cá nhân tiêu biểu, điển hình trong học tập và làm theo tư tưởng, đạo đức,
# phong cách Hồ Chí Minh năm 2020": signed at the conference; the second for the thematic
# campaign (theo chuyên đề).
SO_BAC_KAN = "Giám đốc Sở Công Thương Bắc Kạn"
CONFERENCE_003 = "2020-05-14"
BAC_KAN_BATCHES = [
    Batch("Giấy khen", "Tập thể", SO_BAC_KAN, {"2015-2020": 3}, signed_on=CONFERENCE_003),
    Batch("Giấy khen", "Cá nhân", SO_BAC_KAN, {"2015-2020": 12}, signed_on=CONFERENCE_003),
    Batch(
        "Giấy khen",
        "Tập thể",
        SO_BAC_KAN,
        {"2020": 1},
        4,
        signed_on=CONFERENCE_003,
        commendation="Theo chuyên đề",
    ),
    Batch(
        "Giấy khen",
        "Cá nhân",
        SO_BAC_KAN,
        {"2020": 2},
        13,
        signed_on=CONFERENCE_003,
        commendation="Theo chuyên đề",
    ),
]

# Seed 004 (conference of 26/6, the article's year 2020): "Trong 5 năm qua, ngành đã được …
# tặng nhiều phần thưởng cao quý, như: Huân chương Lao động hạng Nhất, Cờ thi đua xuất sắc";
# the director's "chiến sỹ thi đua của UBND tỉnh … giai đoạn 2017 - 2019"; "Sở Công thương đã
# biểu dương 2 tập thể … và 6 cá nhân điển hình trong phong trào thi đua yêu nước giai đoạn
# 2016 - 2020". Plausible: the order for 2014–2018, signed in 2019, the flag (of the province)
# for 2019, signed in 2020, and the commendation at the conference a Giấy khen of the director.
SO_HA_TINH = "Giám đốc Sở Công Thương Hà Tĩnh"
UBND_HA_TINH = "UBND tỉnh Hà Tĩnh"
CONFERENCE_004 = "2020-06-26"
HA_TINH_BATCHES = [
    Batch(
        "Huân chương Lao động hạng Nhất",
        "Cơ quan",
        CTN,
        {"2014-2018": 1},
        code="HCLD1",
        signed_on="2019-08-25",
    ),
    Batch(
        "Cờ thi đua tỉnh",
        "Cơ quan",
        UBND_HA_TINH,
        {"2019": 1},
        code="CO_THI_DUA_TINH",
        signed_on="2020-03-10",
    ),
    Batch(
        "CSTĐ cấp tỉnh",
        "Cá nhân",
        UBND_HA_TINH,
        {"2017-2019": 1},
        code="CSTD_TINH",
        signed_on="2020-03-10",
    ),
    Batch("Giấy khen", "Tập thể", SO_HA_TINH, {"2016-2020": 2}, signed_on=CONFERENCE_004),
    Batch("Giấy khen", "Cá nhân", SO_HA_TINH, {"2016-2020": 6}, 2, signed_on=CONFERENCE_004),
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


def seed_rows(
    agency: str, batches: list[Batch], people: Mapping[str, str] | None = None
) -> Iterator[tuple[str, ...]]:
    """The spreadsheet rows (without STT) of an agency's seed batches; ``people`` maps the
    codes of the individuals the directory holds (:mod:`tooling.demo.seed_people`) to their
    member ids."""
    people = people or {}
    numbers = itertools.count(101)
    for batch in batches:
        first = batch.first
        for years, count in batch.per_year.items():
            suffix = _suffix(batch.authority)
            signed_on = batch.signed_on or f"{int(years[-4:]) + 1}-{_DAYS[suffix]}"
            number = f"{next(numbers)}/QĐ-{suffix}"
            for k in range(first, first + count):
                code = _code(agency, batch.kind, k)
                who = agency if batch.kind == "Cơ quan" else people.get(code, code)
                yield (
                    number,
                    signed_on,
                    batch.authority,
                    batch.kind,
                    who,
                    batch.award,
                    years,
                    batch.commendation,
                )
            first += 0 if batch.repeat else count


def regular(rows: Iterable[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """``rows`` without their kind of commendation, as regular ones (công trạng)."""
    return [(*row, REGULAR) for row in rows]


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
