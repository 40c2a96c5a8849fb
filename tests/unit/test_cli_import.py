"""``tdkt import`` tells a person what was recorded, or each error by row and column."""

from __future__ import annotations

from tooling.cli import describe_import


def test_a_recorded_decisions_file_is_summed_up_with_its_warnings() -> None:
    body = {
        "file_name": "lich_su.csv",
        "decisions_recorded": 1,
        "decisions_already_recorded": 0,
        "awards_recorded": 2,
        "rows": [
            {"row": 2, "status": "recorded", "warnings": []},
            {
                "row": 3,
                "status": "recorded",
                "warnings": [{"code": "recipient_unknown", "message": "Chưa có dữ liệu về HN-2"}],
            },
        ],
    }

    assert describe_import("lich_su.csv", 201, body) == [
        "lich_su.csv: 1 decision(s) and 2 award(s) recorded, 0 decision(s) already recorded",
        "  row 3: Chưa có dữ liệu về HN-2",
    ]


def test_recorded_registrations_are_counted() -> None:
    body = {"file_name": "dk.xlsx", "registrations": [{"row": 2}, {"row": 3}, {"row": 4}]}

    assert describe_import("dk.xlsx", 201, body) == ["dk.xlsx: 3 registration(s) recorded"]


def test_a_refused_file_lists_each_error_where_the_spreadsheet_shows_it() -> None:
    body = {
        "title": "Unprocessable Entity",
        "detail": "2 rows have errors: nothing was recorded",
        "errors": [
            {"row": 3, "column": "Ngày ký", "field": "signed_on", "message": "Ngày không hợp lệ"},
            {"field": "body.agency", "msg": "Field required"},
        ],
    }

    assert describe_import("x.csv", 422, body) == [
        "x.csv: nothing recorded (422 Unprocessable Entity): "
        "2 rows have errors: nothing was recorded",
        "  row 3, column Ngày ký: Ngày không hợp lệ",
        "  field body.agency: Field required",
    ]
