// The agency page: its figures for the period, the trend, awards by level and recipient,
// streaks, the narrative and its forms 0601.N–0603.N as XLSX.
import { download, getJson } from "./api.js";
import { chartBlock, dataTable, plainBars, trendLines } from "./charts.js";
import {
  LEVELS, RECIPIENTS, RECIPIENT_KINDS, count, escapeHtml, periodLabel, share,
} from "./format.js";

const FORMS = ["0601", "0602", "0603"];

function liveRegistrations(stats) {
  return stats.registrations.reduce(
    (sum, year) => sum + (year.by_status.submitted ?? 0) + (year.by_status.approved ?? 0), 0);
}

function figures(stats) {
  const last = stats.registrations.at(-1);
  const items = [
    ["awards_total", "Lượt khen thưởng", count(stats.awards_total)],
    ...Object.entries(LEVELS).map(([level, text]) =>
      [`awards_${level}`, `Khen thưởng ${text.toLowerCase()}`, count(stats.awards_by_level_class[level])]),
    ["campaigns", "Phong trào thi đua", count(stats.campaigns.total)],
    ["registrations", "Lượt đăng ký thi đua", count(liveRegistrations(stats))],
    ["unit_coverage", `Tỷ lệ đơn vị đăng ký (${last.year})`, share(last.unit_coverage)],
    ["initiatives_recognised", "Sáng kiến được công nhận", count(stats.initiatives.recognised)],
    ["proposals_pending", "Hồ sơ đề nghị đang chờ", count(stats.proposals.pending)],
  ];
  const item = ([key, text, value]) => `<div><dt>${text}</dt><dd data-figure="${key}">${value}</dd></div>`;
  return `<dl class="figures" aria-label="Số liệu chính của cơ quan">${items.map(item).join("")}</dl>`;
}

function awardsByYear(stats) {
  const sums = new Map();
  for (const award of stats.awards) {
    for (const { year, count: n } of award.by_year) sums.set(year, (sums.get(year) ?? 0) + n);
  }
  return sums;
}

function trend(stats) {
  const years = stats.registrations.map((y) => y.year);
  const awards = awardsByYear(stats);
  const campaigns = new Map(stats.campaigns.by_year.map((y) => [y.year, y.count]));
  const rows = stats.registrations.map((y) => ({
    year: y.year,
    awards: awards.get(y.year) ?? 0,
    campaigns: campaigns.get(y.year) ?? 0,
    registrations: (y.by_status.submitted ?? 0) + (y.by_status.approved ?? 0),
    coverage: y.unit_coverage,
  }));
  return { years, rows };
}

function trendTable(rows) {
  return dataTable("Số liệu theo năm",
    [{ text: "Năm" }, { text: "Lượt khen thưởng", numeric: true }, { text: "Phong trào", numeric: true },
      { text: "Đăng ký thi đua", numeric: true }, { text: "Tỷ lệ đơn vị đăng ký", numeric: true }],
    rows.map((r) => [String(r.year), r.awards, r.campaigns, r.registrations, { html: share(r.coverage) }]));
}

function recipients(stats) {
  const sums = { collective: 0, individual: 0, household: 0 };
  for (const award of stats.awards) for (const key of Object.keys(sums)) sums[key] += award[key];
  return sums;
}

function awardsTable(stats) {
  return dataTable("Theo danh hiệu, hình thức khen thưởng",
    [{ text: "Danh hiệu, hình thức" }, { text: "Cấp" }, { text: "Tập thể", numeric: true },
      { text: "Cá nhân", numeric: true }, { text: "Hộ gia đình", numeric: true }, { text: "Tổng", numeric: true }],
    stats.awards.map((a) => [a.name_vi ?? a.award_code, LEVELS[a.level_class] ?? a.level_class,
      a.collective, a.individual, a.household, a.awards]));
}

function streaksTable(page) {
  if (!page.items.length) return "<p>Chưa có chuỗi năm liền nào trong kỳ này.</p>";
  return dataTable(`Chuỗi năm liền dài nhất (${count(page.total)} chuỗi)`,
    [{ text: "Danh hiệu" }, { text: "Đối tượng" }, { text: "Mã đối tượng" },
      { text: "Số năm liền", numeric: true }, { text: "Từ – đến" }],
    page.items.map((s) => [s.name_vi ?? s.award_code, RECIPIENT_KINDS[s.recipient_kind] ?? s.recipient_kind,
      s.recipient_id, s.longest.years, `${s.longest.year_from} – ${s.longest.year_to}`]));
}

function formButtons(state) {
  const years = [];
  for (let year = state.to; year >= state.from; year -= 1) years.push(year);
  const row = (year) => `<li>Năm ${year}: ${FORMS.map((form) =>
    `<button type="button" data-form="${form}" data-year="${year}">Biểu ${form}.N (XLSX)</button>`).join(" ")}</li>`;
  return `<ul class="forms">${years.map(row).join("")}</ul>`;
}

