"""The awards catalogue: codes, Vietnamese names, recipients, levels and bonuses."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest

from shared.reference import (
    AWARDS,
    AwardCategory,
    GrantingLevel,
    UnknownAwardCode,
    get_award,
    is_collective,
    is_individual,
)

REQUIRED = [
    "LDTT",
    "CSTDCS",
    "CSTD_BO",
    "CSTD_TINH",
    "CSTDTQ",
    "TTLDTT",
    "TTLDXS",
    "CO_THI_DUA_BO",
    "CO_THI_DUA_TINH",
    "CO_THI_DUA_CP",
    "BK_BO",
    "BK_TINH",
    "BK_TTG",
    "GIAY_KHEN",
    "KNC",
    "HCLD1",
    "HCLD2",
    "HCLD3",
    "HCDL1",
    "HCDL2",
    "HCDL3",
    "HCHCM",
    "HCSV",
    "AHLD",
    "HUY_CHUONG",
]


def test_catalogue_has_the_codes_people_use() -> None:
    assert set(REQUIRED) <= set(AWARDS)
    assert all(code == award.code for code, award in AWARDS.items())


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("LDTT", "Lao động tiên tiến"),
        ("CSTDCS", "Chiến sĩ thi đua cơ sở"),
        ("BK_TTG", "Bằng khen của Thủ tướng Chính phủ"),
        ("HCLD3", "Huân chương Lao động hạng Ba"),
    ],
)
def test_names_carry_diacritics(code: str, name: str) -> None:
    assert get_award(code).name_vi == name


def test_names_are_nfc() -> None:
    assert all(unicodedata.is_normalized("NFC", a.name_vi) for a in AWARDS.values())


@pytest.mark.parametrize("code", ["LDTT", "CSTDCS", "CSTD_BO", "CSTDTQ", "KNC"])
def test_individual_titles(code: str) -> None:
    assert is_individual(code)
    assert not is_collective(code)


@pytest.mark.parametrize("code", ["TTLDTT", "TTLDXS", "CO_THI_DUA_BO", "CO_THI_DUA_CP"])
def test_collective_titles(code: str) -> None:
    assert is_collective(code)
    assert not is_individual(code)


@pytest.mark.parametrize("code", ["BK_BO", "BK_TTG", "GIAY_KHEN", "HCLD3"])
def test_forms_for_both(code: str) -> None:
    assert is_individual(code)
    assert is_collective(code)


def test_a_director_grants_the_unit_level_awards() -> None:
    unit_level = {c for c, a in AWARDS.items() if a.granting_level is GrantingLevel.UNIT}
    assert unit_level == {"LDTT", "CSTDCS", "TTLDTT", "GIAY_KHEN"}


def test_state_level_awards_go_to_form_0602() -> None:
    state = {c for c, a in AWARDS.items() if a.state_level}
    assert {"BK_TTG", "CO_THI_DUA_CP", "CSTDTQ", "HCLD3", "AHLD"} <= state
    assert not state & {"BK_BO", "BK_TINH", "CSTD_BO", "KNC", "LDTT"}


def test_orders_are_granted_by_the_president() -> None:
    orders = [a for a in AWARDS.values() if a.category is AwardCategory.ORDER]
    assert all(a.granting_level is GrantingLevel.PRESIDENT for a in orders)


def test_bonus_multipliers_of_decree_98() -> None:
    assert get_award("CSTDTQ").bonus_multiplier == Decimal("4.5")
    assert get_award("CO_THI_DUA_CP").bonus_multiplier == Decimal(12)
    assert get_award("LDTT").bonus_multiplier == Decimal("0.3")


def test_unknown_code_raises_a_key_error_with_a_message() -> None:
    with pytest.raises(KeyError) as caught:
        get_award("NOBEL")
    assert isinstance(caught.value, UnknownAwardCode)
    assert "unknown award code 'NOBEL'" in str(caught.value)
