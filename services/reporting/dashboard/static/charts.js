// Charts (Chart.js, vendored) and the data table that stands beside each one for every reader.
import { count, escapeHtml } from "./format.js";

const PALETTE = ["#0b4f8a", "#c2410c", "#15803d", "#7c3aed", "#a16207", "#be123c"];
const live = new Map();

function draw(canvas, config) {
  live.get(canvas.id)?.destroy();
  const chart = new window.Chart(canvas, {
    ...config,
    options: { animation: false, maintainAspectRatio: false, responsive: true, ...config.options },
  });
  live.set(canvas.id, chart);
  return chart;
}

export function destroyCharts() {
  for (const chart of live.values()) chart.destroy();
  live.clear();
}

// A horizontal ranked bar chart; onPick(index) when a bar is clicked.
export function rankedBars(canvas, labels, values, label, onPick) {
  canvas.parentElement.style.height = `${Math.max(16, labels.length * 1.35 + 3)}rem`;
  return draw(canvas, {
    type: "bar",
    data: { labels, datasets: [{ label, data: values, backgroundColor: PALETTE[0] }] },
    options: {
      indexAxis: "y",
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } },
      onClick: (_event, elements) => elements.length && onPick(elements[0].index),
      onHover: (event, elements) => {
        event.native.target.style.cursor = elements.length ? "pointer" : "default";
      },
    },
  });
}

// Lines by year, one per series: [{ label, values }].
export function trendLines(canvas, years, series) {
  return draw(canvas, {
    type: "line",
    data: {
      labels: years.map(String),
      datasets: series.map((item, index) => ({
        label: item.label,
        data: item.values,
        borderColor: PALETTE[index % PALETTE.length],
        backgroundColor: PALETTE[index % PALETTE.length],
        tension: 0,
      })),
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
}

export function plainBars(canvas, labels, values, label) {
  return draw(canvas, {
    type: "bar",
    data: {
      labels,
      datasets: [{ label, data: values, backgroundColor: labels.map((_, i) => PALETTE[i % 6]) }],
    },
    options: {
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}

// A figure: the chart (hidden from screen readers, who get the table) beside its table, and
// an optional note under the chart (trusted HTML).
export function chartBlock(id, title, tableHtml, noteHtml = "") {
  return `<section class="pair" aria-labelledby="${id}-title">
    <div><h3 id="${id}-title">${escapeHtml(title)}</h3>
      <div class="chart"><canvas id="${id}" role="img" aria-label="${escapeHtml(title)}: biểu đồ; số liệu ở bảng bên cạnh"></canvas></div>${noteHtml}</div>
    <div class="scroll" tabindex="0" role="region" aria-label="Bảng: ${escapeHtml(title)}">${tableHtml}</div>
  </section>`;
}

// headers: [{ text, numeric }]; rows: arrays of cells, each a number or { html } or text.
export function dataTable(caption, headers, rows, id = "") {
  const head = headers
    .map((h) => `<th scope="col"${h.numeric ? ' class="n"' : ""}>${escapeHtml(h.text)}</th>`)
    .join("");
  const body = rows
    .map((row) => `<tr>${row.map((cell) => td(cell)).join("")}</tr>`)
    .join("");
  const idAttr = id ? ` id="${id}"` : "";
  return `<table${idAttr}><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function td(cell) {
  if (typeof cell === "number") return `<td class="n">${count(cell)}</td>`;
  if (cell && typeof cell === "object") return `<td>${cell.html}</td>`;
  return `<td>${escapeHtml(cell)}</td>`;
}
