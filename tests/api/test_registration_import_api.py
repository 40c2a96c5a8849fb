"""Bulk registrations: the JSON batch and spreadsheet imports (XLSX, CSV), all or nothing."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from sqlalchemy import insert

from services.registry.readmodel.directory_tables import members, units
from tests.harness.registry_api import RegistryApi

HEADER = [
    "STT",
    "Loại (đơn vị/cá nhân)",
    "Mã đối tượng",
    "Họ và tên",
    "Năm",
    "Mã phong trào",
    "Danh hiệu đăng ký",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def add_directory(api: RegistryApi) -> None:
    """Bắc Kạn's department: two units, four members (straight into the read model)."""
    unit_rows = [
        {"unit_id": u, "agency": "06", "name": n, "version": 1}
        for u, n in (("bk-p1", "Phòng Quản lý công nghiệp"), ("bk-p2", "Văn phòng Sở"))
    ]
    member_rows = [
        {
            "member_id": f"bk-m{i}",
            "agency": "06",
            "unit_id": "bk-p1",
            "position_group": "official",
            "erased": False,
            "version": 1,
        }
        for i in range(1, 5)
    ]
    async with api.registry.engine.begin() as connection:
        await connection.execute(insert(units), unit_rows)
        await connection.execute(insert(members), member_rows)


