"""Vietnamese messages of the import report, keyed by the English error or warning code.

The file's, the columns' and the common cells' messages are those every import shares
(:data:`shared.spreadsheets.COMMON_MESSAGES`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from shared.spreadsheets import Messages

MESSAGES = Messages(
    {
        # One cell.
        "invalid_number": "Số quyết định “{value}” không hợp lệ (tối đa 100 ký tự).",
        "invalid_authority": "Tên cơ quan ban hành quá dài (tối đa 2000 ký tự).",
        "invalid_year": "Năm “{value}” không hợp lệ (một năm từ 1945 đến 2100, hoặc 2016-2020).",
        "missing_year": "Cần năm thành tích, hoặc cả “Từ năm” và “Đến năm”.",
        "invalid_period": "Giai đoạn {value} không hợp lệ: năm cuối trước năm đầu.",
        "invalid_kind": "Loại đối tượng “{value}” không hợp lệ "
        "(cá nhân, tập thể, cơ quan, hộ gia đình, doanh nghiệp).",
        "invalid_level": "Cấp khen “{value}” không hợp lệ "
        "(cơ sở, bộ/tỉnh, Thủ tướng, Chủ tịch nước).",
        "invalid_commendation_kind": "Loại khen thưởng “{value}” không hợp lệ (thường xuyên, "
        "chuyên đề, đột xuất, cống hiến, niên hạn, đối ngoại).",
        "unknown_award_code": "Không có danh hiệu, hình thức “{value}” trong danh mục.",
        # One row against the catalogue, the decision or the file.
        "award_not_for_member": "{award_code} không tặng cho cá nhân.",
        "award_not_for_unit": "{award_code} không tặng cho tập thể.",
        "award_not_for_agency": "{award_code} không tặng cho cơ quan.",
        "award_not_for_household": "{award_code} không tặng cho hộ gia đình.",
        "award_not_for_enterprise": "{award_code} không tặng cho doanh nghiệp: doanh nghiệp nhận "
        "các hình thức khen thưởng tập thể, trừ danh hiệu Tập thể lao động tiên tiến, Tập thể "
        "lao động xuất sắc.",
        "invalid_tax_code": "Mã số thuế của doanh nghiệp gồm 10 chữ số, hoặc 10 chữ số, dấu "
        "“-” và 3 chữ số đối với chi nhánh, đơn vị phụ thuộc (ví dụ 0100109106).",
        "level_cannot_grant": "{award_code} do cấp {granting_level_vi} quyết định, "
        "không thuộc thẩm quyền cấp {authority_level_vi}.",
        "achievement_after_signing": "Năm thành tích sau ngày ký quyết định.",
        "kind_not_allowed": "{award_code} không khen theo loại khen thưởng đã ghi: danh hiệu "
        "thi đua chỉ xét tặng thường xuyên (công trạng), cờ thi đua thêm khi tổng kết phong trào "
        "theo chuyên đề.",
        "decision_fields_differ": "Cùng quyết định với {other} nhưng khác {column}.",
        "duplicate_in_file": "Trùng đối tượng, danh hiệu và năm với {other} của cùng quyết định.",
        "decision_differs": "Quyết định số {number} của {authority} đã được ghi nhận "
        "với nội dung khác (mã {decision_id}).",
        # Warnings: recorded anyway.
        "recipient_unknown": "Chưa có dữ liệu nào về đối tượng {value} trong cơ quan: "
        "ghi nhận theo mã đã nhập.",
        "already_awarded": "{award}: {reasons}",
        "held": "{award}: {reasons}",
        "not_eligible": "{award}: {reasons}",
        "unverified": "{award}: {reasons}",
    }
)

LEVELS_VI: Mapping[str, str] = MappingProxyType(
    {
        "unit": "cơ sở",
        "ministry_province": "bộ, tỉnh",
        "prime_minister": "Thủ tướng Chính phủ",
        "president": "Chủ tịch nước",
    }
)
