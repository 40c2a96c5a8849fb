"""Vietnamese messages of the bulk reports, keyed by the English error code."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

MESSAGES: Mapping[str, str] = MappingProxyType(
    {
        "unreadable_file": "Không đọc được tệp: chỉ nhận tệp CSV (UTF-8) hoặc XLSX.",
        "legacy_xls": "Tệp XLS (Excel 97–2003) không được hỗ trợ: hãy lưu thành XLSX hoặc CSV.",
        "not_utf8": "Tệp CSV phải được lưu với mã hóa UTF-8.",
        "empty_file": "Tệp không có dòng tiêu đề hoặc không có dữ liệu.",
        "too_many_rows": "Tệp có {rows} dòng dữ liệu, vượt quá giới hạn {limit} dòng.",
        "missing_column": "Thiếu cột “{column}”.",
        "duplicate_column": "Cột “{column}” xuất hiện nhiều lần.",
        "missing_value": "Ô này không được bỏ trống.",
        "invalid_kind": "Loại phải là “đơn vị” hoặc “cá nhân”, không phải “{value}”.",
        "invalid_id": "Mã “{value}” không hợp lệ (không chứa khoảng trắng, tối đa 128 ký tự).",
        "invalid_year": "Năm “{value}” không hợp lệ (từ 1945 đến 2100).",
        "invalid_date": "Ngày “{value}” không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd).",
        "invalid_value": "Giá trị không hợp lệ.",
        "no_award_codes": "Chưa có danh hiệu đăng ký.",
        "too_many_award_codes": "Đăng ký tối đa {limit} danh hiệu.",
        "duplicate_award_code": "Danh hiệu {award_code} bị lặp lại.",
        "unknown_award_code": "Không có danh hiệu “{award_code}” trong danh mục.",
        "award_not_individual": "Danh hiệu {award_code} không dành cho cá nhân.",
        "award_not_collective": "Danh hiệu {award_code} không dành cho tập thể.",
        "registrant_not_found": "Không có đối tượng mã {registrant_id} trong cơ quan.",
        "campaign_not_found": "Không có phong trào mã {campaign_id}.",
        "campaign_closed": "Phong trào {campaign_id} đã kết thúc, không nhận đăng ký.",
        "campaign_not_in_year": "Phong trào {campaign_id} không diễn ra trong năm {year}.",
        "already_registered": "Đối tượng đã đăng ký cho năm và phong trào này "
        "(mã đăng ký {registration_id}).",
        "duplicate_in_batch": "Trùng đối tượng, năm và phong trào với {other}.",
        "forbidden_agency": "Không được đăng ký cho cơ quan {agency}.",
        "refused": "Không hợp lệ.",
    }
)


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def vietnamese(code: str, details: Mapping[str, Any]) -> str:
    """The Vietnamese message of ``code`` with ``details`` filled in."""
    template = MESSAGES.get(code, MESSAGES["refused"])
    return template.format_map(_Blank(details))
