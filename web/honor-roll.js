// <vinh-danh-honor-roll>: the public honor roll of a unit, for any website.
//
//   <script type="module" src="https://vinhdanh.example/widget/honor-roll.js"></script>
//   <vinh-danh-honor-roll collective="ID" period="2022-2023"
//       levels="CITY_BANG_KHEN,NATIONAL_BANG_KHEN"></vinh-danh-honor-roll>
//
// The iframe page (/embed/honor-roll) sets report-height: the roll then posts
// {type: "vinh-danh:height", height} to the embedding page whenever its height changes.
//
// Attributes: collective (required), period ("2022-2023", "2024"), period-kind (SCHOOL_YEAR,
// CALENDAR_YEAR, TERM or PHASE; by default a range is a school year, one year a calendar
// year), levels, include-descendants ("false" for the
// unit alone), heading, heading-level (1 to 5, default 2: the host page's outline decides),
// limit (default 200), theme ("light" or "dark"; default follows the reader's system, with a
// background of its own). Colours and fonts follow CSS custom properties: --vd-font, --vd-fg,
// --vd-bg, --vd-muted, --vd-accent, --vd-border. No dependencies, no cookies, no tracking.

const API = new URL("../query", import.meta.url).href;
const VERIFY = new URL("../verify/", import.meta.url).href;
const PAGE = 200;

const QUERY = `query HonorRoll($c: ID!, $d: Boolean, $p: String, $k: PeriodKind, $l: [String!], $first: Int, $after: Cursor) {
  honorRoll(collectiveID: $c, includeDescendants: $d, period: $p, periodKind: $k, levels: $l, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id recipientName recipientUnit periodName
      level { id code name rank }
      decision { number signedOn issuer { name } }
      ceremony { name heldOn } } }
  }
}`;

// The levels of a roll and how many awards each has: asked for only when a limit cuts the roll,
// so that every level shows, with its count, even when the ones above filled the limit.
const LEVELS_QUERY = `query HonorRollLevels($c: ID!, $d: Boolean, $p: String, $k: PeriodKind, $l: [String!]) {
  honorRollLevels(collectiveID: $c, includeDescendants: $d, period: $p, periodKind: $k, levels: $l) { level { id code name rank } count }
}`;

const MAX_LIMIT = 2000;

const STYLE = `
:host { display: block; font-family: var(--vd-font, system-ui, "Segoe UI", Roboto, sans-serif);
  color: var(--vd-fg, #1d1d1f); background: var(--vd-bg, transparent); line-height: 1.45; }
:host([hidden]) { display: none; }
@media (prefers-color-scheme: dark) {
  /* Light text needs its own dark background: the host page may well be white. */
  :host(:not([theme="light"])) { color: var(--vd-fg, #f2f2f2); background: var(--vd-bg, #1c1c1e); padding: 0 .75rem;
    --vd-muted-default: #c2c2c2; --vd-accent-default: #ff8a80; --vd-border-default: #4a4a4a; }
}
:host([theme="dark"]) { color: var(--vd-fg, #f2f2f2); background: var(--vd-bg, #1c1c1e);
  --vd-muted-default: #c2c2c2; --vd-accent-default: #ff8a80; --vd-border-default: #4a4a4a; }
section { padding: .5rem 0; }
.title { font-size: 1.25rem; margin: 0 0 .75rem; color: var(--vd-accent, var(--vd-accent-default, #a4161a)); }
.level { font-size: 1.05rem; margin: 1.25rem 0 .5rem; padding-bottom: .25rem;
  border-bottom: 2px solid var(--vd-accent, var(--vd-accent-default, #a4161a)); }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: .5rem;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 16rem), 1fr)); }
li { border: 1px solid var(--vd-border, var(--vd-border-default, #d0d0d5)); border-radius: .5rem; padding: .6rem .75rem; }
.name { font-weight: 650; display: block; }
.meta { color: var(--vd-muted, var(--vd-muted-default, #4a4a4f)); font-size: .9rem; display: block; }
a { color: inherit; text-underline-offset: .15em; }
a:focus-visible { outline: 3px solid var(--vd-accent, var(--vd-accent-default, #a4161a)); outline-offset: 2px; border-radius: 2px; }
.state { padding: 1rem; border-radius: .5rem; border: 1px dashed var(--vd-border, var(--vd-border-default, #d0d0d5)); }
.period { white-space: nowrap; }
.more { margin: 1rem 0 0; }
button { font: inherit; padding: .35rem .9rem; border-radius: .4rem; cursor: pointer;
  border: 1px solid var(--vd-accent, var(--vd-accent-default, #a4161a)); background: transparent;
  color: var(--vd-accent, var(--vd-accent-default, #a4161a)); }
button:focus-visible { outline: 3px solid var(--vd-accent, var(--vd-accent-default, #a4161a)); outline-offset: 2px; }
.count { font-weight: 400; font-size: .9rem; color: var(--vd-muted, var(--vd-muted-default, #4a4a4f)); }
`;

