"""The 63- and 34-province lists, the mapping between them, and name matching."""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import UTC, date, datetime

import pytest

from shared.reference import (
    Province,
    Province2025,
    Region,
    UnknownProvinceCode,
    current_code_of,
    find_province_by_name,
    get_province,
    normalise_vietnamese,
    province_list_for,
    provinces_2008,
    provinces_2025,
)


def test_list_sizes() -> None:
    assert len(provinces_2008()) == 63
    assert len(provinces_2025()) == 34


def test_every_old_code_is_merged_exactly_once() -> None:
    merged = Counter(code for p in provinces_2025().values() for code in p.merged_from)
    assert set(merged) == set(provinces_2008())
    assert set(merged.values()) == {1}


def test_every_old_code_maps_to_a_new_code() -> None:
    assert {current_code_of(code) for code in provinces_2008()} == set(provinces_2025())


def test_bac_kan_joined_thai_nguyen() -> None:
    assert current_code_of("06") == "19"
    assert get_province("19", "34").name == "Thái Nguyên"


def test_bac_ninh_took_bac_giang_code() -> None:
    assert get_province("24", "34").name == "Bắc Ninh"
    assert get_province("24", "63").name == "Bắc Giang"
    assert current_code_of("27") == "24"


def test_rows_are_typed() -> None:
    assert isinstance(get_province("01", "63"), Province)
    assert get_province("06", "63").region is Region.NORTHERN_MIDLANDS_MOUNTAINS
    assert isinstance(get_province("01", "34"), Province2025)


@pytest.mark.parametrize(("code", "list_"), [("27", "34"), ("00", "63"), ("6", "63")])
def test_unknown_code_names_its_list(code: str, list_: str) -> None:
    with pytest.raises(UnknownProvinceCode, match=f"{list_}-province list"):
        get_province(code, list_)  # type: ignore[call-overload]


def test_current_code_of_unknown_code() -> None:
    with pytest.raises(KeyError, match="99"):
        current_code_of("99")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 6, 30), "63"),
        (date(2025, 7, 1), "34"),
        (date(2010, 1, 1), "63"),
        (datetime(2025, 6, 30, 18, 0, tzinfo=UTC), "34"),
    ],
)
def test_province_list_for(day: date, expected: str) -> None:
    assert province_list_for(day) == expected


@pytest.mark.parametrize(
    ("raw", "normal"),
    [("Khánh Hoà", "Khánh Hòa"), ("Thanh  Hoá", "Thanh Hóa"), ("Thuỷ", "Thủy"), ("Hoàng", "Hoàng")],
)
def test_normalise_modern_tone_placement(raw: str, normal: str) -> None:
    assert normalise_vietnamese(raw) == normal


def test_normalise_composes_decomposed_text() -> None:
    decomposed = unicodedata.normalize("NFD", "Hà Nội")
    assert decomposed != "Hà Nội"
    assert normalise_vietnamese(decomposed) == "Hà Nội"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Hoà Bình", "17"),
        ("Tỉnh Thanh Hoá", "38"),
        ("TP. Hồ Chí Minh", "79"),
        ("thua thien hue", "46"),
        ("Bà Rịa – Vũng Tàu", "77"),
    ],
)
def test_find_province_by_name_in_the_63_list(name: str, code: str) -> None:
    province = find_province_by_name(name, "63")
    assert province is not None
    assert province.code == code


def test_find_province_by_name_depends_on_the_list() -> None:
    assert find_province_by_name("Hòa Bình", "34") is None
    found = find_province_by_name("Thành phố Huế", "34")
    assert found is not None
    assert found.code == "46"
