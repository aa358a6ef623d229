/** The page `npm start` serves at `/`; its behaviour is in main.ts (served as /app.js). */
export const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dorm chat</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
  header { display: flex; gap: .5rem; align-items: end; flex-wrap: wrap; }
  label { display: flex; flex-direction: column; font-size: .8rem; color: #555; }
  input { font: inherit; padding: .35rem .5rem; }
  button { font: inherit; padding: .35rem .9rem; }
  #status { margin-left: auto; font-size: .85rem; padding: .15rem .5rem; border-radius: 1rem; background: #eee; }
  #status[data-status="open"] { background: #d8f5dc; }
  #status[data-status="reconnecting"], #status[data-status="connecting"] { background: #fff1c2; }
  #status[data-status="closed"] { background: #fbd6d6; }
  main { display: grid; grid-template-columns: 1fr 11rem; gap: 1rem; margin-top: 1rem; }
  #messages { list-style: none; margin: 0; padding: .5rem; height: 24rem; overflow-y: auto; border: 1px solid #ddd; border-radius: .4rem; }
  #messages li { margin: .2rem 0; }
  #messages b { margin-right: .35rem; }
  #messages time { color: #999; font-size: .75rem; margin-left: .35rem; }
  #people { margin: 0; padding-left: 1.1rem; }
  #typing { min-height: 1.3em; color: #777; font-style: italic; font-size: .85rem; }
  #error { color: #b00020; min-height: 1.3em; }
  form#composer { display: flex; gap: .5rem; } form#composer input { flex: 1; }
</style>
</head>
<body>
<h1>dorm chat</h1>
<form id="join">
  <header>
    <label>Room <input id="room" value="lobby" required></label>
    <label>Your name <input id="name" required maxlength="24"></label>
    <button id="join-button">Join</button>
    <span id="status" data-status="idle">not connected</span>
  </header>
</form>
<main>
  <section>
    <button id="older" hidden>Load older messages</button>
    <ul id="messages" aria-live="polite"></ul>
    <p id="typing"></p>
    <form id="composer">
      <input id="text" placeholder="Say something" autocomplete="off" maxlength="500" disabled>
      <button id="send" disabled>Send</button>
    </form>
    <p id="error" role="alert"></p>
  </section>
  <aside>
    <h2>Here now</h2>
    <ul id="people"></ul>
  </aside>
</main>
<script type="module" src="/app.js"></script>
</body>
</html>
`;