const collator = new Intl.Collator("vi");

function formatDate(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null && v !== "") node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== "") node.append(child);
  }
  return node;
}

// ApiError is a failed answer: its HTTP status and its first GraphQL error.
class ApiError extends Error {
  constructor(status, error) {
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.extensions?.code;
    this.field = error.extensions?.field;
  }
}

// describe says in Vietnamese what went wrong and what the reader or the editor can do.
function describe(err, collective) {
  const attribute = { period: "period", periodKind: "period-kind", levels: "levels", collectiveID: "collective", first: "limit" };
  switch (err.code) {
    case "NOT_FOUND":
      return `Không có đơn vị nào mang mã “${collective}”: kiểm tra thuộc tính collective.`;
    case "BAD_USER_INPUT":
      return attribute[err.field]
        ? `Thuộc tính ${attribute[err.field]} không hợp lệ: kiểm tra lại giá trị (ví dụ period="2022-2023").`
        : "Yêu cầu không hợp lệ: kiểm tra lại các thuộc tính của danh sách.";
    case "RATE_LIMITED":
      return "Có quá nhiều yêu cầu từ địa chỉ này. Vui lòng thử lại sau ít phút.";
  }
  return "Không tải được danh sách khen thưởng. Vui lòng thử lại sau.";
}

