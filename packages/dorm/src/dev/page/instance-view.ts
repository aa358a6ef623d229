import { ALARM_SCHEDULE, type ErrorRecord, type InstanceDetail, type KvPage, type ScheduleView, type SqlPage } from "../board.js";
import type { Api } from "./api.js";
import { append, h, show } from "./dom.js";
import { ago, appFrame, clock, count, shortId, until } from "./format.js";
import { inline, jsonTree } from "./json-tree.js";

// One instance: its state, storage, SQL tables, schedules, connections and recent errors.

export const TABS = ["state", "storage", "sql", "schedules", "connections", "errors"] as const;
export type Tab = (typeof TABS)[number];

interface Target {
  className: string;
  id: string;
}

export class InstanceView {
  readonly root = h("section", { class: "instance panel", "aria-live": "polite" });
  readonly #api: Api;
  /** Where the reader is going: the page asks for a new hash, the route does the rest. */
  readonly #navigate: (tab: Tab) => void;
  #target: Target | null = null;
  #tab: Tab = "state";
  #detail: InstanceDetail | null = null;
  #kv: KvPage["entries"] = [];
  #kvNext: string | null = null;
  #sql: SqlPage | null = null;
  #table: string | null = null;
  #problem: string | null = null;
  #notice: string | null = null;
  /** Counts reads of the detail; a tab's data read at an older one is read again when shown. */
  #read = 0;
  #kvRead = -1;
  #sqlRead = -1;

  constructor(api: Api, navigate: (tab: Tab) => void) {
    this.#api = api;
    this.#navigate = navigate;
  }

  get target(): Target | null {
    return this.#target;
  }

  /** Show this instance and tab; reads it again when `reload` (it had events) or it is new. */
  async open(target: Target, tab: Tab, reload: boolean): Promise<void> {
    const same = this.#target?.className === target.className && this.#target.id === target.id;
    if (!same) {
      this.#target = target;
      this.#detail = null;
      this.#kv = [];
      this.#kvNext = null;
      this.#sql = null;
      this.#table = null;
      this.#notice = null;
      this.#kvRead = this.#sqlRead = -1;
    }
    const tabChanged = this.#tab !== tab;
    this.#tab = tab;
    if (same && !reload && !tabChanged) return;
    try {
      if (!same || reload) {
        this.#detail = await this.#api.instance(target.className, target.id);
        this.#read++;
      }
      await this.#loadTab();
      this.#problem = null;
    } catch (error) {
      this.#problem = (error as Error).message;
    }
  }

  close(): void {
    this.#target = null;
    this.#detail = null;
    this.root.replaceChildren();
    delete this.root.dataset.shown;
  }

  async #loadTab(): Promise<void> {
    const t = this.#target!;
    if (this.#tab === "storage" && this.#kvRead !== this.#read) {
      const page = await this.#api.kv(t.className, t.id, null);
      this.#kv = page.entries;
      this.#kvNext = page.next;
      this.#kvRead = this.#read;
    }
    if (this.#tab === "sql") {
      const tables = this.#detail?.tables ?? [];
      if (!this.#table || !tables.some((x) => x.name === this.#table)) this.#table = tables.find((x) => !x.internal)?.name ?? tables[0]?.name ?? null;
      if (this.#table && (this.#sqlRead !== this.#read || this.#sql?.table !== this.#table)) {
        this.#sql = await this.#api.sql(t.className, t.id, this.#table, this.#sql?.table === this.#table ? this.#sql.offset : 0);
        this.#sqlRead = this.#read;
      }
    }
  }

