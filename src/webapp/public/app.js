// The region at a glance: a Telegram Mini App page without a framework (one module, about 12 KB gzip-ed with its
// CSS). Everything it shows comes from /app/api/* with Telegram's init data; texts arrive composed in the person's
// language, numbers both exact (for sorting and the chart) and formatted as in the chat.

// ---- launch parameters and the Telegram bridge (what telegram-web-app.js does, in the few lines this page needs) ----

const launch = readLaunch();

function readLaunch() {
  const fromHash = new URLSearchParams(location.hash.slice(1));
  let initData = fromHash.get("tgWebAppData") ?? "";
  let theme = fromHash.get("tgWebAppThemeParams") ?? "";
  // Telegram gives them once, in the first URL: kept for a reload in the same tab.
  try {
    if (initData) sessionStorage.setItem("tgWebAppData", initData);
    else initData = sessionStorage.getItem("tgWebAppData") ?? "";
    if (theme) sessionStorage.setItem("tgWebAppThemeParams", theme);
    else theme = sessionStorage.getItem("tgWebAppThemeParams") ?? "";
  } catch {
    // storage refused (private mode): only this load has them
  }
  const query = new URLSearchParams(location.search);
  return { initData, themeParams: parseJson(theme), form: query.get("form"), period: query.get("period") };
}

function parseJson(text) {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

function postEvent(type, data = {}) {
  const payload = JSON.stringify(data);
  try {
    if (window.TelegramWebviewProxy?.postEvent) window.TelegramWebviewProxy.postEvent(type, payload);
    else if (window.external && "notify" in window.external) window.external.notify(JSON.stringify({ eventType: type, eventData: data }));
    else if (window.parent !== window) window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data }), "*");
  } catch {
    // outside Telegram (a browser with a sandbox link): nothing to tell
  }
}

const handlers = {
  theme_changed: (data) => applyTheme(data?.theme_params ?? {}),
  viewport_changed: (data) => {
    if (typeof data?.height === "number") {
      document.documentElement.style.setProperty("--tg-viewport-height", `${data.height}px`);
      if (data.is_state_stable) document.documentElement.style.setProperty("--tg-viewport-stable-height", `${data.height}px`);
    }
  },
  back_button_pressed: () => goBack(),
};

function receiveEvent(type, data) {
  handlers[type]?.(data);
}

window.Telegram = Object.assign(window.Telegram ?? {}, { WebView: { receiveEvent } });
window.addEventListener("message", (event) => {
  try {
    const message = typeof event.data === "string" ? JSON.parse(event.data) : event.data;
    if (message?.eventType) receiveEvent(message.eventType, message.eventData);
  } catch {
    // not Telegram's
  }
});

function applyTheme(params) {
  const root = document.documentElement.style;
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === "string" && /^#[0-9a-f]{3,8}$/i.test(value)) root.setProperty(`--tg-theme-${key.replace(/_/g, "-")}`, value);
  }
  if (params.bg_color) postEvent("web_app_set_background_color", { color: params.bg_color });
}

// ---- state and the API ----

const state = {
  me: null,
  lang: null,
  form: null,
  period: null,
  view: "region",
  unit: null,
  sort: { key: null, dir: 1 },
  summary: null,
  trendOpen: new Set(),
};

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? String(status));
    this.status = status;
    this.body = body;
  }
}

