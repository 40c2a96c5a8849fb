"""The boundary types of shared.events.vocabulary: text kept in NFC and refused when it could
hurt, business dates in a sane window, ids and counts in range."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Annotated, Any

import pytest
from pydantic import Field, TypeAdapter, ValidationError

from services.registry.commands.campaigns import LaunchCampaign
from shared.events.awards import DecisionIssued
from shared.events.vocabulary import (
    BUSINESS_DATE_FLOOR,
    BallotCount,
    BusinessDate,
    EntityId,
    FreeText,
    Name,
    Text,
    business_date_ceiling,
)
from shared.vietnam_time import business_time, today_in_vietnam

NAME = "Phòng Nguyễn Trãi"


def valid(kind: Any, value: Any) -> Any:
    return TypeAdapter(kind).validate_python(value)


def refusal(kind: Any, value: Any) -> str:
    with pytest.raises(ValidationError) as refused:
        TypeAdapter(kind).validate_python(value)
    return str(refused.value.errors()[0]["type"])


def test_text_is_kept_in_nfc_without_blank_edges() -> None:
    decomposed = unicodedata.normalize("NFD", NAME)

    assert valid(Name, f" \u200b{decomposed}\ufeff ") == NAME
    assert valid(Text, decomposed) == NAME
    assert valid(FreeText, decomposed) == NAME


def test_a_narrowed_name_counts_its_characters_after_normalising() -> None:
    short = Annotated[Name, Field(max_length=len(NAME))]

    assert valid(short, unicodedata.normalize("NFD", NAME)) == NAME
    assert refusal(short, NAME + "x") == "too_long"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("a\x00b", "text_control_character"),
        ("a\tb", "text_control_character"),
        ("a\nb", "text_control_character"),
        ("a\u2028b", "text_control_character"),
        ("a\x85b", "text_control_character"),
        ("\u202eabc", "text_bidi_control"),
        ("a\u2067b\u2069", "text_bidi_control"),
        ("\u200b\u200c\u200d", "text_blank"),
        (" \u00a0\u3000 ", "text_blank"),
        ("\u0301", "text_blank"),
    ],
)
def test_a_name_refuses_what_could_hurt_or_hide(value: str, kind: str) -> None:
    assert refusal(Name, value) == kind


def test_sentences_keep_tabs_and_line_breaks_as_newlines() -> None:
    assert valid(Text, "Thiếu:\r\n- biên bản\r- tờ trình\u2028\tbản gốc") == (
        "Thiếu:\n- biên bản\n- tờ trình\n\tbản gốc"
    )
    assert refusal(Text, "a\x00b") == "text_control_character"
    assert refusal(Text, "\u202dx") == "text_bidi_control"
    assert refusal(Text, " \n ") == "text_blank"


def test_free_text_may_be_empty() -> None:
    assert valid(FreeText, "") == ""
    assert valid(FreeText, " \u200b\n ") == ""
    assert refusal(FreeText, "x\x07") == "text_control_character"


@pytest.mark.parametrize("value", ["a b", "a\x00", "\u202eid", ""])
def test_an_id_has_no_space_control_or_bidi_character(value: str) -> None:
    assert refusal(EntityId, value) in {
        "string_pattern_mismatch",
        "text_bidi_control",
        "string_too_short",
    }


def test_business_dates_run_from_1945_to_ten_years_ahead() -> None:
    ceiling = business_date_ceiling()

    assert ceiling == date(today_in_vietnam().year + 10, 12, 31)
    assert business_date_ceiling(date(2026, 2, 28)) == date(2036, 12, 31)
    assert valid(BusinessDate, BUSINESS_DATE_FLOOR) == BUSINESS_DATE_FLOOR
    assert valid(BusinessDate, ceiling) == ceiling
    assert business_time(BUSINESS_DATE_FLOOR).year == 1944  # its Vietnam midnight, in UTC
    assert refusal(BusinessDate, "0001-01-01") == "business_date_range"
    assert refusal(BusinessDate, "1944-12-31") == "business_date_range"
    assert refusal(BusinessDate, date(ceiling.year + 1, 1, 1)) == "business_date_range"
    assert refusal(BusinessDate, "9999-12-31") == "business_date_range"


def test_ballots_are_counted_in_a_sane_range() -> None:
    assert valid(BallotCount, 0) == 0
    assert refusal(BallotCount, -1) == "greater_than_equal"
    assert refusal(BallotCount, 2**64) == "less_than_equal"


def test_commands_and_events_use_the_same_bounds() -> None:
    with pytest.raises(ValidationError, match="start_date"):
        LaunchCampaign(
            campaign_id="c-1",
            agency="06",
            title=NAME,
            form="regular",
            scope="unit",
            launching_level="unit",
            start_date=date(9999, 12, 31),
        )
    with pytest.raises(ValidationError, match="signed_on"):
        DecisionIssued(
            decision_id="d-1",
            number="1/QĐ",
            signed_on=date(1, 1, 1),
            issuing_authority="Bộ Công Thương",
            authority_level="unit",
            commendation_kind="regular",
            award_ids=["a-1"],
        )
