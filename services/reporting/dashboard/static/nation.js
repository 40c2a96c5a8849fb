// The nation page: headline figures, provinces ranked, the trend by year.
import { getJson } from "./api.js";
import { chartBlock, dataTable, rankedBars, trendLines } from "./charts.js";
import {
  GROUPINGS, NATION_FIGURES, RANKINGS, count, escapeHtml, periodLabel, share,
} from "./format.js";

export const FIRST_YEAR = 2010;

export function periods(thisYear) {
  const lastStart = thisYear - ((thisYear - 1) % 5);
  const spans = [];
  for (let start = lastStart; start >= FIRST_YEAR + 1; start -= 5) spans.push([start, start + 4]);
  const years = [];
  for (let year = thisYear; year >= FIRST_YEAR; year -= 1) years.push([year, year]);
  return { spans, years };
}

function periodSelect(state) {
  const { spans, years } = periods(new Date().getFullYear());
  const option = ([from, to]) => {
    const selected = from === state.from && to === state.to ? " selected" : "";
    return `<option value="${from}-${to}"${selected}>${periodLabel(from, to)}</option>`;
  };
  return `<div><label for="period">Kỳ số liệu</label>
    <select id="period"><optgroup label="Giai đoạn 5 năm">${spans.map(option).join("")}</optgroup>
    <optgroup label="Từng năm">${years.map(option).join("")}</optgroup></select></div>`;
}

function groupingRadios(state) {
  const radio = ([value, text]) => `<label><input type="radio" name="group" value="${value}"
    ${value === state.group ? "checked" : ""}> ${text}</label>`;
  return `<fieldset><legend>Nhóm theo tỉnh, thành phố</legend>${GROUPINGS.map(radio).join("")}</fieldset>`;
}

function rankingSelect(state) {
  const option = ([value, text]) =>
    `<option value="${value}"${value === state.rank ? " selected" : ""}>${text}</option>`;
  return `<div><label for="rank">Xếp hạng theo</label>
    <select id="rank">${RANKINGS.map(option).join("")}</select></div>`;
}

function figures(total, coverage) {
  const item = ([key, text, value, title]) => `<div><dt>${text}</dt><dd data-figure="${key}"${
    title ? ` title="${title}"` : ""}>${value}</dd></div>`;
  const items = NATION_FIGURES.map(([key, text]) => [key, text, count(total[key])]);
  items.splice(2, 0, ["unit_coverage", `Tỷ lệ đơn vị đăng ký (${coverage.year})`,
    share(coverage.unit_coverage),
    `${count(coverage.registered_units)} / ${count(coverage.units_in_directory)} đơn vị`]);
  return `<dl class="figures" aria-label="Số liệu chính toàn ngành">${items.map(item).join("")}</dl>`;
}

function rankedRows(report, rank) {
  const rows = [...report.items, ...report.post_merger_agencies];
  return rows.sort((a, b) => b[rank] - a[rank] || a.key.localeCompare(b.key));
}

function provinceLink(row, target) {
  const name = escapeHtml(row.name ?? row.key);
  const key = `data-row="${escapeHtml(row.key)}"`;
  return target
    ? `<a href="#/co-quan/${encodeURIComponent(target)}" ${key}>${name}</a>`
    : `<span ${key}>${name}</span>`;
}

function rankingTable(rows, rank, targets) {
  const label = (key) => RANKINGS.find(([column]) => column === key)[1];
  const others = RANKINGS.map(([key]) => key).filter((key) => key !== rank).slice(0, 2);
  return dataTable(
    `Xếp hạng theo ${label(rank).toLowerCase()}`,
    [{ text: "Hạng", numeric: true }, { text: "Tỉnh, thành phố" },
      ...[rank, ...others].map((key) => ({ text: label(key), numeric: true }))],
    rows.map((row, index) => [index + 1, { html: provinceLink(row, targets(row)) },
      ...[rank, ...others].map((key) => row[key])]),
    "ranking-table",
  );
}

function trendTable(trend) {
  return dataTable(
    "Số liệu toàn ngành theo năm",
    [{ text: "Năm" }, { text: "Lượt khen thưởng", numeric: true },
      { text: "Cấp Nhà nước", numeric: true }, { text: "Phong trào", numeric: true },
      { text: "Đăng ký thi đua", numeric: true }],
    trend.map((y) => [String(y.year), y.awards, y.awards_state, y.campaigns, y.registrations]),
    "trend-table",
  );
}