  render(now: number): void {
    const d = this.#detail;
    if (!this.#target) return;
    const key = JSON.stringify([d, this.#tab, this.#kv.length, this.#kvNext, this.#sql, this.#problem, this.#notice, Math.floor(now / 5000)]);
    show(this.root, key, () => {
      if (!d) return [h("p", { class: this.#problem ? "warn" : "muted" }, this.#problem ?? "Reading the instance…")];
      return [this.#header(d), this.#tabs(d), this.#problem ? h("p", { class: "warn" }, this.#problem) : null, this.#notice ? h("p", { class: "notice" }, this.#notice) : null, this.#panel(d, now)];
    });
  }

  #header(d: InstanceDetail): HTMLElement {
    return h(
      "header",
      { class: "instance-head" },
      h("div", {}, h("h2", { "data-field": "name" }, d.name), h("p", { class: "muted" }, h("span", { class: "badge" }, d.class), " ", h("code", { title: d.id }, shortId(d.id)), ` · ${d.storage === "sqlite" ? "SQLite" : "KV"} storage`)),
      h("a", { class: "close", href: `#/${d.class}`, "aria-label": "close" }, "×"),
    );
  }

  #tabs(d: InstanceDetail): HTMLElement {
    const counts: Record<Tab, string> = {
      state: d.state === null ? "" : "",
      storage: count(d.storageKeys),
      sql: d.tables ? count(d.tables.length) : "–",
      schedules: count(d.schedules.length + (d.alarm !== null ? 1 : 0)),
      connections: count(d.connections.length + d.otherSockets.length),
      errors: count(d.errors.length),
    };
    const names: Record<Tab, string> = { state: "State", storage: "Storage", sql: "SQL", schedules: "Schedules", connections: "Connections", errors: "Errors" };
    return h(
      "nav",
      { class: "tabs", role: "tablist" },
      ...TABS.map((tab) =>
        h(
          "button",
          { role: "tab", "aria-selected": tab === this.#tab ? "true" : "false", "data-tab": tab, class: tab === "errors" && d.errors.length > 0 ? "has-errors" : null, onclick: () => this.#navigate(tab) },
          names[tab],
          counts[tab] ? h("span", { class: "count", "data-count": tab }, counts[tab]) : null,
        ),
      ),
    );
  }

  #panel(d: InstanceDetail, now: number): HTMLElement {
    const panel = h("div", { class: "tab-panel", role: "tabpanel", "data-panel": this.#tab });
    switch (this.#tab) {
      case "state":
        append(panel, [d.state === null ? h("p", { class: "empty" }, "No state stored: the object has no init, and never called ctx.setState.") : jsonTree(d.state, `${d.id}/state`)]);
        break;
      case "storage":
        append(panel, this.#storage(d));
        break;
      case "sql":
        append(panel, this.#sqlPanel(d));
        break;
      case "schedules":
        append(panel, this.#schedules(d, now));
        break;
      case "connections":
        append(panel, this.#connections(d, now));
        break;
      case "errors":
        append(panel, errors(d.errors, now));
        break;
    }
    return panel;
  }

  #storage(d: InstanceDetail): (HTMLElement | null)[] {
    const note = h("p", { class: "muted" }, `${count(d.storageKeys)} key${d.storageKeys === 1 ? "" : "s"}${d.state !== null ? ", the state among them (shown under State)" : ""}.`);
    if (this.#kv.length === 0) return [note, h("p", { class: "empty" }, "No keys in ctx.storage.")];
    const rows = this.#kv.map((e) => h("tr", {}, h("td", { class: "key" }, h("code", {}, e.key)), h("td", {}, typeof e.value === "object" && e.value !== null ? jsonTree(e.value, `${d.id}/kv/${e.key}`) : h("code", {}, inline(e.value, 200)))));
    const more = this.#kvNext
      ? h("button", { class: "more", onclick: () => void this.#moreKv() }, "Load more keys")
      : null;
    return [note, h("div", { class: "scroll" }, h("table", { class: "grid kv" }, h("thead", {}, h("tr", {}, h("th", {}, "Key"), h("th", {}, "Value"))), h("tbody", {}, ...rows))), more];
  }

  async #moreKv(): Promise<void> {
    const t = this.#target;
    if (!t || !this.#kvNext) return;
    const page = await this.#api.kv(t.className, t.id, this.#kvNext);
    this.#kv = [...this.#kv, ...page.entries];
    this.#kvNext = page.next;
    this.render(Date.now());
  }

  #sqlPanel(d: InstanceDetail): (HTMLElement | null)[] {
    if (!d.tables) return [h("p", { class: "empty" }, "This class keeps KV storage: it has no SQL tables.")];
    if (d.tables.length === 0) return [h("p", { class: "empty" }, "No tables yet.")];
    const picker = h(
      "div",
      { class: "chips", role: "group", "aria-label": "tables" },
      ...[...d.tables.filter((t) => !t.internal), ...d.tables.filter((t) => t.internal)].map((t) =>
        h("button", { class: t.internal ? "chip internal" : "chip", "aria-pressed": t.name === this.#table ? "true" : "false", "data-table": t.name, title: t.internal ? "kept by dorm or miniflare, not by the app" : null, onclick: () => void this.#pickTable(t.name, 0) }, t.name, h("span", { class: "count" }, count(t.rows))),
      ),
    );
    const page = this.#sql;
    if (!page || page.table !== this.#table) return [picker, h("p", { class: "muted" }, "Reading…")];
    const grid = h(
      "table",
      { class: "grid sql" },
      h("thead", {}, h("tr", {}, ...page.columns.map((c) => h("th", {}, c)))),
      h("tbody", {}, ...page.rows.map((row) => h("tr", {}, ...row.map((cell) => h("td", { class: typeof cell === "number" ? "num" : null }, cell === null ? h("span", { class: "j-null" }, "NULL") : inline(cell, 120)))))),
    );
    const last = page.offset + page.rows.length;
    const pager = h(
      "div",
      { class: "pager" },
      h("button", { disabled: page.offset === 0, onclick: () => void this.#pickTable(page.table, Math.max(0, page.offset - 50)) }, "‹ Previous"),
      h("span", { class: "muted", "data-field": "rows" }, page.total === 0 ? "no rows" : `rows ${count(page.offset + 1)}–${count(last)} of ${count(page.total)}`),
      h("button", { disabled: last >= page.total, onclick: () => void this.#pickTable(page.table, last) }, "Next ›"),
    );
    return [picker, h("p", { class: "muted" }, "Read-only."), h("div", { class: "scroll" }, grid), pager];
  }

  async #pickTable(table: string, offset: number): Promise<void> {
    const t = this.#target;
    if (!t) return;
    this.#table = table;
    try {
      this.#sql = await this.#api.sql(t.className, t.id, table, offset);
      this.#problem = null;
    } catch (error) {
      this.#problem = (error as Error).message;
    }
    this.render(Date.now());
  }

  #schedules(d: InstanceDetail, now: number): (HTMLElement | null)[] {
    const alarm: ScheduleView | null =
      d.alarm === null ? null : { id: ALARM_SCHEDULE, kind: "alarm", method: "alarm", payload: null, due: d.alarm, intervalMs: null, cron: null, attempts: 0, retries: 0 };
    const all = alarm ? [alarm, ...d.schedules] : d.schedules;
    if (all.length === 0) return [h("p", { class: "empty" }, "Nothing scheduled: no alarm (ctx.setAlarm), no schedules (ctx.schedule, ctx.scheduleEvery).")];
    const rows = all.map((s) => scheduleRow(s, now, (action) => void this.#act(s, action)));
    const head = h("tr", {}, ...["Calls", "When", "Due", "Payload", "Tries", ""].map((t) => h("th", {}, t)));
    return [h("div", { class: "scroll" }, h("table", { class: "grid schedules" }, h("thead", {}, head), h("tbody", {}, ...rows)))];
  }

  async #act(s: ScheduleView, action: "run" | "cancel"): Promise<void> {
    const t = this.#target;
    if (!t) return;
    try {
      const result = await this.#api.schedule(t.className, t.id, s.id, action);
      const what = s.kind === "alarm" ? "the alarm" : `${s.method}()`;
      this.#notice = action === "cancel" ? `Cancelled ${what}.` : result.ok ? `Ran ${what}.` : `${what} threw; it stays scheduled for its retry (see Errors).`;
      this.#detail = await this.#api.instance(t.className, t.id);
      this.#problem = null;
    } catch (error) {
      this.#problem = (error as Error).message;
    }
    this.render(Date.now());
  }

  #connections(d: InstanceDetail, now: number): (HTMLElement | null)[] {
    const others = d.otherSockets.length > 0 ? h("p", { class: "muted" }, `${d.otherSockets.length} more socket${d.otherSockets.length === 1 ? "" : "s"} accepted by the app itself (ctx.acceptWebSocket).`) : null;
    if (d.connections.length === 0) return [h("p", { class: "empty" }, "No connections."), others];
    const head = h("tr", {}, ...["Id", "Data", "Presence", "Topics", "Connected"].map((t) => h("th", {}, t)));
    const rows = d.connections.map((c) =>
      h(
        "tr",
        { "data-connection": c.id },
        h("td", {}, h("code", { title: c.id }, c.id.slice(0, 8))),
        h("td", {}, h("code", {}, inline(c.data))),
        h("td", {}, h("code", {}, inline(c.presence))),
        h("td", {}, c.topics.length ? c.topics.join(", ") : h("span", { class: "muted" }, "–")),
        h("td", { class: "muted", title: new Date(c.connectedAt).toLocaleString() }, ago(c.connectedAt, now)),
      ),
    );
    return [h("div", { class: "scroll" }, h("table", { class: "grid connections" }, h("thead", {}, head), h("tbody", {}, ...rows))), others];
  }
}

const every = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);

function scheduleRow(s: ScheduleView, now: number, act: (action: "run" | "cancel") => void): HTMLElement {
  const noPayload = s.kind === "alarm" || (typeof s.payload === "object" && s.payload !== null && !Array.isArray(s.payload) && s.payload.$type === "undefined");
  const when = s.kind === "alarm" ? "alarm" : s.kind === "every" ? `every ${every(s.intervalMs ?? 0)}` : s.kind === "cron" ? `cron ${s.cron}` : "once";
  return h(
    "tr",
    { "data-schedule": s.id },
    h("td", {}, h("code", {}, s.kind === "alarm" ? "alarm()" : `${s.method}()`)),
    h("td", {}, when),
    h("td", { title: new Date(s.due).toLocaleString() }, clock(s.due), h("small", { class: "muted" }, ` ${until(s.due, now)}`)),
    h("td", {}, noPayload ? h("span", { class: "muted" }, "–") : h("code", {}, inline(s.payload, 60))),
    h("td", { class: "num" }, `${s.attempts}/${s.retries + 1}`),
    h("td", { class: "actions" }, h("button", { onclick: () => act("run") }, "Run now"), h("button", { class: "danger", onclick: () => act("cancel") }, "Cancel")),
  );
}

function errors(list: readonly ErrorRecord[], now: number): HTMLElement[] {
  if (list.length === 0) return [h("p", { class: "empty" }, "No errors since this dev build started.")];
  return list.map((e) => {
    const frame = appFrame(e.stack);
    // The stack's first line repeats the message shown above it.
    const head = `${e.name}: ${e.message}`;
    const frames = e.stack.startsWith(head) ? e.stack.slice(head.length).replace(/^\n/, "") : e.stack;
    return h(
      "article",
      { class: "error" },
      h("header", {}, h("b", {}, `${e.name}: ${e.message}`), h("span", { class: "muted" }, ` in ${e.where} · ${ago(e.at, now)}`)),
      frame ? h("p", {}, h("code", { class: "frame", "data-field": "frame" }, frame)) : null,
      frames ? h("pre", { class: "stack" }, frames) : null,
    );
  });
}
