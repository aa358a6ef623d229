// The chat page's script, bundled for the browser at build time (imported by the worker as
// "./page/main.ts?browser" and served as /app.js). Everything it sends and receives is typed
// from the room's definition.
import { connect, type DormClient } from "@dorm/client";
import type Room from "../objects/room.js";
import type { ChatMessage } from "../objects/room.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const roomInput = $<HTMLInputElement>("room");
const nameInput = $<HTMLInputElement>("name");
const statusEl = $("status");
const list = $<HTMLUListElement>("messages");
const older = $<HTMLButtonElement>("older");
const text = $<HTMLInputElement>("text");
const send = $<HTMLButtonElement>("send");
const people = $<HTMLUListElement>("people");
const typingEl = $("typing");
const errorEl = $("error");

nameInput.value = localStorage.getItem("dorm-chat-name") ?? `guest-${Math.random().toString(36).slice(2, 6)}`;
const fromHash = decodeURIComponent(location.hash.slice(1));
if (fromHash) roomInput.value = fromHash;

let client: DormClient<typeof Room> | null = null;
const messages = new Map<number, ChatMessage>();
const typing = new Map<string, { name: string; until: number }>();
let hasOlder = false;

function render(): void {
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
  list.replaceChildren(
    ...[...messages.values()]
      .sort((a, b) => a.id - b.id)
      .map((m) => {
        const li = document.createElement("li");
        li.dataset.id = String(m.id);
        const who = document.createElement("b");
        who.textContent = m.name;
        const when = document.createElement("time");
        when.textContent = new Date(m.at).toLocaleTimeString();
        li.replaceChildren(who, document.createTextNode(m.text), when);
        return li;
      }),
  );
  older.hidden = !hasOlder;
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function renderTyping(): void {
  const now = Date.now();
  for (const [id, t] of typing) if (t.until < now) typing.delete(id);
  const names = [...typing.values()].map((t) => t.name);
  typingEl.textContent = names.length === 0 ? "" : `${names.join(", ")} ${names.length === 1 ? "is" : "are"} typing…`;
}
setInterval(renderTyping, 1_000);

function showError(error: unknown): void {
  errorEl.textContent = error instanceof Error ? error.message : String(error);
}

/** The newest page, merged by id: after a reconnect it fills in what was missed. */
async function loadLatest(room: DormClient<typeof Room>): Promise<void> {
  const page = await room.call.history({});
  for (const m of page.messages) messages.set(m.id, m);
  if (messages.size <= page.messages.length) hasOlder = page.more;
  render();
}

function join(event: Event): void {
  event.preventDefault();
  client?.close();
  messages.clear();
  typing.clear();
  render();
  errorEl.textContent = "";
  const roomName = roomInput.value.trim();
  const name = nameInput.value.trim();
  localStorage.setItem("dorm-chat-name", name);
  location.hash = encodeURIComponent(roomName);

  // Staff rooms want ?key=; the page passes on its own (open /?key=…#staff-room).
  const key = new URLSearchParams(location.search).get("key");
  const query = `?name=${encodeURIComponent(name)}${key ? `&key=${encodeURIComponent(key)}` : ""}`;
  const room = connect<typeof Room>(`/rooms/${encodeURIComponent(roomName)}/ws${query}`);
  client = room;
  room.onStatus((status, detail) => {
    statusEl.dataset.status = status;
    statusEl.textContent = status === "closed" && detail?.status ? `refused (${detail.status})` : status;
    text.disabled = send.disabled = status === "closed";
    if (status === "open") loadLatest(room).catch(showError);
  });
  room.onPresence((list) => {
    people.replaceChildren(
      ...list.map((p) => {
        const li = document.createElement("li");
        li.textContent = p.presence.name + (p.id === room.id ? " (you)" : "");
        return li;
      }),
    );
  });
  room.on("message", (m) => {
    messages.set(m.id, m);
    typing.delete(m.name);
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
    client?.send.typing({ typing: false });
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
  // Sent now, or queued while reconnecting and sent in order once the connection is back.
  client.call.post({ text: value }).catch(showError);
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
