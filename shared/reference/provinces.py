"""Vietnam's provinces: the 63 of 2008-08-01 – 2025-06-30 and the 34 from 2025-07-01.

A province code only means something together with its list: ``"24"`` was Bắc Giang among the
63 and is Bắc Ninh among the 34. Functions here therefore always say which list they use.
The CSVs ship as package data and are read on first use, then cached.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Literal, overload

from pydantic import BaseModel, ConfigDict, Field

from shared.vietnam_time import business_date

ProvinceList = Literal["63", "34"]
"""Which list a province code belongs to: the 63 (until 2025-06-30) or the 34 (since)."""

MERGER_DATE = date(2025, 7, 1)
"""First day of the 34-province list (Resolution 202/2025/QH15)."""

_CODE = r"^\d{2}$"


class Region(StrEnum):
    """The six socio-economic regions (Resolution 81/2023/QH15)."""

    NORTHERN_MIDLANDS_MOUNTAINS = "Trung du và miền núi phía Bắc"
    RED_RIVER_DELTA = "Đồng bằng sông Hồng"
    NORTH_CENTRAL_COAST = "Bắc Trung Bộ và duyên hải miền Trung"
    CENTRAL_HIGHLANDS = "Tây Nguyên"
    SOUTHEAST = "Đông Nam Bộ"
    MEKONG_DELTA = "Đồng bằng sông Cửu Long"


class Province(BaseModel):
    """A province of the 63-province list (2008-08-01 – 2025-06-30)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=_CODE, description="Two-digit code, leading zero kept.")
    name: str = Field(min_length=1, description="Vietnamese name, modern tone placement.")
    slug: str = Field(min_length=1, description="ASCII slug, e.g. ha-noi.")
    region: Region = Field(description="Socio-economic region.")


class Province2025(BaseModel):
    """A province of the 34-province list (from 2025-07-01)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=_CODE, description="Two-digit code (Decision 19/2025/QĐ-TTg).")
    name: str = Field(min_length=1, description="Vietnamese name, modern tone placement.")
    slug: str = Field(min_length=1, description="ASCII slug.")
    merged_from: tuple[str, ...] = Field(
        min_length=1, description="Codes (63-list) of the provinces merged into it."
    )


class UnknownProvinceCode(KeyError):
    """A code that is not in the named province list."""

    def __init__(self, code: str, list_: ProvinceList) -> None:
        super().__init__(code)
        self.code = code
        self.province_list = list_

    def __str__(self) -> str:
        return f"unknown province code {self.code!r} in the {self.province_list}-province list"


def _read_rows(filename: str) -> list[dict[str, str]]:
    text = (files("shared.reference") / "data" / filename).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def provinces_2008() -> Mapping[str, Province]:
    """The 63 provinces of 2008-08-01 – 2025-06-30, by code, in code order."""
    rows = _read_rows("provinces_2008_2025.csv")
    return MappingProxyType({r["code"]: Province.model_validate(r) for r in rows})


@cache
def provinces_2025() -> Mapping[str, Province2025]:
    """The 34 provinces from 2025-07-01, by code, in code order."""
    rows = _read_rows("provinces_2025.csv")
    provinces = (
        Province2025.model_validate({**r, "merged_from": tuple(r["merged_from"].split(";"))})
        for r in rows
    )
    return MappingProxyType({p.code: p for p in provinces})


PROVINCES_2008 = provinces_2008
"""Alias of :func:`provinces_2008` (a function: the data loads on first call)."""
PROVINCES_2025 = provinces_2025
"""Alias of :func:`provinces_2025` (a function: the data loads on first call)."""


@cache
def _successors() -> Mapping[str, str]:
    successors: dict[str, str] = {}
    for new in provinces_2025().values():
        for old in new.merged_from:
            if old in successors:
                raise ValueError(
                    f"province {old} is merged into both {successors[old]} and {new.code}"
                )
            successors[old] = new.code
    missing = set(provinces_2008()) - set(successors)
    if missing:
        raise ValueError(f"provinces without a 2025 successor: {sorted(missing)}")
    return MappingProxyType(successors)


def province_list_for(day: date) -> ProvinceList:
    """The list in force on ``day``: "63" until 2025-06-30, "34" from 2025-07-01.

    An aware datetime is read in Vietnam's time (UTC+7), so 2025-06-30T18:00Z is on the 34 list.
    """
    if isinstance(day, datetime):
        day = business_date(day)
    return "63" if day < MERGER_DATE else "34"


def current_code_of(old_code: str) -> str:
    """The 34-list code of the province that took over ``old_code`` (a 63-list code)."""
    try:
        return _successors()[old_code]
    except KeyError:
        raise UnknownProvinceCode(old_code, "63") from None


@overload
def get_province(code: str, list_: Literal["63"]) -> Province: ...
@overload
def get_province(code: str, list_: Literal["34"]) -> Province2025: ...
def get_province(code: str, list_: ProvinceList) -> Province | Province2025:
    """The province with ``code`` in ``list_``; raises :class:`UnknownProvinceCode`."""
    table: Mapping[str, Province | Province2025]
    table = provinces_2008() if list_ == "63" else provinces_2025()
    try:
        return table[code]
    except KeyError:
        raise UnknownProvinceCode(code, list_) from None


def is_province_code(code: str, list_: ProvinceList) -> bool:
    """Whether ``code`` names a province in ``list_``."""
    return code in (provinces_2008() if list_ == "63" else provinces_2025())


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_OLD_TONE_PLACEMENT = re.compile(r"(?<![qQ])([oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?!\w)")
_PREFIXES = re.compile(r"^(tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)


def _move_tone(match: re.Match[str]) -> str:
    first, second = match.group(1)[0], match.group(1)[1]
    decomposed = unicodedata.normalize("NFD", second)
    tone = "".join(c for c in decomposed if c in _TONES)
    bare = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", first + tone + bare)


def normalise_vietnamese(text: str) -> str:
    """NFC, single spaces and modern tone placement ("Hoà" → "Hòa", "Thuỷ" → "Thủy")."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return _OLD_TONE_PLACEMENT.sub(_move_tone, text)


def _slugify(text: str) -> str:
    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(c for c in bare if not unicodedata.combining(c)).lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_only))


def _name_key(name: str) -> str:
    return _PREFIXES.sub("", normalise_vietnamese(name)).casefold()


@overload
def find_province_by_name(name: str, list_: Literal["63"]) -> Province | None: ...
@overload
def find_province_by_name(name: str, list_: Literal["34"]) -> Province2025 | None: ...
def find_province_by_name(name: str, list_: ProvinceList) -> Province | Province2025 | None:
    """The province of ``list_`` called ``name``, or ``None``.

    Tolerates old tone placement, decomposed Unicode, letter case, a leading "Tỉnh" /
    "Thành phố" / "TP." and missing diacritics (by comparing slugs).
    """
    table: Mapping[str, Province | Province2025]
    table = provinces_2008() if list_ == "63" else provinces_2025()
    key, slug = _name_key(name), _slugify(_name_key(name))
    for province in table.values():
        if _name_key(province.name) == key:
            return province
    return next((p for p in table.values() if p.slug == slug), None)