function ministryTable(report) {
  return dataTable(
    "Các đơn vị thuộc Bộ",
    [{ text: "Đơn vị" }, { text: "Lượt khen thưởng", numeric: true },
      { text: "Cấp Nhà nước", numeric: true }, { text: "Phong trào", numeric: true }],
    report.ministry_units.map((row) => [
      { html: provinceLink(row, row.key) }, row.awards, row.awards_state, row.campaigns,
    ]),
  );
}

// The agency a province's row opens: the one that acts for it today.
function targetOf(agencies) {
  return (row) => {
    const current = row.agencies.filter((code) => !agencies.get(code)?.ceased_on);
    return (current.length ? current : row.agencies).at(-1) ?? null;
  };
}

export async function renderNation(main, state, navigate) {
  main.innerHTML = `<h2>Toàn quốc: ${periodLabel(state.from, state.to)}</h2>
    <form class="controls" id="nation-controls" aria-label="Chọn kỳ và cách nhóm">
      ${periodSelect(state)}${groupingRadios(state)}${rankingSelect(state)}</form>
    <div id="nation-body" aria-busy="true"><p>Đang tải số liệu…</p></div>`;
  const controls = main.querySelector("#nation-controls");
  controls.addEventListener("change", () => {
    const [from, to] = controls.querySelector("#period").value.split("-").map(Number);
    const group = controls.querySelector("input[name=group]:checked").value;
    navigate({ ...state, from, to, group, rank: controls.querySelector("#rank").value });
  });
  const [data, agencies] = await Promise.all([
    getJson("v1/dashboard/nation", { from: state.from, to: state.to, group_by: state.group }),
    getJson("v1/agencies", { limit: 500 }),
  ]);
  const byCode = new Map(agencies.items.map((a) => [a.agency_code, a]));
  showNation(main.querySelector("#nation-body"), data, state, targetOf(byCode));
}

function showNation(body, data, state, targets) {
  const report = data.national;
  const rows = rankedRows(report, state.rank);
  const rankLabel = RANKINGS.find(([key]) => key === state.rank)[1];
  const charted = rows.filter((r) => r[state.rank] > 0);
  body.innerHTML = `${figures(report.grand_total, data.coverage)}
    <p class="muted">Toàn ngành: ${count(report.totals.awards)} lượt khen thưởng của các tỉnh, thành phố
      và ${count(report.ministry_units_total.awards)} của các đơn vị thuộc Bộ. Bấm vào một tỉnh để xem chi tiết.</p>
    ${chartBlock("ranking-chart", `Các tỉnh, thành phố theo ${rankLabel.toLowerCase()}`,
      rankingTable(rows, state.rank, targets), withoutFigures(rows.length - charted.length))}
    ${chartBlock("trend-chart", "Diễn biến theo năm", trendTable(data.trend))}
    <h3>Các đơn vị thuộc Bộ</h3><div class="scroll">${ministryTable(report)}</div>`;
  body.setAttribute("aria-busy", "false");
  rankedBars(body.querySelector("#ranking-chart"), charted.map((r) => r.name ?? r.key),
    charted.map((r) => r[state.rank]), rankLabel, (index) => {
      const target = targets(charted[index]);
      if (target) location.hash = `#/co-quan/${encodeURIComponent(target)}?from=${state.from}&to=${state.to}`;
    });
  const years = data.trend.map((y) => y.year);
  trendLines(body.querySelector("#trend-chart"), years, [
    { label: "Lượt khen thưởng", values: data.trend.map((y) => y.awards) },
    { label: "Cấp Nhà nước", values: data.trend.map((y) => y.awards_state) },
    { label: "Phong trào thi đua", values: data.trend.map((y) => y.campaigns) },
    { label: "Đăng ký thi đua", values: data.trend.map((y) => y.registrations) },
  ]);
  for (const link of body.querySelectorAll("a[href^='#/co-quan/']")) {
    link.href += `?from=${state.from}&to=${state.to}`;
  }
}

// The chart shows the provinces with a figure; the table beside it lists them all.
function withoutFigures(n) {
  return n ? `<p class="muted" id="ranking-chart-rest">… ${count(n)} tỉnh, thành phố chưa có số liệu
    (có trong bảng bên cạnh)</p>` : "";
}
