// The chat page's script, bundled for the browser at build time (imported by the worker as
// "./page/main.ts?browser" and served as /app.js). Everything it sends and receives is typed
// from the room's definition.
import { connect, type ClientError, type ClosedDetail, type ConnectionStatus, type DormClient } from "@dorm/client";
import type Room from "../objects/room.js";
import type { ChatMessage } from "../objects/room.js";
import { refusal } from "./refusal.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const roomInput = $<HTMLInputElement>("room");
const nameInput = $<HTMLInputElement>("name");
const whereEl = $<HTMLButtonElement>("where");
const statusEl = $("status");
const noticeEl = $("notice");
const log = $("log");
const list = $<HTMLOListElement>("messages");
const emptyEl = $("empty");
const older = $<HTMLButtonElement>("older");
const text = $<HTMLInputElement>("text");
const send = $<HTMLButtonElement>("send");
const people = $<HTMLUListElement>("people");
const countEl = $("count");
const typingEl = $("typing");
const errorEl = $("error");

nameInput.value = localStorage.getItem("dorm-chat-name") ?? `guest-${Math.random().toString(36).slice(2, 6)}`;
const fromHash = decodeURIComponent(location.hash.slice(1));
if (fromHash) roomInput.value = fromHash;

/** A message typed here, until the room confirms it. */
interface Outgoing {
  readonly text: string;
  state: "waiting" | "sending" | "failed";
  problem?: string;
}

let client: DormClient<typeof Room> | null = null;
let me = "";
const messages = new Map<number, ChatMessage>();
const outgoing: Outgoing[] = [];
/** Who is typing, by connection id; until when it is shown. */
const typing = new Map<string, { name: string; until: number }>();
let hasOlder = false;

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.replaceChildren(...children);
  return el;
}

function bubble(name: string, body: string, at: number | null, previous: string | null, className: string): HTMLLIElement {
  const li = element("li", `msg ${name === me ? "mine" : "theirs"}${previous === name ? "" : " new-author"} ${className}`);
  // Consecutive messages of one author share the name above the first.
  if (previous !== name) li.appendChild(element("div", "meta", element("b", "", name), ...(at === null ? [] : [element("time", "", time(at))])));
  li.appendChild(element("p", "text", body));
  return li;
}

function render(): void {
  const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 24;
  let previous: string | null = null;
  const items: HTMLLIElement[] = [];
  for (const m of [...messages.values()].sort((a, b) => a.id - b.id)) {
    const li = bubble(m.name, m.text, m.at, previous, "");
    li.dataset.id = String(m.id);
    items.push(li);
    previous = m.name;
  }
  for (const item of outgoing) {
    const li = bubble(me, item.text, null, previous, item.state === "failed" ? "failed" : "pending");
    const state = element("div", "state", item.state === "waiting" ? "Waiting for the connection…" : item.state === "sending" ? "Sending…" : `Not sent: ${item.problem} `);
    if (item.state === "failed") {
      const retry = element("button", "", "Send again");
      retry.type = "button";
      retry.addEventListener("click", () => {
        settle(item);
        post(item.text);
      });
      state.appendChild(retry);
    }
    li.appendChild(state);
    items.push(li);
    previous = me;
  }
  list.replaceChildren(...items);
  emptyEl.hidden = items.length > 0 || client === null || client.status === "closed";
  older.hidden = !hasOlder;
  if (atBottom) log.scrollTop = log.scrollHeight;
}

function renderTyping(): void {
  const now = Date.now();
  for (const [id, t] of typing) if (t.until < now) typing.delete(id);
  const names = [...new Set([...typing.values()].map((t) => t.name))];
  typingEl.textContent = names.length === 0 ? "" : `${names.join(", ")} ${names.length === 1 ? "is" : "are"} typing…`;
}
setInterval(renderTyping, 1_000);

/** What a failed call means for the person who sent it. */
function explain(error: ClientError | Error): string {
  switch ((error as ClientError).code) {
    case "DORM_RATE_LIMITED":
      return "you are sending faster than the room accepts; wait a moment.";
    case "DORM_DISCONNECTED":
      return "the connection dropped while it was on its way; it may not have arrived.";
    case "DORM_TIMEOUT":
      return "the room did not answer in time; it may still have arrived.";
    case "DORM_CLOSED":
      return "you are not connected to the room.";
    default:
      return error.message;
  }
}

function showNotice(textContent: string, kind: "offline" | "refused"): void {
  noticeEl.textContent = textContent;
  noticeEl.dataset.kind = kind;
  noticeEl.hidden = textContent === "";
}

const STATUS_WORDS: Record<ConnectionStatus, string> = { connecting: "connecting…", open: "connected", reconnecting: "reconnecting…", closed: "not connected" };

/** The join form folds away once in a room (the room and name in the bar bring it back). */
function showJoinForm(show: boolean): void {
  document.body.classList.toggle("joined", !show);
  if (show) roomInput.focus();
}

