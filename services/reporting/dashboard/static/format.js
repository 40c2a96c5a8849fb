// Vietnamese words and number formats for what the API answers.
const numbers = new Intl.NumberFormat("vi-VN");
const percent = new Intl.NumberFormat("vi-VN", { style: "percent", maximumFractionDigits: 1 });

export const count = (value) => numbers.format(value ?? 0);
export const share = (value) => (value === null || value === undefined ? "—" : percent.format(value));

export const LEVELS = {
  state: "Cấp Nhà nước",
  ministry_province: "Cấp Bộ, tỉnh",
  unit: "Cấp cơ sở",
};

export const RECIPIENTS = { collective: "Tập thể", individual: "Cá nhân", household: "Hộ gia đình" };

export const RECIPIENT_KINDS = {
  unit: "Đơn vị",
  agency: "Cơ quan",
  member: "Cá nhân",
  household: "Hộ gia đình",
  enterprise: "Doanh nghiệp",
};

export const NATION_FIGURES = [
  ["campaigns", "Phong trào thi đua"],
  ["registrations", "Lượt đăng ký thi đua"],
  ["awards", "Lượt khen thưởng"],
  ["awards_state", "Khen thưởng cấp Nhà nước"],
  ["awards_ministry_province", "Khen thưởng cấp Bộ, tỉnh"],
  ["awards_unit", "Khen thưởng cấp cơ sở"],
  ["initiatives_recognised", "Sáng kiến được công nhận"],
  ["proposals_pending", "Hồ sơ đề nghị đang chờ"],
];

export const RANKINGS = [
  ["awards", "Lượt khen thưởng"],
  ["awards_state", "Khen thưởng cấp Nhà nước"],
  ["campaigns", "Phong trào thi đua"],
  ["registrations", "Lượt đăng ký thi đua"],
];

export const GROUPINGS = [
  ["province63", "63 tỉnh, thành phố (2008 – 6/2025)"],
  ["province34", "34 tỉnh, thành phố (từ 1/7/2025)"],
];

export function periodLabel(from, to) {
  return from === to ? `Năm ${from}` : `Giai đoạn ${from} – ${to}`;
}

export function ago(seconds) {
  if (seconds < 60) return `${Math.round(seconds)} giây trước`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} phút trước`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} giờ trước`;
  return `${Math.round(seconds / 86400)} ngày trước`;
}

export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
