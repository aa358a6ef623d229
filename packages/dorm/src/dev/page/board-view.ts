import type { ClassStatus, InstanceSummary, Latency, TimedKind } from "../board.js";
import { h } from "./dom.js";
import { ago, count, ms, rate, shortId } from "./format.js";

// The board: one card per class (seed 004's status box), and the instances of the chosen class.

const KIND_LABEL: Record<TimedKind, string> = { rpc: "RPC", fetch: "fetch", frame: "frames" };

function figure(label: string, field: string, value: string): HTMLElement {
  return h("div", { class: "figure" }, h("dt", {}, label), h("dd", {}, h("span", { "data-field": field }, value)));
}

function healthBar(c: ClassStatus): HTMLElement {
  const percent = c.health ?? 100;
  const word = c.health === null ? "idle" : `${c.health}%`;
  return h(
    "div",
    { class: `health is-${c.status}`, title: "Share of recent events (RPC, fetch, frames, alarms) that succeeded" },
    h("span", { class: "health-label" }, "Health"),
    h("span", { class: "bar", role: "meter", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": percent, "aria-label": "health" }, h("span", { style: `width:${percent}%` })),
    h("b", { "data-field": "health" }, word),
  );
}

function kinds(byKind: Record<TimedKind, Latency | null>): HTMLElement {
  const parts = (Object.keys(KIND_LABEL) as TimedKind[]).map((kind) => {
    const l = byKind[kind];
    return h("span", { class: "kind", "data-kind": kind }, h("b", {}, KIND_LABEL[kind]), l ? ` ${count(l.calls)} · ${ms(l.avg)} · p99 ${ms(l.p99)}` : " –");
  });
  return h("p", { class: "kinds" }, ...parts);
}

export function classCard(c: ClassStatus, selected: boolean): HTMLElement {
  const latency = c.latencyMs;
  return h(
    "a",
    { class: "card", href: `#/${c.class}`, "data-class": c.class, "aria-current": selected ? "true" : null },
    h("header", {}, h("h2", {}, c.class), h("code", { class: "binding", title: "binding" }, c.binding), h("span", { class: `pill is-${c.status}` }, c.status)),
    h(
      "dl",
      { class: "figures" },
      h(
        "div",
        { class: "figure wide" },
        h("dt", {}, "Instances"),
        h("dd", {}, h("span", { "data-field": "instances" }, count(c.instances)), h("small", {}, " awake / "), h("span", { "data-field": "known" }, count(c.known)), h("small", {}, " known")),
      ),
      figure("Sockets", "sockets", count(c.sockets)),
      figure("Keys", "storageKeys", count(c.storageKeys)),
      figure("Alarms", "alarms", count(c.alarms)),
      figure("Schedules", "schedules", count(c.schedules)),
      figure("Calls/s", "callsPerSecond", rate(c.callsPerSecond)),
      figure("Avg", "avg", ms(latency?.avg)),
      figure("p99", "p99", ms(latency?.p99)),
      figure("Errors", "errors", count(c.errors)),
    ),
    kinds(c.latencyByKind),
    healthBar(c),
    c.unreachable.length > 0 ? h("p", { class: "warn" }, `Could not read ${c.unreachable.map((u) => `"${u.name}" (${u.error})`).join(", ")}`) : null,
  );
}

function dot(i: InstanceSummary): HTMLElement {
  const state = i.awake ? "awake" : i.seen ? "asleep" : "stored";
  const title = i.awake ? "awake: had an event in the last 10 s" : i.seen ? "asleep (hibernated or evicted)" : "found in persisted storage; not seen since this dev build started";
  return h("span", { class: `dot is-${state}`, title, "aria-label": state });
}

export function instanceTable(c: ClassStatus, selectedId: string | null, now: number): HTMLElement {
  if (c.instanceList.length === 0) return h("p", { class: "empty" }, `No ${c.class} instance yet. Call one, and it shows up here.`);
  const head = h("tr", {}, ...["", "Name", "Sockets", "Keys", "Sched.", "Calls", "Errors", "Last"].map((t, i) => h("th", { class: i > 1 && i < 7 ? "num" : null }, t)));
  const rows = c.instanceList.map((i) =>
    h(
      "tr",
      { "data-id": i.id, "aria-selected": i.id === selectedId ? "true" : null, class: i.errors > 0 ? "has-errors" : null },
      h("td", {}, dot(i)),
      h("td", { class: "name" }, h("a", { href: `#/${c.class}/${i.id}` }, i.name ?? shortId(i.id))),
      h("td", { class: "num" }, count(i.sockets)),
      h("td", { class: "num" }, count(i.storageKeys)),
      h("td", { class: "num" }, count(i.schedules) + (i.alarm !== null ? " ⏰" : "")),
      h("td", { class: "num" }, count(i.calls)),
      h("td", { class: "num" }, count(i.errors)),
      h("td", { class: "muted" }, i.seen ? ago(i.lastEventAt, now) : "not seen yet"),
    ),
  );
  const more = c.known > c.instanceList.length ? h("p", { class: "muted" }, `Showing the ${c.instanceList.length} most recently active of ${count(c.known)}.`) : null;
  return h("div", {}, h("div", { class: "scroll" }, h("table", { class: "grid instances" }, h("thead", {}, head), h("tbody", {}, ...rows))), more);
}