async function api(path, params = {}, init = {}) {
  const query = new URLSearchParams(params);
  // The person's own language unless they switched here (refusals before that follow the browser's).
  if (state.lang) query.set("lang", state.lang);
  const response = await fetch(`api/${path}?${query}`, {
    ...init,
    headers: { Authorization: `tma ${launch.initData}`, ...(init.body ? { "Content-Type": "application/json" } : {}) },
    cache: "no-store",
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

const t = (key) => state.me?.strings?.[key] ?? "";

// ---- DOM helpers (text only: nothing from the server becomes markup) ----

function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") element.className = value;
    else if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const SVG = "http://www.w3.org/2000/svg";
function s(tag, attrs = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

const main = document.getElementById("main");
const bar = document.getElementById("bar");

function show(...nodes) {
  main.replaceChildren(...nodes);
}

function spinner() {
  show(h("div", { class: "spinner", "aria-hidden": "true" }));
}

function showError(error, retry) {
  const message = error instanceof ApiError ? error.body?.message : t("webapp-error-network") || "⚠";
  const nodes = [h("div", { class: "notice", role: "alert", "data-error": error instanceof ApiError ? error.body?.error ?? error.status : "network" }, message)];
  if (retry && !(error instanceof ApiError && (error.status === 401 || error.status === 403))) {
    nodes.push(h("button", { class: "button", onclick: retry }, t("webapp-retry") || "↻"));
  }
  show(...nodes);
}

// ---- start ----

async function start() {
  applyTheme(launch.themeParams);
  postEvent("web_app_ready");
  postEvent("web_app_expand");
  await loadMe();
}

async function loadMe() {
  spinner();
  try {
    state.me = await api("me");
  } catch (error) {
    bar.hidden = true;
    showError(error, loadMe);
    return;
  }
  document.documentElement.lang = state.me.locale;
  document.title = t("webapp-title");
  const forms = state.me.forms;
  const wanted = launch.form ?? state.me.start?.form;
  if (!state.form || !forms.some((f) => f.id === state.form)) state.form = forms.find((f) => f.id === wanted)?.id ?? forms[0]?.id ?? null;
  const form = currentForm();
  if (form && (!state.period || !hasPeriod(form, state.period))) {
    const asked = launch.period ?? state.me.start?.period;
    state.period = asked && hasPeriod(form, asked) ? asked : (form.main.find((p) => p.kind === "ytd") ?? form.main[0])?.id;
  }
  renderBar();
  if (state.me.role === "district") return openUnit(state.me.unit.id, true);
  if (state.view === "unit" && state.unit) return openUnit(state.unit);
  return loadSummary();
}

const currentForm = () => state.me?.forms.find((f) => f.id === state.form);
const hasPeriod = (form, id) => form.groups.some((group) => group.periods.some((p) => p.id === id));

function renderBar() {
  const me = state.me;
  const form = currentForm();
  const children = [];
  const top = [];
  if (me.forms.length > 1) {
    top.push(
      h(
        "select",
        { class: "select grow", "aria-label": t("webapp-form"), id: "form", onchange: (e) => switchForm(e.target.value) },
        me.forms.map((f) => h("option", { value: f.id, selected: f.id === state.form }, f.name)),
      ),
    );
  } else if (form) top.push(h("strong", { class: "grow" }, form.name));
  else top.push(h("strong", { class: "grow" }, t("webapp-title")));
  top.push(
    h(
      "select",
      { class: "select", "aria-label": t("webapp-language"), id: "language", onchange: (e) => switchLanguage(e.target.value) },
      me.languages.map((l) => h("option", { value: l.id, selected: l.id === me.locale }, l.name)),
    ),
  );
  children.push(h("div", { class: "row" }, top));
  if (form && state.view === "region") {
    const chipKey = { month: "webapp-period-month", quarter: "webapp-period-quarter", ytd: "webapp-period-ytd" };
    children.push(
      h(
        "div",
        { class: "chips", role: "group", "aria-label": t("webapp-period") },
        form.main.map((p) =>
          h("button", { class: "chip", "data-period": p.id, title: p.label, "aria-pressed": String(p.id === state.period), onclick: () => switchPeriod(p.id) }, t(chipKey[p.kind]) || p.label),
        ),
        h(
          "select",
          { class: "select grow", "aria-label": t("webapp-period"), id: "period", onchange: (e) => switchPeriod(e.target.value) },
          form.groups.map((group) => h("optgroup", { label: group.label }, group.periods.map((p) => h("option", { value: p.id, selected: p.id === state.period }, p.label)))),
        ),
      ),
    );
  }
  bar.replaceChildren(...children);
  bar.hidden = false;
}

function switchForm(id) {
  state.form = id;
  const form = currentForm();
  if (!hasPeriod(form, state.period)) state.period = (form.main.find((p) => p.kind === "ytd") ?? form.main[0])?.id;
  state.sort = { key: null, dir: 1 };
  renderBar();
  loadSummary();
}

function switchPeriod(id) {
  state.period = id;
  renderBar();
  loadSummary();
}

function switchLanguage(id) {
  state.lang = id;
  loadMe();
}

function goBack() {
  if (state.view !== "unit" || state.me?.role === "district") return;
  state.view = "region";
  state.unit = null;
  postEvent("web_app_setup_back_button", { is_visible: false });
  renderBar();
  if (state.summary) renderSummary(state.summary);
  else loadSummary();
}

// ---- the region ----

async function loadSummary() {
  if (!state.form || !state.period) return show(h("div", { class: "notice" }, t("webapp-error-district")));
  state.view = "region";
  spinner();
  try {
    state.summary = await api("summary", { form: state.form, period: state.period });
  } catch (error) {
    showError(error, loadSummary);
    return;
  }
  renderSummary(state.summary);
}

function changeClass(percent) {
  return percent > 0 ? "up" : percent < 0 ? "down" : "";
}

function renderSummary(summary) {
  const head = h(
    "section",
    { class: "card", id: "overview" },
    h("h1", {}, summary.form.name),
    h("div", { class: "period", id: "period-label" }, summary.period.label),
    h("div", { id: "completeness" }, summary.units.reportedText),
    summary.units.missingText ? h("div", { class: "muted warn", id: "missing" }, summary.units.missingText) : null,
    h("div", { class: "muted", id: "on-time" }, summary.onTime.text),
  );
  const figures = h("section", { class: "card", id: "figures" }, h("h2", {}, t("webapp-region-total")));
  if (!summary.hasData) figures.append(h("p", { class: "muted" }, summary.noDataText));
  for (const [id, figure] of Object.entries(summary.figures)) {
    const trend = summary.trend.figures[id];
    const block = h(
      "div",
      { class: "figure", "data-figure": id },
      h("div", { class: "label" }, figure.label),
      h("div", { class: "value", "data-value": figure.value ?? "" }, figure.text),
      figure.changes.map((change) =>
        h("div", { class: "change" }, h("span", { class: changeClass(change.percent) }, change.text), h("div", { class: "muted" }, change.unitsText)),
      ),
    );
    if (trend) {
      const toggle = h("button", { class: "link", "aria-expanded": String(state.trendOpen.has(id)) }, t("webapp-trend-show"));
      const holder = h("div", {});
      const draw = () => holder.replaceChildren(...(state.trendOpen.has(id) ? [lineChart(summary.trend, trend)] : []));
      toggle.addEventListener("click", () => {
        if (state.trendOpen.has(id)) state.trendOpen.delete(id);
        else state.trendOpen.add(id);
        toggle.setAttribute("aria-expanded", String(state.trendOpen.has(id)));
        draw();
      });
      draw();
      block.append(toggle, holder);
    }
    figures.append(block);
  }
  for (const derived of Object.values(summary.derived)) {
    figures.append(h("div", { class: "figure" }, h("div", { class: "label" }, derived.label), h("div", { class: "value" }, derived.text)));
  }
  const nodes = [head, figures];
  if (summary.canRemind) nodes.push(remindCard(summary));
  nodes.push(tableCard(summary));
  show(...nodes);
}

function remindCard(summary) {
  const card = h("section", { class: "card", id: "remind" });
  const ask = () =>
    card.replaceChildren(
      h("button", {
        class: "button",
        id: "remind-button",
        onclick: () =>
          card.replaceChildren(
            h("p", {}, summary.remindConfirm),
            h("div", { class: "row" }, h("button", { class: "button", id: "remind-yes", onclick: send }, t("webapp-remind-yes")), h("button", { class: "button secondary", onclick: ask }, t("webapp-remind-no"))),
          ),
      }, t("webapp-remind")),
    );
  const send = async () => {
    card.replaceChildren(h("div", { class: "spinner", "aria-hidden": "true" }));
    try {
      const result = await api("remind", {}, { method: "POST", body: JSON.stringify({ form: summary.form.id, period: summary.period.id }) });
      card.replaceChildren(h("p", { id: "remind-result", role: "status" }, result.text));
    } catch (error) {
      card.replaceChildren(h("p", { class: "warn", role: "alert" }, error instanceof ApiError ? error.body?.message : t("webapp-error-network")));
    }
  };
  ask();
  return card;
}

function sortedRows(summary) {
  const rows = [...summary.table.rows];
  const { key, dir } = state.sort;
  if (!key) return rows;
  const collator = new Intl.Collator(state.me.locale);
  if (key === "name") return rows.sort((a, b) => dir * collator.compare(a.name, b.name));
  // Units without a value go last whichever way it is sorted.
  return rows.sort((a, b) => {
    const x = a.values[key];
    const y = b.values[key];
    if (x === null && y === null) return collator.compare(a.name, b.name);
    if (x === null) return 1;
    if (y === null) return -1;
    return dir * (x - y) || collator.compare(a.name, b.name);
  });
}

function tableCard(summary) {
  const card = h("section", { class: "card", id: "units" }, h("h2", {}, t("webapp-table-title")), h("p", { class: "muted" }, t("webapp-table-sort")));
  const holder = h("div", { class: "scroll" });
  const sortBy = (key) => {
    state.sort = state.sort.key === key ? { key, dir: -state.sort.dir } : { key, dir: key === "name" ? 1 : -1 };
    draw();
  };
  const ariaSort = (key) => (state.sort.key === key ? (state.sort.dir > 0 ? "ascending" : "descending") : undefined);
  const draw = () => {
    const columns = summary.table.columns;
    const head = h(
      "tr",
      {},
      h("th", {}, h("button", { "data-sort": "name", "aria-sort": ariaSort("name"), onclick: () => sortBy("name") }, t("webapp-table-unit"))),
      columns.map((c) => h("th", {}, h("button", { "data-sort": c.id, "aria-sort": ariaSort(c.id), onclick: () => sortBy(c.id) }, c.label))),
    );
    const body = sortedRows(summary).map((row) =>
      h(
        "tr",
        { class: `unit${row.missing ? " missing" : ""}`, "data-unit": row.unit, tabindex: "0", onclick: () => openUnit(row.unit), onkeydown: (e) => e.key === "Enter" && openUnit(row.unit) },
        h(
          "td",
          {},
          row.name,
          row.missing ? h("span", { class: "mark", title: summary.table.missingMark, "aria-label": summary.table.missingMark }, " ⛔") : null,
          row.late ? h("span", { class: "mark", title: t("webapp-mark-late"), "aria-label": t("webapp-mark-late") }, " ⏰") : null,
          row.corrected ? h("span", { class: "mark", title: t("webapp-mark-corrected"), "aria-label": t("webapp-mark-corrected") }, " ✏️") : null,
        ),
        columns.map((c) => h("td", { class: row.values[c.id] === null ? "none" : undefined, "data-value": row.values[c.id] ?? "" }, row.texts[c.id])),
      ),
    );
    holder.replaceChildren(h("table", {}, h("thead", {}, head), h("tbody", {}, body)));
  };
  draw();
  card.append(holder, h("p", { class: "muted" }, t("reports-table-key")));
  return card;
}

/** A 12-month line drawn to the phone's width: the region's monthly totals, breaks where nobody reported. */
function lineChart(trend, figure) {
  const width = 340;
  const height = 170;
  const left = 54;
  const right = width - 10;
  const top = 16;
  const bottom = height - 34;
  const max = figure.ticks.at(-1)?.value || 1;
  const x = (i) => left + (i * (right - left)) / Math.max(1, trend.months.length - 1);
  const y = (v) => bottom - (v / max) * (bottom - top);
  const svg = s("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `${figure.label}: ${t("webapp-trend")}` });
  for (const tick of figure.ticks) {
    svg.append(s("line", { class: "grid", x1: left, x2: right, y1: y(tick.value), y2: y(tick.value) }));
    svg.append(s("text", { x: left - 4, y: y(tick.value) + 3, "text-anchor": "end" }, tick.text));
  }
  let segment = [];
  const flush = () => {
    if (segment.length > 1) svg.append(s("polyline", { class: "line", points: segment.join(" ") }));
    segment = [];
  };
  figure.values.forEach((value, i) => {
    const month = trend.months[i];
    svg.append(s("text", { x: x(i), y: bottom + 14, "text-anchor": "middle" }, month.label));
    if (month.year) svg.append(s("text", { x: x(i), y: bottom + 26, "text-anchor": "middle" }, month.year));
    if (value === null) return flush();
    segment.push(`${x(i).toFixed(1)},${y(value).toFixed(1)}`);
    svg.append(s("circle", { class: "dot", cx: x(i), cy: y(value), r: 2.5 }, undefined));
    const dot = svg.lastChild;
    dot.append(s("title", {}, `${month.label} ${month.year || ""}: ${figure.texts[i]}`.replace(/\s+:/, ":")));
  });
  flush();
  return svg;
}

// ---- a unit ----

async function openUnit(unitId, own = false) {
  state.view = "unit";
  state.unit = unitId;
  if (!own) postEvent("web_app_setup_back_button", { is_visible: true });
  renderBar();
  spinner();
  let unit;
  try {
    unit = await api("unit", { unit: unitId });
  } catch (error) {
    showError(error, () => openUnit(unitId, own));
    return;
  }
  const nodes = [];
  if (own) nodes.push(h("div", { class: "notice", id: "refusal", role: "status" }, t("webapp-error-district")));
  else nodes.push(h("button", { class: "link", id: "back", onclick: goBack }, t("webapp-back")));
  nodes.push(h("section", { class: "card" }, h("h1", { id: "unit-name" }, unit.unit.name), h("div", { class: "muted" }, t("webapp-unit-history"))));
  for (const block of unit.forms) {
    const table = h(
      "table",
      {},
      h("thead", {}, h("tr", {}, h("th", {}, t("webapp-unit-month")), block.columns.map((c) => h("th", {}, c.label)))),
      h(
        "tbody",
        {},
        block.rows.map((row) =>
          h(
            "tr",
            { class: row.reported ? "" : "missing", "data-month": row.month },
            h("td", {}, row.label, row.late ? h("span", { class: "mark", title: t("webapp-mark-late") }, " ⏰") : null, row.version > 1 ? h("span", { class: "mark", title: t("webapp-mark-corrected") }, " ✏️") : null),
            row.reported ? block.columns.map((c) => h("td", { class: row.values[c.id] === null ? "none" : undefined }, row.texts[c.id])) : h("td", { class: "none", colspan: block.columns.length }, t("webapp-unit-no-report")),
          ),
        ),
      ),
    );
    const versions = block.versions.map((entry) =>
      h(
        "details",
        {},
        h("summary", {}, entry.label),
        h(
          "ul",
          { class: "plain" },
          entry.versions.map((v) =>
            h("li", {}, h("strong", {}, v.title), v.late ? h("span", { class: "muted" }, ` · ${t("webapp-version-late")}`) : null, v.reason ? h("div", {}, v.reason) : null, v.changes.map((c) => h("div", { class: "muted" }, c))),
          ),
        ),
      ),
    );
    nodes.push(
      h(
        "section",
        { class: "card", "data-form": block.form.id },
        h("h2", {}, block.form.name),
        h("div", { class: "scroll" }, table),
        versions.length ? h("h2", {}, t("webapp-versions")) : null,
        versions,
        h("h2", {}, t("webapp-notes")),
        block.notes.length ? h("ul", { class: "plain notes" }, block.notes.map((note) => h("li", {}, note.text))) : h("p", { class: "muted" }, unit.texts.noNotes),
      ),
    );
  }
  show(...nodes);
}

start();
