// The dashboard's shell: sign-in, routes (#/quoc-gia, #/co-quan/<mã>), freshness, errors.
import { ApiError, claims, getJson, seesNation, signIn, signOut, token } from "./api.js";
import { renderAgency } from "./agency.js";
import { destroyCharts } from "./charts.js";
import { ago, escapeHtml } from "./format.js";
import { renderNation } from "./nation.js";

const main = document.getElementById("main");
const DEFAULT_SPAN = { from: 2021, to: 2025 };

function parseRoute() {
  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(query);
  const from = Number(params.get("from")) || DEFAULT_SPAN.from;
  const to = Number(params.get("to")) || DEFAULT_SPAN.to;
  const agency = path.match(/^\/co-quan\/([^/]+)$/);
  if (agency) return { page: "agency", agency: decodeURIComponent(agency[1]), from, to };
  if (path === "/quoc-gia") {
    const group = params.get("nhom") === "province34" ? "province34" : "province63";
    return { page: "nation", from, to, group, rank: params.get("xep") || "awards" };
  }
  return { page: "home", from, to };
}

function routeHash(state) {
  if (state.page === "agency") return `#/co-quan/${encodeURIComponent(state.agency)}?from=${state.from}&to=${state.to}`;
  return `#/quoc-gia?from=${state.from}&to=${state.to}&nhom=${state.group}&xep=${state.rank}`;
}

const navigate = (state) => { location.hash = routeHash(state); };

function showSignIn(message = "") {
  main.innerHTML = `<section class="signin" aria-labelledby="signin-title">
    <h2 id="signin-title">Đăng nhập</h2>
    ${message ? `<p class="notice error" role="alert">${escapeHtml(message)}</p>` : ""}
    <form id="signin-form"><label for="token">Mã truy cập (JWT) do quản trị hệ thống cấp</label>
      <textarea id="token" required autocomplete="off" spellcheck="false"></textarea>
      <button type="submit">Đăng nhập</button>
      <p class="muted">Mã chỉ được giữ trong thẻ trình duyệt này và mất khi đóng thẻ.</p></form></section>`;
  main.querySelector("#signin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (!signIn(main.querySelector("#token").value)) {
      showSignIn("Mã truy cập không đúng định dạng. Vui lòng dán lại toàn bộ mã.");
      return;
    }
    route();
  });
  main.querySelector("#token").focus();
}

function showProblem(error, who) {
  if (error instanceof ApiError && error.status === 401) {
    signOut();
    menus();
    showSignIn("Mã truy cập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại.");
    return;
  }
  const own = who?.agency ? ` <a href="#/co-quan/${encodeURIComponent(who.agency)}">Xem số liệu cơ quan của bạn</a>.` : "";
  const text = error instanceof ApiError && error.status === 403
    ? `Bạn không có quyền xem trang này: tài khoản cán bộ chỉ xem được số liệu của cơ quan mình.${own}`
    : error instanceof ApiError && error.status === 404
      ? "Không tìm thấy cơ quan này trong số liệu đã nhận."
      : `Không tải được số liệu (${escapeHtml(error.message)}). Vui lòng thử lại sau.`;
  main.innerHTML = `<h2>Không hiển thị được số liệu</h2><p class="notice error" role="alert">${text}</p>`;
}

function menus() {
  const who = token() ? claims() : null;
  document.getElementById("nav-nation").hidden = !seesNation(who);
  const mine = document.getElementById("nav-agency");
  mine.hidden = !who?.agency || seesNation(who);
  if (who?.agency) mine.href = `#/co-quan/${encodeURIComponent(who.agency)}`;
  document.getElementById("sign-out").hidden = !who;
  return who;
}

async function route() {
  destroyCharts();
  const who = menus();
  if (!who) return showSignIn();
  let state = parseRoute();
  if (state.page !== "agency" && !seesNation(who)) {
    state = { page: "agency", agency: who.agency, from: state.from, to: state.to };
  } else if (state.page === "home") {
    state = { ...state, page: "nation", group: "province63", rank: "awards" };
  }
  if (routeHash(state) !== location.hash) return history.replaceState(null, "", routeHash(state)) || route();
  try {
    await (state.page === "agency" ? renderAgency(main, state, navigate) : renderNation(main, state, navigate));
  } catch (error) {
    showProblem(error, who);
  }
  refreshFreshness();
}

async function refreshFreshness() {
  const line = document.getElementById("freshness");
  if (!token()) {
    line.textContent = "Đăng nhập để xem độ mới của số liệu.";
    return;
  }
  try {
    const found = await getJson("v1/freshness");
    const consumer = found.consumers[0];
    const age = consumer?.seconds_since_last_applied;
    const when = age === null || age === undefined
      ? "chưa nhận sự kiện mới kể từ khi dịch vụ khởi động"
      : `cập nhật lần cuối ${ago(age)}`;
    const lag = found.lag_total === null ? "không rõ số sự kiện chờ" : `${found.lag_total} sự kiện chờ xử lý`;
    line.textContent = `Số liệu: ${when}; ${lag}.`;
    line.classList.toggle("stale", Boolean(found.lag_total));
  } catch {
    line.textContent = "Không kiểm tra được độ mới của số liệu.";
  }
}

function projector() {
  const button = document.getElementById("projector");
  const set = (on) => {
    document.body.classList.toggle("projector", on);
    button.setAttribute("aria-pressed", String(on));
    localStorage.setItem("tdkt.projector", on ? "1" : "");
  };
  set(Boolean(localStorage.getItem("tdkt.projector")));
  button.addEventListener("click", () => { set(!document.body.classList.contains("projector")); route(); });
}

document.getElementById("sign-out").addEventListener("click", () => {
  signOut();
  location.hash = "";
  route();
});
window.addEventListener("hashchange", route);
setInterval(refreshFreshness, 30000);
projector();
route();