function onStatus(room: DormClient<typeof Room> | null, status: ConnectionStatus, detail?: ClosedDetail): void {
  // A refusal the client retries (503: this server has no STAFF_KEY, so staff rooms are off) will
  // not change while the page waits: end the connection and say why, as for a 401 or 403.
  if (room && status === "reconnecting" && detail?.status === 503) {
    room.close();
    return onStatus(null, "closed", detail);
  }
  statusEl.dataset.status = document.body.dataset.status = status;
  if (status === "closed") showJoinForm(true);
  statusEl.textContent = status === "closed" && detail?.status ? "refused" : STATUS_WORDS[status];
  text.disabled = send.disabled = status === "closed";
  if (status === "reconnecting") showNotice("Connection lost. Messages you send now are kept, and delivered when it is back.", "offline");
  else if (status === "closed") showNotice(refusal(detail), "refused");
  else showNotice("", "offline");
  if (status === "open" && room) {
    for (const item of outgoing) if (item.state === "waiting") item.state = "sending";
    loadLatest(room).catch(showError);
  }
  render();
}

function showError(error: unknown): void {
  errorEl.textContent = error instanceof Error ? explain(error) : String(error);
}

/** The newest page, merged by id: after a reconnect it fills in what was missed. */
async function loadLatest(room: DormClient<typeof Room>): Promise<void> {
  const page = await room.call.history({});
  for (const m of page.messages) messages.set(m.id, m);
  if (messages.size <= page.messages.length) hasOlder = page.more;
  render();
}

function renderPeople(list: readonly { id: string; presence: { name: string } }[], room: DormClient<typeof Room>): void {
  people.replaceChildren(...list.map((p) => element("li", "", p.presence.name + (p.id === room.id ? " (you)" : ""))));
  countEl.textContent = list.length > 0 ? `· ${list.length}` : "";
}

function join(event: Event): void {
  event.preventDefault();
  client?.close();
  client = null;
  messages.clear();
  outgoing.length = 0;
  typing.clear();
  renderTyping();
  errorEl.textContent = "";
  const roomName = roomInput.value.trim();
  me = nameInput.value.trim();
  localStorage.setItem("dorm-chat-name", me);
  location.hash = encodeURIComponent(roomName);
  whereEl.textContent = `#${roomName} · ${me}`;
  whereEl.hidden = false;
  showJoinForm(false);

  // Staff rooms want ?key=; the page passes on its own (open /?key=…#staff-room).
  const key = new URLSearchParams(location.search).get("key");
  connectTo(`/rooms/${encodeURIComponent(roomName)}/ws?name=${encodeURIComponent(me)}${key ? `&key=${encodeURIComponent(key)}` : ""}`);
}

/** Connect to a room's socket, and follow it on the page. */
function connectTo(url: string): void {
  const room = connect<typeof Room>(url);
  client = room;
  render();
  room.onStatus((status, detail) => onStatus(room, status, detail));
  room.onPresence((list) => renderPeople(list, room));
  room.on("message", (m) => {
    messages.set(m.id, m);
    // Our own message, broadcast to everyone: it is delivered (the reply follows).
    if (m.name === me) settle(outgoing.find((item) => item.state === "sending" && item.text === m.text));
    // The message ends its author's typing, whichever connection it was typed on.
    for (const [id, t] of typing) if (t.name === m.name) typing.delete(id);
    render();
    renderTyping();
  });
  room.on("typing", (t) => {
    if (t.typing) typing.set(t.id, { name: t.name, until: Date.now() + 5_000 });
    else typing.delete(t.id);
    renderTyping();
  });
  room.onError(showError);
}

/** Take a message off the outgoing list (confirmed, or about to be sent again). */
function settle(item: Outgoing | undefined): void {
  const index = item ? outgoing.indexOf(item) : -1;
  if (index >= 0) outgoing.splice(index, 1);
}

/**
 * Post a message. Offline, the client keeps it and sends it once reconnected (a call made
 * offline has no deadline), so it shows as waiting until the room confirms it.
 */
function post(value: string): void {
  if (!client) return;
  const item: Outgoing = { text: value, state: client.status === "open" ? "sending" : "waiting" };
  outgoing.push(item);
  render();
  client.call.post({ text: value }).then(
    (saved) => {
      settle(item);
      messages.set(saved.id, saved);
      render();
    },
    (error: ClientError) => {
      item.state = "failed";
      item.problem = explain(error);
      render();
    },
  );
}

let typingSent = 0;
let typingStop: ReturnType<typeof setTimeout> | undefined;
text.addEventListener("input", () => {
  if (!client || client.status !== "open") return;
  const now = Date.now();
  if (now - typingSent > 2_000) {
    client.send.typing({ typing: true });
    typingSent = now;
  }
  clearTimeout(typingStop);
  typingStop = setTimeout(() => {
    if (client?.status === "open") client.send.typing({ typing: false });
    typingSent = 0;
  }, 3_000);
});

$<HTMLFormElement>("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const value = text.value.trim();
  if (!client || !value) return;
  text.value = "";
  clearTimeout(typingStop);
  typingSent = 0;
  errorEl.textContent = "";
  post(value);
});

older.addEventListener("click", () => {
  const oldest = Math.min(...messages.keys());
  client?.call
    .history({ before: oldest })
    .then((page) => {
      for (const m of page.messages) messages.set(m.id, m);
      hasOlder = page.more;
      render();
    })
    .catch(showError);
});

$<HTMLFormElement>("join").addEventListener("submit", join);
// Toggles: open to change room or name, closed again without changing anything.
whereEl.addEventListener("click", () => showJoinForm(document.body.classList.contains("joined")));