class HonorRoll extends HTMLElement {
  static observedAttributes = ["collective", "period", "period-kind", "levels", "include-descendants", "heading", "heading-level", "limit"];
  #root;
  #generation = 0;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
  }

  // One load per view: when the element is upgraded, every attribute reports itself and then
  // the element connects; all of that, and several attributes changed at once by a script,
  // come to one request.
  connectedCallback() {
    this.#schedule();
    // In the iframe page: tell the embedding page how tall the roll is, so that its iframe
    // grows with it instead of scrolling inside itself (the README shows the listener).
    if (this.hasAttribute("report-height") && window.parent !== window && !this.#resize) {
      this.#resize = new ResizeObserver(() => {
        window.parent.postMessage({ type: "vinh-danh:height", height: document.documentElement.scrollHeight }, "*");
      });
      this.#resize.observe(document.documentElement);
    }
  }

  disconnectedCallback() { this.#resize?.disconnect(); this.#resize = null; }

  #resize = null;

  attributeChangedCallback(name, oldValue, newValue) { if (oldValue !== newValue) this.#schedule(); }

  #scheduled = false;

  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      if (this.isConnected) this.#load();
    });
  }

  async #load() {
    const generation = ++this.#generation;
    const heading = this.getAttribute("heading") || "Vinh danh khen thưởng";
    // The content is Vietnamese whatever the host page's language: screen readers read the
    // names with Vietnamese rules.
    const section = el("section", { lang: "vi", "aria-labelledby": "vd-heading", "aria-busy": "true" },
      el(`h${this.#level()}`, { id: "vd-heading", class: "title" }, heading));
    const collective = this.getAttribute("collective");
    const problem = collective ? this.#badAttribute() : "Chưa chọn đơn vị: thiếu thuộc tính collective.";
    if (problem) {
      section.removeAttribute("aria-busy");
      this.#state(section, problem);
      return;
    }
    section.append(el("p", { class: "state", role: "status" }, "Đang tải danh sách khen thưởng…"));
    this.#show(section);
    try {
      const roll = await this.#fetchAll(collective);
      if (generation !== this.#generation) return;
      section.lastChild.remove();
      section.removeAttribute("aria-busy");
      if (roll.awards.length === 0) {
        this.#state(section, "Chưa có khen thưởng nào được công bố cho đơn vị này.");
        return;
      }
      this.#roll = roll;
      this.#renderRoll(section);
    } catch (err) {
      if (generation !== this.#generation) return;
      section.removeAttribute("aria-busy");
      section.lastChild.remove();
      this.#state(section, describe(err, collective));
      this.dispatchEvent(new CustomEvent("vinhdanh-error", { detail: String(err), bubbles: true }));
    }
  }

  // The roll as loaded: its awards in server order, and when a limit cut it, every level with
  // its count and where each level's next page starts.
  #roll = null;

  async #fetchAll(collective) {
    const limit = Math.max(1, Math.min(MAX_LIMIT, parseInt(this.getAttribute("limit") || "200", 10) || 200));
    const levels = (this.getAttribute("levels") || "").split(",").map((s) => s.trim()).filter(Boolean);
    const variables = {
      c: collective,
      d: this.getAttribute("include-descendants") !== "false",
      p: this.getAttribute("period") || null,
      k: this.getAttribute("period-kind") || null,
      l: levels.length ? levels : null,
    };
    const awards = [];
    let after = null;
    let cut = false;
    while (awards.length < limit) {
      const roll = await this.#get(QUERY, { ...variables, first: Math.min(PAGE, limit - awards.length), after });
      awards.push(...roll.edges.map((e) => e.node));
      if (!roll.pageInfo.hasNextPage) break;
      after = roll.pageInfo.endCursor;
      cut = awards.length >= limit;
    }
    const roll = { variables, awards, levels: null, cursors: new Map() };
    if (cut) {
      // Counted only when the limit cut the roll: the page itself never pays for a count.
      roll.levels = await this.#get(LEVELS_QUERY, variables, "honorRollLevels");
      // The keyset cursor of the last award shown continues its level's list.
      roll.cursors.set(awards[awards.length - 1].level.id, after);
    }
    return roll;
  }

  // Xem thêm: the next page of one level, from where its list stops (cursor paging), appended.
  async #more(level, button) {
    const roll = this.#roll;
    button.disabled = true;
    button.textContent = "Đang tải…";
    try {
      const page = await this.#get(QUERY, { ...roll.variables, l: [level.code], first: PAGE, after: roll.cursors.get(level.id) ?? null });
      if (this.#roll !== roll) return;
      const seen = new Set(roll.awards.map((a) => a.id));
      const fresh = page.edges.map((e) => e.node).filter((a) => !seen.has(a.id));
      roll.awards.push(...fresh);
      roll.cursors.set(level.id, page.pageInfo.endCursor);
      const section = this.#root.querySelector("section");
      section.querySelectorAll(".level, ul, .more").forEach((n) => n.remove());
      this.#renderRoll(section);
      // Keep the reader where they were: on the first award the page added.
      const first = fresh.length ? section.querySelector(`[data-award="${CSS.escape(fresh[0].id)}"] a`) : null;
      first?.focus();
    } catch (err) {
      button.disabled = false;
      button.textContent = "Không tải được, thử lại";
      this.dispatchEvent(new CustomEvent("vinhdanh-error", { detail: String(err), bubbles: true }));
    }
  }

  async #get(query, vars, field = "honorRoll") {
    const url = `${API}?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(vars))}`;
    const res = await fetch(url, { credentials: "omit", headers: { Accept: "application/json" } });
    const body = await res.json().catch(() => ({}));
    if (body.errors?.length) throw new ApiError(res.status, body.errors[0]);
    if (!res.ok) throw new ApiError(res.status, {});
    return body.data[field];
  }

  #renderRoll(section) {
    const { awards, levels } = this.#roll;
    // The server orders by level rank and Vietnamese name order; group by level in that order.
    const byLevel = new Map();
    for (const a of awards) {
      if (!byLevel.has(a.level.id)) byLevel.set(a.level.id, { level: a.level, awards: [] });
      byLevel.get(a.level.id).awards.push(a);
    }
    // A cut roll lists every level it has, loaded or not, with its count.
    const groups = levels
      ? levels.map((l) => ({ level: l.level, count: l.count, awards: byLevel.get(l.level.id)?.awards ?? [] }))
      : [...byLevel.values()].map((g) => ({ ...g, count: g.awards.length }));
    groups.sort((x, y) => y.level.rank - x.level.rank || collator.compare(x.level.name, y.level.name));
    groups.forEach((g, i) => {
      const id = `vd-level-${i}`;
      const shown = g.awards.length;
      const count = shown < g.count ? `(${shown} / ${g.count})` : `(${shown})`;
      section.append(el(`h${this.#level() + 1}`, { id, class: "level" }, g.level.name, " ", el("span", { class: "count" }, count)));
      if (shown) {
        const list = el("ul", { "aria-labelledby": id });
        for (const a of g.awards) list.append(this.#item(a));
        section.append(list);
      }
      if (shown < g.count) {
        const rest = g.count - shown;
        const button = el("button", { type: "button", "aria-describedby": id }, shown ? `Xem thêm (còn ${rest})` : `Xem ${rest} khen thưởng`);
        button.addEventListener("click", () => this.#more(g.level, button));
        section.append(el("p", { class: "more" }, button));
      }
    });
    if (levels) {
      const total = levels.reduce((n, l) => n + l.count, 0);
      section.append(el("p", { class: "more summary" }, `Đang hiển thị ${awards.length} trong ${total} khen thưởng.`));
    }
  }

  #item(a) {
    const parts = [];
    if (a.decision) {
      let d = `Quyết định số ${a.decision.number}`;
      if (a.decision.signedOn) d += ` ngày ${formatDate(a.decision.signedOn)}`;
      if (a.decision.issuer) d += ` của ${a.decision.issuer.name}`;
      parts.push(d);
    }
    if (a.ceremony) parts.push(a.ceremony.heldOn ? `${a.ceremony.name} (${formatDate(a.ceremony.heldOn)})` : a.ceremony.name);
    return el("li", { "data-award": a.id },
      el("span", { class: "name" }, a.recipientName),
      a.recipientUnit ? el("span", { class: "meta" }, a.recipientUnit) : null,
      a.periodName ? el("span", { class: "meta period" }, a.periodName) : null,
      ...parts.map((p) => el("span", { class: "meta" }, p)),
      el("a", { class: "meta", href: VERIFY + encodeURIComponent(a.id), target: "_blank", rel: "noopener",
        "aria-label": `Xác minh khen thưởng của ${a.recipientName} (mở trong thẻ mới)` }, "Xác minh ↗"));
  }

  // The attribute a web editor got wrong, said in Vietnamese, before anything is asked.
  #badAttribute() {
    const limit = this.getAttribute("limit");
    if (limit !== null && !/^[1-9][0-9]*$/.test(limit.trim())) return `Thuộc tính limit không hợp lệ (“${limit}”): cần một số dương, ví dụ 200.`;
    const kind = this.getAttribute("period-kind");
    if (kind !== null && !["SCHOOL_YEAR", "CALENDAR_YEAR", "TERM", "PHASE"].includes(kind)) {
      return `Thuộc tính period-kind không hợp lệ (“${kind}”): SCHOOL_YEAR, CALENDAR_YEAR, TERM hoặc PHASE.`;
    }
    const descendants = this.getAttribute("include-descendants");
    if (descendants !== null && !["true", "false"].includes(descendants)) {
      return `Thuộc tính include-descendants không hợp lệ (“${descendants}”): true hoặc false.`;
    }
    const theme = this.getAttribute("theme");
    if (theme !== null && !["light", "dark"].includes(theme)) return `Thuộc tính theme không hợp lệ (“${theme}”): light hoặc dark.`;
    return "";
  }

  // The heading's level: the host decides where the roll sits in its outline.
  #level() {
    const n = parseInt(this.getAttribute("heading-level") || "2", 10);
    return n >= 1 && n <= 5 ? n : 2;
  }

  #state(section, text) {
    section.append(el("p", { class: "state", role: "status" }, text));
    this.#show(section);
  }

  #show(section) {
    const style = el("style");
    style.textContent = STYLE;
    this.#root.replaceChildren(style, section);
  }
}

if (!customElements.get("vinh-danh-honor-roll")) customElements.define("vinh-danh-honor-roll", HonorRoll);
