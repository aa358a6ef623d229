/** The page `npm start` serves at `/`; its behaviour is in main.ts (served as /app.js). */

const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="9" fill="#4f46e5"/><path d="M8 10.5A3.5 3.5 0 0 1 11.5 7h9A3.5 3.5 0 0 1 24 10.5v6a3.5 3.5 0 0 1-3.5 3.5H15l-5 4v-4.2A3.5 3.5 0 0 1 8 16.5z" fill="#fff"/><circle cx="12.5" cy="13.5" r="1.4" fill="#4f46e5"/><circle cx="16" cy="13.5" r="1.4" fill="#4f46e5"/><circle cx="19.5" cy="13.5" r="1.4" fill="#4f46e5"/></svg>`;

const STYLES = `
:root {
  color-scheme: light dark;
  --bg: #f4f5f7; --panel: #fff; --text: #15181d; --muted: #6b7280; --line: #e4e6eb; --soft: #eef0f3;
  --accent: #4f46e5; --accent-text: #fff; --accent-soft: #eceafd;
  --ok: #15803d; --ok-soft: #e3f5e8; --warn: #a15c07; --warn-soft: #fdf1dc; --bad: #c81e1e; --bad-soft: #fde6e6;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1115; --panel: #171a20; --text: #e8eaee; --muted: #9aa1ad; --line: #2a2e37; --soft: #20242c;
    --accent: #7c74ff; --accent-text: #fff; --accent-soft: #27244d;
    --ok: #4ade80; --ok-soft: #13301e; --warn: #fbbf24; --warn-soft: #33270e; --bad: #f87171; --bad-soft: #3b1818;
  }
}
* { box-sizing: border-box; }
html, body { height: 100%; }
body { margin: 0; background: var(--bg); color: var(--text); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; -webkit-text-size-adjust: 100%; }
button, input { font: inherit; color: inherit; }
input { min-width: 0; width: 100%; padding: .55rem .7rem; border: 1px solid var(--line); border-radius: .6rem; background: var(--panel); }
input:focus { outline: 2px solid var(--accent); outline-offset: -1px; border-color: transparent; }
button { padding: .55rem 1rem; border: 0; border-radius: .6rem; background: var(--accent); color: var(--accent-text); font-weight: 600; cursor: pointer; white-space: nowrap; }
button:disabled { opacity: .45; cursor: default; }
button.quiet { background: var(--soft); color: var(--text); font-weight: 500; }
[hidden] { display: none !important; }

.app { height: 100dvh; max-width: 64rem; margin: 0 auto; display: flex; flex-direction: column; gap: .75rem; padding: .75rem 1rem 1rem; }
.bar { display: flex; align-items: center; gap: .6rem; min-width: 0; }
.brand { display: flex; align-items: center; gap: .55rem; font-weight: 700; font-size: 1.1rem; letter-spacing: -.01em; white-space: nowrap; }
.brand svg { width: 1.75rem; height: 1.75rem; flex: none; }
.where { min-width: 0; padding: .2rem .5rem; background: none; color: var(--muted); font-weight: 500; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; border-radius: .4rem; }
.where:hover { background: var(--soft); color: var(--text); }
.where::after { content: " ✎"; opacity: .6; }
body.joined .join { display: none; }
.status { margin-left: auto; flex: none; display: inline-flex; align-items: center; gap: .4rem; font-size: .8rem; font-weight: 600; padding: .2rem .65rem; border-radius: 99px; background: var(--soft); color: var(--muted); }
.status::before { content: ""; width: .5rem; height: .5rem; border-radius: 50%; background: currentColor; }
.status[data-status="open"] { background: var(--ok-soft); color: var(--ok); }
.status[data-status="connecting"], .status[data-status="reconnecting"] { background: var(--warn-soft); color: var(--warn); }
.status[data-status="closed"] { background: var(--bad-soft); color: var(--bad); }

.join { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) auto; gap: .5rem; align-items: end; }
.join label { display: grid; gap: .2rem; font-size: .75rem; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; min-width: 0; }
.notice { margin: 0; padding: .6rem .8rem; border-radius: .6rem; font-size: .9rem; background: var(--warn-soft); color: var(--warn); }
.notice[data-kind="refused"] { background: var(--bad-soft); color: var(--bad); }