function lifecycle(agency) {
  const parts = [];
  if (agency.province_code_34) parts.push(`tỉnh, thành phố (34): ${escapeHtml(agency.province_code_34)}`);
  if (agency.ceased_on) parts.push(`đã hợp nhất ngày ${agency.ceased_on} vào ${escapeHtml(agency.successor_code ?? "")}`);
  if (agency.predecessor_codes.length) parts.push(`tiếp nối: ${agency.predecessor_codes.map(escapeHtml).join(", ")}`);
  return parts.length ? `<p class="muted">Mã ${escapeHtml(agency.agency_code)}; ${parts.join("; ")}.</p>` : "";
}

export async function renderAgency(main, state, navigate) {
  main.innerHTML = `<h2>Đang tải số liệu cơ quan ${escapeHtml(state.agency)}…</h2>`;
  const span = { from: state.from, to: state.to };
  const [stats, narrative, streaks] = await Promise.all([
    getJson(`v1/agencies/${encodeURIComponent(state.agency)}/stats`, span),
    getJson(`v1/agencies/${encodeURIComponent(state.agency)}/narrative`, span),
    getJson("v1/streaks", { agency: state.agency, ...span, limit: 10 }),
  ]);
  const { years, rows } = trend(stats);
  const levels = Object.keys(LEVELS);
  const byRecipient = recipients(stats);
  main.innerHTML = `<h2>${escapeHtml(stats.agency.name ?? state.agency)}: ${periodLabel(state.from, state.to)}</h2>
    ${lifecycle(stats.agency)}
    <form class="controls" id="agency-controls" aria-label="Chọn kỳ"><div>
      <label for="agency-from">Từ năm</label><input id="agency-from" type="number" min="1945" max="2100" value="${state.from}"></div>
      <div><label for="agency-to">Đến năm</label><input id="agency-to" type="number" min="1945" max="2100" value="${state.to}"></div>
      <button type="submit">Xem</button></form>
    ${figures(stats)}
    ${chartBlock("agency-trend", "Diễn biến theo năm", trendTable(rows))}
    ${chartBlock("agency-levels", "Khen thưởng theo cấp", dataTable("Lượt khen thưởng theo cấp",
      [{ text: "Cấp" }, { text: "Lượt", numeric: true }], levels.map((l) => [LEVELS[l], stats.awards_by_level_class[l] ?? 0])))}
    ${chartBlock("agency-recipients", "Khen thưởng theo đối tượng", dataTable("Lượt khen thưởng theo đối tượng",
      [{ text: "Đối tượng" }, { text: "Lượt", numeric: true }], Object.entries(RECIPIENTS).map(([k, t]) => [t, byRecipient[k]])))}
    <div class="scroll" tabindex="0" role="region" aria-label="Bảng theo danh hiệu">${awardsTable(stats)}</div>
    <h3>Chuỗi năm liền</h3>${streaksTable(streaks)}
    <h3>Tóm tắt</h3><div class="narrative">${narrative.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("")}</div>
    <h3>Biểu mẫu thống kê (Thông tư 02/2023/TT-BNV)</h3>${formButtons(state)}
    <p id="download-status" role="status" aria-live="polite"></p>`;
  wire(main, state, navigate);
  trendLines(main.querySelector("#agency-trend"), years, [
    { label: "Lượt khen thưởng", values: rows.map((r) => r.awards) },
    { label: "Phong trào thi đua", values: rows.map((r) => r.campaigns) },
    { label: "Đăng ký thi đua", values: rows.map((r) => r.registrations) },
  ]);
  plainBars(main.querySelector("#agency-levels"), levels.map((l) => LEVELS[l]),
    levels.map((l) => stats.awards_by_level_class[l] ?? 0), "Lượt khen thưởng");
  plainBars(main.querySelector("#agency-recipients"), Object.values(RECIPIENTS),
    Object.keys(RECIPIENTS).map((k) => byRecipient[k]), "Lượt khen thưởng");
}

function wire(main, state, navigate) {
  main.querySelector("#agency-controls").addEventListener("submit", (event) => {
    event.preventDefault();
    const from = Number(main.querySelector("#agency-from").value);
    const to = Number(main.querySelector("#agency-to").value);
    if (from && to && from <= to) navigate({ ...state, from, to });
  });
  const status = main.querySelector("#download-status");
  for (const button of main.querySelectorAll("button[data-form]")) {
    button.addEventListener("click", async () => {
      const { form, year } = button.dataset;
      status.textContent = `Đang tải biểu ${form}.N năm ${year}…`;
      try {
        await download(`v1/exports/${form}.xlsx`, { agency: state.agency, year },
          `bieu-${form}N-${state.agency}-${year}.xlsx`);
        status.textContent = `Đã tải biểu ${form}.N năm ${year}.`;
      } catch (error) {
        status.textContent = `Không tải được biểu ${form}.N năm ${year}: ${error.message}`;
      }
    });
  }
}
