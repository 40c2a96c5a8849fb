"""Vietnamese messages of the registry's bulk reports, keyed by the English error code.

The file's, the columns' and the common cells' messages are those every import shares
(:data:`shared.spreadsheets.COMMON_MESSAGES`).
"""

from __future__ import annotations

from shared.spreadsheets import Messages

MESSAGES = Messages(
    {
        "invalid_kind": "Loại phải là “đơn vị” hoặc “cá nhân”, không phải “{value}”.",
        "invalid_year": "Năm “{value}” không hợp lệ (từ 1945 đến 2100).",
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
    }
)