def xlsx(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BAD_ROWS = [
    [1, "Đơn vị", "bk-p1", "Phòng Quản lý công nghiệp", 2021, None, "TTLĐTT"],
    [2, "Cá nhân", "bk-m1", "Nông Thị Thảo", 2021, None, "LĐTT; CSTĐCS"],
    [3, "Cá nhân", "bk-m2", "Hoàng Văn An", 2021, None, "TTLDXS"],
    [4, "Cá nhân", "bk-m3", "Đinh Thị Lan", "hai nghìn", None, "LDTT"],
    [None, None, None, None, None, None, None],
    [5, "Cá nhân", "bk-m1", "Nông Thị Thảo", 2021, None, "Lao động tiên tiến"],
]
GOOD_ROWS = [
    BAD_ROWS[0],
    BAD_ROWS[1],
    [3, "Cá nhân", "bk-m2", "Hoàng Văn An", 2021, None, "LDTT"],
    [4, "Cá nhân", "bk-m3", "Đinh Thị Lan", 2021, None, "LDTT"],
    BAD_ROWS[4],
    [5, "Cá nhân", "bk-m4", "Hà Văn Bình", 2021, None, "Lao động tiên tiến"],
]


async def upload(
    api: RegistryApi, content: bytes, name: str = "dang_ky_2021.xlsx", **headers: str
) -> Any:
    return await api.client.post(
        "/v1/registrations/import",
        data={"agency": "06"},
        files={"file": (name, content, XLSX)},
        headers=api.headers(**headers),
    )


async def registered(api: RegistryApi) -> int:
    listed = await api.client.get(
        "/v1/registrations", params={"agency": "06"}, headers=api.headers()
    )
    return int(listed.json()["total"])


async def test_a_file_with_bad_rows_writes_nothing_and_reports_each(
    registry_api: RegistryApi,
) -> None:
    await add_directory(registry_api)

    refused = await upload(registry_api, xlsx(BAD_ROWS))

    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    report = [(e["row"], e["column"], e["code"], e["message"]) for e in refused.json()["errors"]]
    assert report == [
        (
            4,
            "Danh hiệu đăng ký",
            "award_not_individual",
            "Danh hiệu TTLDXS không dành cho cá nhân.",
        ),
        (5, "Năm", "invalid_year", "Năm “hai nghìn” không hợp lệ (từ 1945 đến 2100)."),
        (7, "Mã đối tượng", "duplicate_in_batch", "Trùng đối tượng, năm và phong trào với dòng 3."),
    ]
    assert await registered(registry_api) == 0


async def test_the_corrected_file_writes_every_row(registry_api: RegistryApi) -> None:
    await add_directory(registry_api)
    await upload(registry_api, xlsx(BAD_ROWS))

    good = xlsx(GOOD_ROWS)  # once: openpyxl stamps the time it saves a workbook into the file
    accepted = await upload(registry_api, good, **{"Idempotency-Key": "bk-2021"})
    again = await upload(registry_api, good, **{"Idempotency-Key": "bk-2021"})
    other = await upload(registry_api, xlsx(BAD_ROWS), **{"Idempotency-Key": "bk-2021"})

    assert accepted.status_code == 201, accepted.text
    assert [r["row"] for r in accepted.json()["registrations"]] == [2, 3, 4, 5, 7]
    assert accepted.json()["file_name"] == "dang_ky_2021.xlsx"
    assert again.json() == accepted.json()
    assert other.json()["errors"][0]["field"] == "header.Idempotency-Key"
    assert await registered(registry_api) == 5


async def test_a_csv_with_bom_and_english_headers(registry_api: RegistryApi) -> None:
    await add_directory(registry_api)
    campaign = await registry_api.client.post(
        "/v1/campaigns",
        json={
            "agency": "06",
            "title": "Phong trào “Cán bộ, công chức thi đua thực hiện văn hóa công sở”",
            "form": "thematic",
            "scope": "sector_local",
            "launching_level": "ministry_province",
            "start_date": "2021-01-01",
        },
        headers=registry_api.headers(),
    )
    campaign_id = campaign.json()["campaign_id"]
    lines = [
        "registrant_kind,registrant_id,year,campaign_id,award_codes",
        f"unit,bk-p2,2021,{campaign_id},TTLDXS",
        f'member,bk-m1,2021,{campaign_id},"LDTT;CSTDCS"',
    ]
    content = ("\ufeff" + "\r\n".join(lines)).encode()

    accepted = await upload(registry_api, content, "dang_ky.csv")

    assert accepted.status_code == 201, accepted.text
    assert [r["row"] for r in accepted.json()["registrations"]] == [2, 3]
    listed = await registry_api.client.get(
        "/v1/registrations",
        params={"agency": "06", "campaign_id": campaign_id},
        headers=registry_api.headers(),
    )
    assert listed.json()["total"] == 2


async def test_a_csv_naming_an_unknown_registrant_and_campaign(registry_api: RegistryApi) -> None:
    await add_directory(registry_api)
    content = "\r\n".join(
        [
            "Loại (đơn vị/cá nhân),Mã đối tượng,Năm,Mã phong trào,Danh hiệu đăng ký",
            "cá nhân,bk-m1,2021,,LDTT",
            "cá nhân,bk-m99,2021,pt-khong-co,LDTT",
        ]
    ).encode()

    refused = await upload(registry_api, content, "dang_ky.csv")

    codes = [(e["row"], e["column"], e["code"]) for e in refused.json()["errors"]]
    assert codes == [
        (3, "Mã đối tượng", "registrant_not_found"),
        (3, "Mã phong trào", "campaign_not_found"),
    ]
    assert await registered(registry_api) == 0


async def test_a_missing_column_and_an_unreadable_file(registry_api: RegistryApi) -> None:
    header = [h for h in HEADER if h != "Mã đối tượng"]
    missing = await upload(registry_api, xlsx([[1, "Đơn vị", "x", 2021, None, "TTLDTT"]], header))
    not_utf8 = await upload(registry_api, "Năm,Loại\n2021,đơn vị\n".encode("utf-16"), "a.csv")

    assert missing.status_code == 422
    assert missing.json()["errors"] == [
        {
            "row": 1,
            "column": "Mã đối tượng",
            "field": "registrant_id",
            "code": "missing_column",
            "message": "Thiếu cột “Mã đối tượng”.",
            "msg": "column 'Mã đối tượng' is missing",
        }
    ]
    assert not_utf8.json()["errors"][0]["code"] == "not_utf8"


async def test_only_the_callers_agency_imports(registry_api: RegistryApi) -> None:
    refused = await registry_api.client.post(
        "/v1/registrations/import",
        data={"agency": "06"},
        files={"file": ("a.xlsx", xlsx(GOOD_ROWS), XLSX)},
        headers=registry_api.headers("01"),
    )
    assert refused.status_code == 403


def item(registrant_id: str, codes: list[str], kind: str = "member") -> dict[str, Any]:
    return {
        "agency": "06",
        "registrant_kind": kind,
        "registrant_id": registrant_id,
        "year": 2021,
        "award_codes": codes,
    }


async def test_a_batch_is_written_whole(registry_api: RegistryApi) -> None:
    await add_directory(registry_api)
    batch = [item("bk-m1", ["LDTT"]), item("bk-p1", ["TTLDTT"], "unit")]
    headers = registry_api.headers(**{"Idempotency-Key": "batch-2021"})

    accepted = await registry_api.client.post(
        "/v1/registrations/batch", json=batch, headers=headers
    )
    again = await registry_api.client.post("/v1/registrations/batch", json=batch, headers=headers)

    assert accepted.status_code == 201, accepted.text
    assert [r["index"] for r in accepted.json()["registrations"]] == [0, 1]
    assert again.json() == accepted.json()
    assert await registered(registry_api) == 2


async def test_a_batch_with_bad_items_writes_nothing(registry_api: RegistryApi) -> None:
    await add_directory(registry_api)
    batch = [item("bk-m1", ["LDTT"]), item("bk-m2", ["TTLDTT"]), item("bk-m1", ["CSTDCS"])]

    refused = await registry_api.client.post(
        "/v1/registrations/batch", json=batch, headers=registry_api.headers()
    )

    assert refused.status_code == 422
    assert [(e["index"], e["field"], e["code"]) for e in refused.json()["errors"]] == [
        (1, "body.1.award_codes", "award_not_individual"),
        (2, "body.2.registrant_id", "duplicate_in_batch"),
    ]
    assert refused.json()["errors"][1]["message"].endswith("với mục 0.")
    assert await registered(registry_api) == 0


async def test_a_batch_is_limited_and_stays_in_the_agency(registry_api: RegistryApi) -> None:
    too_many = [item(f"m{i}", ["LDTT"]) for i in range(1001)]
    foreign = [item("bk-m1", ["LDTT"]) | {"agency": "01"}]

    big = await registry_api.client.post(
        "/v1/registrations/batch", json=too_many, headers=registry_api.headers()
    )
    other = await registry_api.client.post(
        "/v1/registrations/batch", json=foreign, headers=registry_api.headers()
    )

    assert big.status_code == 422
    assert other.status_code == 403


async def test_an_import_is_limited_in_rows_and_size(registry_api: RegistryApi) -> None:
    rows = [f"cá nhân,m{i},2021,LDTT" for i in range(1001)]
    content = "\n".join(["Loại,Mã đối tượng,Năm,Danh hiệu", *rows]).encode()

    too_many = await upload(registry_api, content, "nhieu.csv")
    too_big = await upload(registry_api, b"x" * (5 * 1024 * 1024 + 1), "lon.csv")

    assert too_many.status_code == 422
    assert too_many.json()["errors"][0]["code"] == "too_many_rows"
    assert too_many.json()["errors"][0]["row"] is None
    assert too_big.status_code == 413
