import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lineReader } from "./line-reader.js";
import { objectSource, REPO, tempApp, type TempApp } from "./temp-app.js";

let app: TempApp | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  await app?.cleanup();
  app = child = undefined;
});

describe("dorm dev", () => {
  it("serves on local workerd, rebuilds on change, stops on SIGTERM", async () => {
    app = await tempApp({ "app/objects/room.ts": objectSource("hello(ctx) { return `hello from ${ctx.name}`; }") });
    child = spawn(process.execPath, [join(REPO, "packages/build/bin/dorm.js"), "dev", "--root", app.root, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    const output = lineReader(child);
    // Drained, so a chatty workerd can never block on a full pipe.
    child.stderr!.resume();
    const [, url] = await output.next(/serving .* at (http:\/\/\S+)/);

    // No app/worker.ts: the default router answers /objects/<object>/<name>.
    const missing = await fetch(`${url}objects/room/lobby`);
    expect(missing.status).toBe(500);

    await app.write({
      "app/objects/room.ts": `import { defineDurableObject } from "dorm";\nexport default defineDurableObject({\n  fetch: (request, ctx) => new Response(\`room \${ctx.name}\`),\n});\n`,
    });
    await output.next(/rebuilt and reloaded/);
    expect(await (await fetch(`${url}objects/room/lobby`)).text()).toBe("room lobby");

    const exited = new Promise<number | null>((r) => child!.once("exit", r));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
