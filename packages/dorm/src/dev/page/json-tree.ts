import type { Preview } from "../board.js";
import { h } from "./dom.js";

// A value as a tree: objects and arrays fold (<details>), the rest is one line. Which nodes are
// open is kept by path, so a live update does not fold what the reader opened.

const opened = new Set<string>();

type Special = { $type: string } & Record<string, Preview>;
const isSpecial = (value: Preview): value is Special => typeof value === "object" && value !== null && !Array.isArray(value) && typeof value.$type === "string";

/** One line for a value that does not fold. */
function leaf(value: Preview): HTMLElement {
  if (value === null) return h("span", { class: "j-null" }, "null");
  if (typeof value === "string") return h("span", { class: "j-str" }, JSON.stringify(value));
  if (typeof value === "number") return h("span", { class: "j-num" }, String(value));
  if (typeof value === "boolean") return h("span", { class: "j-bool" }, String(value));
  const special = value as Special;
  switch (special.$type) {
    case "string":
      return h("span", { class: "j-str" }, `${JSON.stringify(special.head)}… (${special.length} chars)`);
    case "undefined":
      return h("span", { class: "j-null" }, "undefined");
    case "more":
      return h("span", { class: "j-meta" }, `… ${special.count} more`);
    case "cycle":
      return h("span", { class: "j-meta" }, "(circular)");
    case "deep":
      return h("span", { class: "j-meta" }, `(${special.kind} nested too deep to show)`);
    case "Date":
    case "RegExp":
    case "bigint":
    case "number":
    case "symbol":
    case "function":
      return h("span", { class: "j-special" }, `${special.$type === "number" ? "" : `${special.$type} `}${String(special.value)}`);
    case "Error":
      return h("span", { class: "j-special" }, `${String(special.name)}: ${String(special.message)}`);
    default:
      // ArrayBuffer and typed arrays
      return h("span", { class: "j-special" }, `${special.$type} (${String(special.bytes)} bytes)`);
  }
}

function children(value: Preview): [string, Preview][] | null {
  if (Array.isArray(value)) return value.map((v, i) => [String(i), v]);
  if (typeof value !== "object" || value === null) return null;
  if (isSpecial(value)) {
    if (value.$type === "Map") return (value.entries as [Preview, Preview][]).map((pair, i) => (Array.isArray(pair) ? [typeof pair[0] === "string" ? pair[0] : JSON.stringify(pair[0]), pair[1]] : [String(i), pair]));
    if (value.$type === "Set") return (value.values as Preview[]).map((v, i) => [String(i), v]);
    return null;
  }
  return Object.entries(value);
}

function label(value: Preview, size: number): string {
  if (Array.isArray(value)) return `Array(${size})`;
  if (isSpecial(value)) return `${value.$type}(${String(value.size)})`;
  return size === 0 ? "{}" : `{ ${size} key${size === 1 ? "" : "s"} }`;
}

function node(key: string | null, value: Preview, path: string, depth: number): HTMLElement {
  const entries = children(value);
  const name = key === null ? null : h("span", { class: "j-key" }, key);
  if (!entries || entries.length === 0) {
    return h("div", { class: "j-row" }, name, name && ": ", entries ? h("span", { class: "j-meta" }, label(value, 0)) : leaf(value));
  }
  const details = h("details", { class: "j-node", open: depth < 2 ? !opened.has(`!${path}`) : opened.has(path) });
  details.addEventListener("toggle", () => {
    // Remember the reader's choice against the default for this depth.
    const mark = depth < 2 ? `!${path}` : path;
    if (details.open === depth < 2) opened.delete(mark);
    else opened.add(mark);
  });
  details.append(h("summary", {}, name, name && ": ", h("span", { class: "j-meta" }, label(value, entries.length))));
  const body = h("div", { class: "j-children" });
  for (const [k, v] of entries) body.append(node(k, v, `${path}/${k}`, depth + 1));
  details.append(body);
  return details;
}

/** The tree for `value`; `id` keeps open nodes apart between trees. */
export function jsonTree(value: Preview, id: string): HTMLElement {
  return h("div", { class: "json" }, node(null, value, id, 0));
}

/** One value on one line, for table cells: short JSON, cut. */
export function inline(value: Preview, max = 80): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
