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
FORM_YEAR = {"year": 2020, "agency": "01"}
"""The form of 2020: its period (1/12/2019 – 30/11/2020) holds the decisions of 20/01/2020."""
PERIOD = {"from": 2016, "to": 2020}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def hanoi(api: ReportingApi) -> None:
    await api.feed(
        [agency_registered(), member_added("m-1", "leader"), campaign(date(2020, 2, 1))],
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
        "/v1/exports/0602.csv", params=FORM_YEAR, headers=reporting_api.headers()
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = response.headers["content-disposition"]
    assert disposition == 'attachment; filename="bieu-0602N-01-2020.csv"'
    lines = csv_rows(response)
    assert lines[0][0] == "Biểu số: 0602.N/BNV-TĐKT"
    header = lines[8]
    assert header[:4] == ["Chỉ tiêu", "Mã số", "Đơn vị tính", "Tổng số"]
    assert "Chia ra – Bằng khen của Thủ tướng Chính phủ – Cá nhân" in header
    assert lines[9][:5] == ["A", "B", "C", "1", "2"]
    by_code = {row[1]: row for row in lines[10:] if len(row) > 1 and row[1]}
    column = header.index("Chia ra – Bằng khen của Thủ tướng Chính phủ – Cá nhân")
    assert (by_code["01"][3], by_code["01"][column]) == ("1", "1")
    assert (by_code["13"][3], by_code["14"][3]) == ("1", "0")  # m-1 is a leader
    assert [cell for cell in lines[-2] if cell] == ["Người lập biểu", "Thủ trưởng đơn vị"]


async def test_a_form_as_xlsx_has_number_cells(reporting_api: ReportingApi) -> None:
    await hanoi(reporting_api)

    response = await reporting_api.client.get(
        "/v1/exports/0603.xlsx", params=FORM_YEAR, headers=reporting_api.headers()
    )

    assert response.status_code == 200, response.text
    book = workbook(response)
    assert book.sheetnames == ["Biểu 0603.N"]
    sheet = book["Biểu 0603.N"]
    assert sheet["A1"].value == "Biểu số: 0603.N/BNV-TĐKT"
    assert sheet["A6"].value == "Năm 2020"
    assert [cell.value for cell in sheet[9][:5]] == [
        "Chỉ tiêu",
        "Mã số",
        "Đơn vị tính",
        "Tổng số",
        "Chia ra",
    ]
    assert [cell.value for cell in sheet[11][:5]] == ["A", "B", "C", "1", "2"]
    total = sheet["D12"]
    assert (sheet["B12"].value, total.value, total.data_type) == ("01", 2, "n")
    assert sheet.freeze_panes == "D12"
    assert sheet.page_setup.orientation == "landscape"


async def test_the_three_forms_in_one_workbook(reporting_api: ReportingApi) -> None:
    await hanoi(reporting_api)

    response = await reporting_api.client.get(
        "/v1/exports/forms.xlsx", params=FORM_YEAR, headers=reporting_api.headers()
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].endswith(
        'filename="bieu-0601-0603-01-2020.xlsx"'
    )
    book = workbook(response)
    assert book.sheetnames == ["Biểu 0601.N", "Biểu 0602.N", "Biểu 0603.N"]
    campaigns = book["Biểu 0601.N"]
    assert (campaigns["B12"].value, campaigns["C12"].value, campaigns["F12"].value) == ("01", 1, 1)


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