.room { flex: 1; display: grid; grid-template-columns: minmax(0, 1fr) 13rem; gap: .75rem; min-height: 0; }
.conversation { display: grid; grid-template-rows: minmax(0, 1fr) auto auto auto; min-height: 0; background: var(--panel); border: 1px solid var(--line); border-radius: .9rem; overflow: hidden; }
.log { overflow-y: auto; padding: .75rem .9rem; min-height: 12rem; }
#older { display: block; margin: 0 auto .75rem; }
#messages { list-style: none; margin: 0; padding: 0; display: grid; gap: .15rem; }
.msg { max-width: min(34rem, 85%); justify-self: start; }
.msg + .msg.new-author { margin-top: .55rem; }
.msg .meta { display: flex; gap: .45rem; align-items: baseline; font-size: .78rem; color: var(--muted); margin: 0 .25rem .15rem; }
.msg .meta b { color: var(--text); font-size: .82rem; }
.msg .text { margin: 0; padding: .45rem .75rem; border-radius: 1rem; background: var(--soft); overflow-wrap: anywhere; white-space: pre-wrap; }
.msg.mine { justify-self: end; }
.msg.mine .meta { justify-content: flex-end; }
.msg.mine .text { background: var(--accent); color: var(--accent-text); }
.msg.pending .text { opacity: .6; }
.msg .state { font-size: .75rem; color: var(--muted); margin: .15rem .3rem 0; text-align: right; }
.msg.failed .state { color: var(--bad); }
.msg .state button { padding: 0 .3rem; background: none; color: var(--accent); font-weight: 600; }
.empty { color: var(--muted); text-align: center; margin: 2rem 0; }
.typing { margin: 0; padding: 0 .9rem; min-height: 1.4rem; font-size: .82rem; color: var(--muted); font-style: italic; }
.composer { display: flex; gap: .5rem; padding: .6rem; border-top: 1px solid var(--line); }
.error { margin: 0; padding: 0 .9rem .6rem; color: var(--bad); font-size: .85rem; }
.error:empty { display: none; }

.people { background: var(--panel); border: 1px solid var(--line); border-radius: .9rem; padding: .75rem .9rem; overflow-y: auto; min-height: 0; }
.people h2 { margin: 0 0 .5rem; font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
#people { list-style: none; margin: 0; padding: 0; display: grid; gap: .35rem; }
#people li { display: flex; align-items: center; gap: .5rem; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
/* While reconnecting, who is here is what it was: shown faded until the room says again. */
body[data-status="reconnecting"] #people { opacity: .5; }
#people li::before { content: ""; flex: none; width: .5rem; height: .5rem; border-radius: 50%; background: var(--ok); }

@media (max-width: 700px) {
  .app { padding: .6rem .6rem .75rem; gap: .6rem; }
  .join { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
  .join button { grid-column: 1 / -1; }
  .room { grid-template-columns: minmax(0, 1fr); grid-template-rows: auto minmax(0, 1fr); }
  .people { order: -1; padding: .5rem .7rem; display: flex; align-items: center; gap: .6rem; overflow-x: auto; }
  .people h2 { margin: 0; flex: none; }
  #people { display: flex; gap: .4rem; }
  #people li { flex: none; padding: .15rem .55rem; border-radius: 99px; background: var(--soft); font-size: .85rem; }
  .msg { max-width: 90%; }
}
`;

export const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light dark">
<title>dorm chat</title>
<link rel="icon" href="data:image/svg+xml,${encodeURIComponent(ICON)}">
<style>${STYLES}</style>
</head>
<body>
<div class="app">
  <header class="bar">
    <div class="brand">${ICON}<span>dorm chat</span></div>
    <button class="where" id="where" type="button" title="Change room or name" hidden></button>
    <span id="status" class="status" data-status="idle" role="status">not connected</span>
  </header>
  <form id="join" class="join">
    <label>Room <input id="room" value="lobby" required maxlength="64" autocomplete="off"></label>
    <label>Your name <input id="name" required maxlength="24" autocomplete="nickname"></label>
    <button id="join-button">Join</button>
  </form>
  <p id="notice" class="notice" hidden></p>
  <main class="room">
    <section class="conversation" aria-label="messages">
      <div class="log" id="log">
        <button id="older" class="quiet" hidden>Load older messages</button>
        <ol id="messages" aria-live="polite"></ol>
        <p id="empty" class="empty">No messages yet. Say hello!</p>
      </div>
      <p id="typing" class="typing"></p>
      <form id="composer" class="composer">
        <input id="text" placeholder="Write a message" autocomplete="off" maxlength="500" disabled aria-label="message">
        <button id="send" disabled>Send</button>
      </form>
      <p id="error" class="error" role="alert"></p>
    </section>
    <aside class="people" aria-label="people here">
      <h2>Here now <span id="count"></span></h2>
      <ul id="people"></ul>
    </aside>
  </main>
</div>
<script type="module" src="/app.js"></script>
</body>
</html>
`;
