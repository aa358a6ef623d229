// The inspector page: the board of every class, live, and one instance opened in full.
// Served by the dev server at /__dorm/inspector?token=…; reads the dev build's JSON endpoints.
import "./styles.css";
import type { StatusBoard } from "../board.js";
import { Api, tokenFromLocation, type HostInfo } from "./api.js";
import { classCard, instanceTable } from "./board-view.js";
import { h, show } from "./dom.js";
import { clock } from "./format.js";
import { InstanceView, TABS, type Tab } from "./instance-view.js";

/** How often the board is read while the page is visible, and while it is hidden. */
const POLL_MS = 1_000;
const HIDDEN_POLL_MS = 5_000;

const api = new Api(tokenFromLocation());
const $ = (id: string) => document.getElementById(id)!;
const statusEl = $("live");
const boardEl = $("board");
const listEl = $("instances");
const explorerEl = $("explorer") as HTMLAnchorElement;
const appEl = $("app-name");

interface Route {
  className: string | null;
  id: string | null;
  tab: Tab;
}

/** `#/Counter`, `#/Counter/<id>`, `#/Counter/<id>/sql`. */
function route(): Route {
  const [className, id, tab] = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  return { className: className || null, id: id || null, tab: TABS.includes(tab as Tab) ? (tab as Tab) : "state" };
}

const instance = new InstanceView(api, (tab) => {
  const r = route();
  location.hash = `#/${r.className}/${r.id}/${tab}`;
});
$("detail").append(instance.root);

let board: StatusBoard | null = null;
/** The version of the open instance when it was last read. */
let readVersion = -1;

function setLive(state: "live" | "reconnecting", detail: string): void {
  statusEl.dataset.state = state;
  statusEl.textContent = detail;
}

function renderBoard(now: number): void {
  if (!board) return;
  const r = route();
  const selected = board.classes.find((c) => c.class === r.className) ?? board.classes[0] ?? null;
  show(boardEl, JSON.stringify([board.classes.map(({ instanceList: _, ...c }) => c), selected?.class]), () =>
    board!.classes.length === 0 ? [h("p", { class: "empty" }, "This app has no objects yet: add app/objects/<name>.ts.")] : board!.classes.map((c) => classCard(c, c === selected)),
  );
  show(listEl, JSON.stringify([selected, r.id, Math.floor(now / 5000)]), () =>
    selected ? [h("h2", { class: "section-title" }, `${selected.class} instances`), instanceTable(selected, r.id, now)] : [],
  );
}

async function renderInstance(reloadIfChanged: boolean): Promise<void> {
  const r = route();
  document.body.classList.toggle("has-detail", Boolean(r.className && r.id));
  if (!r.className || !r.id) {
    instance.close();
    readVersion = -1;
    return;
  }
  const summary = board?.classes.find((c) => c.class === r.className)?.instanceList.find((i) => i.id === r.id);
  const version = summary?.version ?? readVersion;
  const current = instance.target;
  const isNew = current?.className !== r.className || current?.id !== r.id;
  // Read again only when the instance had events: a sleeping one is never woken by the page.
  const reload = isNew || (reloadIfChanged && version !== readVersion);
  readVersion = version;
  await instance.open({ className: r.className, id: r.id }, r.tab, reload);
  instance.render(Date.now());
}

let timer: ReturnType<typeof setTimeout> | undefined;
async function tick(): Promise<void> {
  clearTimeout(timer);
  try {
    board = await api.board();
    setLive("live", `live · ${clock(board.at)}`);
    renderBoard(board.at);
    await renderInstance(true);
  } catch (error) {
    // The dev server is rebuilding or stopped: keep what is shown, and keep asking.
    setLive("reconnecting", `reconnecting… (${(error as Error).message})`);
  }
  timer = setTimeout(() => void tick(), document.hidden ? HIDDEN_POLL_MS : POLL_MS);
}

window.addEventListener("hashchange", () => {
  renderBoard(Date.now());
  void renderInstance(false);
});
document.addEventListener("visibilitychange", () => {
  if (!document.hidden) void tick();
});

api
  .info()
  .then((info: HostInfo) => {
    appEl.textContent = info.app;
    document.title = `${info.app} · dorm inspector`;
    if (info.explorer) {
      explorerEl.href = info.explorer;
      explorerEl.hidden = false;
    }
  })
  .catch(() => undefined);
void tick();
