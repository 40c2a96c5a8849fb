"""The words of the narrative as official reports write them: counts with two digits, the
province's level named as the province is ("UBND Thành phố" for a centrally-run city, "UBND
tỉnh" elsewhere), an agency named in full once and by its short name after that."""

from __future__ import annotations

from collections.abc import Sequence

from services.reporting.queries.models import AgencyInfo
from services.reporting.queries.streaks import runs
from shared.reference.awards import AWARDS, AwardCategory

CITIES = {
    "63": frozenset({"01", "31", "48", "79", "92"}),
    "34": frozenset({"01", "31", "46", "48", "79", "92"}),
}
"""The centrally-run cities (thành phố trực thuộc trung ương) of each province list (Huế, 46,
became one on 2025-01-01, half a year before the 63-province list ended: counted on the 34)."""

_PROVINCE_AWARDS = {
    "BK_TINH": ("Bằng khen của UBND Thành phố", "Bằng khen của UBND tỉnh"),
    "CO_THI_DUA_TINH": ("Cờ thi đua của UBND Thành phố", "Cờ thi đua của UBND tỉnh"),
    "CSTD_TINH": ("Chiến sĩ thi đua cấp Thành phố", "Chiến sĩ thi đua cấp tỉnh"),
}
_SHORT_NAMES = ("Sở", "Cục", "Vụ", "Văn phòng", "Viện", "Trường", "Trung tâm")
_PEOPLE = {"cá nhân": "người", "tập thể": "tập thể", "hộ gia đình": "hộ"}


def count(n: int) -> str:
    """A count as official reports write it: two digits below ten (01 … 09)."""
    return f"{n:02d}"


def short_name(agency: AgencyInfo) -> str:
    """What the text calls the agency once it has been named: "Sở", "Cục"…"""
    name = agency.name or ""
    return next((short for short in _SHORT_NAMES if name.startswith(f"{short} ")), "đơn vị")


def is_city(agency: AgencyInfo) -> bool:
    """Whether the agency's province is a centrally-run city."""
    return agency.province_code in CITIES.get(agency.province_list or "", frozenset())


def award_name(code: str, agency: AgencyInfo) -> str:
    """The award's name; a province's award names the province's people's committee."""
    if code in _PROVINCE_AWARDS and agency.province_code is not None:
        city, province = _PROVINCE_AWARDS[code]
        return city if is_city(agency) else province
    award = AWARDS.get(code)
    return award.name_vi if award else code


def verb(code: str) -> str:
    award = AWARDS.get(code)
    return "đạt danh hiệu" if award and award.category is AwardCategory.TITLE else "được tặng"


def counted(noun: str, instances: int, recipients: int | None) -> str:
    """ "164 lượt cá nhân (33 người)" when some came back, else "19 tập thể"."""
    if recipients is None or instances <= recipients:
        return f"{count(instances)} {noun}"
    return f"{count(instances)} lượt {noun} ({count(recipients)} {_PEOPLE.get(noun, noun)})"


def years_held(years: Sequence[int]) -> str:
    """ "05 năm liền (2015 – 2019)", "năm 2015" or "04 năm (2013, 2014, 2016, 2018)"."""
    found = runs(years)
    if len(years) == 1:
        return f"năm {years[0]}"
    if len(found) == 1:
        return f"{count(found[0].years)} năm liền ({found[0].year_from} – {found[0].year_to})"
    return f"{count(len(years))} năm ({', '.join(str(year) for year in years)})"


def listed(items: Sequence[str]) -> str:
    """ "a", "a và b", "a, b và c"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} và {items[-1]}"
