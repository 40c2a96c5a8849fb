"""GET /v1/exports/{table}.{fmt}: forms, agency statistics, the national comparison and
streaks as CSV (UTF-8 with BOM) and XLSX (number cells), as attachments; failure paths."""

from __future__ import annotations

import csv
import io
from datetime import date

import httpx
from openpyxl import Workbook, load_workbook

from tests.harness.reporting_api import ReportingApi
from tests.harness.reporting_events import agency_registered, award, campaign, member_added

YEAR = {"year": 2019, "agency": "01"}
PERIOD = {"from": 2016, "to": 2020}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def hanoi(api: ReportingApi) -> None:
    await api.feed(
        [agency_registered(), member_added("m-1", "leader"), campaign(date(2019, 2, 1))],
        [award("CO_THI_DUA_BO", "01", year, kind="agency") for year in range(2016, 2021)],
        [award("BK_TTG", "m-1", 2019), award("BK_BO", "u-1", 2019, kind="unit")],
        [award("LDTT", "m-1", 2019), award("LDTT", "m-2", 2019)],
    )


def csv_rows(response: httpx.Response) -> list[list[str]]:
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def workbook(response: httpx.Response) -> Workbook:
    assert response.headers["content-type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


async def test_a_form_as_csv(reporting_api: ReportingApi) -> None:
    await hanoi(reporting_api)

    response = await reporting_api.client.get(
        "/v1/exports/0602.csv", params=YEAR, headers=reporting_api.headers()
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = response.headers["content-disposition"]
    assert disposition == 'attachment; filename="bieu-0602N-01-2019.csv"'
    header, *rows = csv_rows(response)
    assert header[:5] == [
        "Mã số",
        "Chỉ tiêu",
        "Tổng số",
        "Chia theo đối tượng – Tập thể",
        "Chia theo đối tượng – Hộ gia đình",
    ]
    assert "Cá nhân chia theo chức vụ – Lãnh đạo, quản lý" in header
    by_code = {row[0]: row for row in rows}
    assert by_code["07"][1:4] == ["Bằng khen của Thủ tướng Chính phủ", "1", "0"]
    assert by_code["01"][2] == "1"


async def test_a_form_as_xlsx_has_number_cells(reporting_api: ReportingApi) -> None:
    await hanoi(reporting_api)

    response = await reporting_api.client.get(
        "/v1/exports/0603.xlsx", params=YEAR, headers=reporting_api.headers()
    )

    assert response.status_code == 200, response.text
    book = workbook(response)
    assert book.sheetnames == ["Biểu 0603.N"]
    sheet = book["Biểu 0603.N"]
    assert sheet["A1"].value == "Biểu 0603.N: Số lượng khen thưởng cấp bộ, ban, ngành, tỉnh"
    assert [cell.value for cell in sheet[4][:4]] == ["Mã số", "Chỉ tiêu", "Tổng số", "Tập thể"]
    total = sheet["C5"]
    assert (sheet["B5"].value, total.value, total.data_type) == ("Tổng số", 2, "n")
    assert sheet.freeze_panes == "C5"


async def test_the_three_forms_in_one_workbook(reporting_api: ReportingApi) -> None:
    await hanoi(reporting_api)

    response = await reporting_api.client.get(
        "/v1/exports/forms.xlsx", params=YEAR, headers=reporting_api.headers()
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].endswith(
        'filename="bieu-0601-0603-01-2019.xlsx"'
    )
    book = workbook(response)
    assert book.sheetnames == ["Biểu 0601.N", "Biểu 0602.N", "Biểu 0603.N"]
    assert book["Biểu 0601.N"]["C5"].value == 1


async def test_an_agencys_statistics_as_sheets_and_as_csv_sections(
    reporting_api: ReportingApi,
) -> None:
    await hanoi(reporting_api)
    params = {"agency": "01", **PERIOD}

    xlsx = await reporting_api.client.get(
        "/v1/exports/agency-stats.xlsx", params=params, headers=reporting_api.headers()
    )
    text = await reporting_api.client.get(
        "/v1/exports/agency-stats.csv", params=params, headers=reporting_api.headers()
    )

    assert xlsx.status_code == text.status_code == 200
    book = workbook(xlsx)
    assert len(book.sheetnames) == 6
    awards = list(book["Khen thưởng"].iter_rows(min_row=4, values_only=True))
    assert awards[0][:6] == ("LDTT", "Lao động tiên tiến", "Cơ sở", 2, 0, 0)
    assert awards[-1][3] == 9
    lines = csv_rows(text)
    assert lines[0] == [
        "Khen thưởng theo danh hiệu, hình thức – Sở Công Thương Hà Nội, giai đoạn 2016 – 2020"
    ]
    assert sum(1 for line in lines if line == []) == 5


async def test_the_national_comparison_for_analysts(reporting_api: ReportingApi) -> None:
    await hanoi(reporting_api)

    response = await reporting_api.client.get(
        "/v1/exports/national.xlsx", params=PERIOD, headers=reporting_api.analyst()
    )
    officer = await reporting_api.client.get(
        "/v1/exports/national.csv", params=PERIOD, headers=reporting_api.headers()
    )

    assert (response.status_code, officer.status_code) == (200, 403)
    rows = list(workbook(response)["Toàn quốc"].iter_rows(min_row=5, values_only=True))
    assert [row[:2] for row in rows] == [
        ("Tỉnh, thành phố", "01"),
        ("Tổng", "total"),
        ("Tổng", "ministry_total"),
        ("Tổng", "grand_total"),
    ]
    assert rows[0][6] == 9


async def test_streaks_as_csv(reporting_api: ReportingApi) -> None:
    await hanoi(reporting_api)

    response = await reporting_api.client.get(
        "/v1/exports/streaks.csv",
        params={"agency": "01", "min_years": 5},
        headers=reporting_api.headers(),
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="chuoi-nam-lien-01.csv"'
    header, row = csv_rows(response)
    assert header[:3] == ["Mã danh hiệu", "Danh hiệu, hình thức", "Đối tượng"]
    assert row[:8] == [
        "CO_THI_DUA_BO",
        "Cờ thi đua cấp bộ",
        "Cơ quan",
        "01",
        "5",
        "2016",
        "2020",
        "5",
    ]


async def test_failure_paths(reporting_api: ReportingApi) -> None:
    await hanoi(reporting_api)
    officer, get = reporting_api.headers(), reporting_api.client.get

    answers = [
        await get("/v1/exports/0604.csv", params=YEAR, headers=officer),
        await get("/v1/exports/forms.csv", params=YEAR, headers=officer),
        await get("/v1/exports/0602.pdf", params=YEAR, headers=officer),
        await get("/v1/exports/0602.csv", params={"year": 2019}, headers=officer),
        await get("/v1/exports/0602.xlsx", params={"agency": "01"}, headers=officer),
        await get(
            "/v1/exports/agency-stats.csv",
            params={"agency": "99", **PERIOD},
            headers=reporting_api.analyst(),
        ),
        await get(
            "/v1/exports/streaks.csv", params={"agency": "01", "code": "NOBEL"}, headers=officer
        ),
    ]

    assert [answer.status_code for answer in answers] == [404, 404, 422, 403, 422, 404, 422]
    assert answers[0].headers["content-type"] == "application/problem+json"
