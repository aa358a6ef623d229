/** The page `npm start` serves at `/`: one counter, driven through the REST routes. */
export const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dorm counter</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; }
  output { display: block; font-size: 4rem; font-variant-numeric: tabular-nums; margin: 1rem 0; }
  button { font-size: 1.25rem; padding: .4rem 1rem; margin-right: .5rem; }
  input { font-size: 1rem; padding: .3rem; }
  #error { color: #b00020; min-height: 1.5em; }
</style>
</head>
<body>
<h1>dorm counter</h1>
<p>Each name is one Durable Object. Its count survives restarts.</p>
<label>Counter name <input id="name" value="home"></label>
<output id="value" aria-live="polite">…</output>
<button id="decrement">−1</button><button id="increment">+1</button><button id="reset">Reset</button>
<p id="error" role="alert"></p>
<script>
  const $ = (id) => document.getElementById(id);
  async function call(method, path) {
    $("error").textContent = "";
    const name = encodeURIComponent($("name").value || "home");
    const response = await fetch("/counter/" + name + path, { method });
    const body = await response.json();
    if (!response.ok) { $("error").textContent = body.error.message; return; }
    $("value").textContent = body.value;
  }
  $("increment").onclick = () => call("POST", "/increment");
  $("decrement").onclick = () => call("POST", "/decrement");
  $("reset").onclick = () => call("POST", "/reset");
  $("name").onchange = () => call("GET", "");
  call("GET", "");
</script>
</body>
</html>
`;
