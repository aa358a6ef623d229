// A few lines instead of a framework: elements from tag, attributes and children.

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

/** `h("td", { class: "num", "data-field": "sockets" }, 3)`. `on*` attributes are listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replace what `parent` holds, unless it shows this very data already (live updates redraw only what changed). */
export function show(parent: HTMLElement, key: string, render: () => Child[]): void {
  if (parent.dataset.shown === key) return;
  parent.dataset.shown = key;
  parent.replaceChildren();
  append(parent, render());
}
