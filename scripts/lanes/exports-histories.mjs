// The declarative `migrations: "exports"` output (wrangler >= 4.107), checked by the real wrangler.
// The histories are the migration property test's own sample (the golden file of
// packages/build/src/migrations/exports.test.ts: the first 25 histories its generator makes with
// the test's seed, renames and deletes included). For each one dorm can express as `exports`, an
// app gets that journal and one file per live class; `dorm build --migrations exports` writes
// dist/wrangler.json, which must carry exactly the golden `exports`, and `wrangler deploy
// --dry-run` must accept it.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "./run-steps.mjs";

const GOLDEN = new URL("../../packages/build/src/migrations/__golden__/exports-histories.json.golden", import.meta.url);

/** The storage kind an object file declares, from the name the `exports` map gives it. */
const DORM_STORAGE = { sqlite: "sqlite", "legacy-kv": "kv" };

const objectFile = (storage) =>
  `import { defineDurableObject } from "dorm";\n\nexport default defineDurableObject({\n  storage: "${storage}",\n  methods: { ping: () => "pong" },\n});\n`;

/** Check every expressible history under `dir` (inside `app`, whose node_modules have dorm and wrangler). */
export async function checkExportsHistories(app, wrangler, dir) {
  const histories = JSON.parse(readFileSync(GOLDEN, "utf8")).filter((h) => !("error" in h.exports));
  const kinds = (key) => histories.filter((h) => h.migrations.some((step) => step[key])).length;
  if (kinds("renamed_classes") === 0 || kinds("deleted_classes") === 0) throw new Error("the sample has no rename or no delete: regenerate the golden file");
  const cli = join(app, "node_modules/@dorm/build/bin/dorm.js");
  const check = async (history, i) => {
    const root = join(dir, `h${i}`);
    const live = Object.entries(history.exports).filter(([, entry]) => entry.state === undefined);
    mkdirSync(join(root, "app/objects"), { recursive: true });
    writeFileSync(join(root, "wrangler.jsonc"), JSON.stringify({ name: `history-${i}`, compatibility_date: "2026-04-26" }));
    writeFileSync(join(root, "dorm.migrations.json"), `${JSON.stringify({ migrations: history.migrations }, null, 2)}\n`);
    for (const [className, entry] of live) writeFileSync(join(root, `app/objects/${className.toLowerCase()}.ts`), objectFile(DORM_STORAGE[entry.storage]));
    await run(process.execPath, [cli, "build", "--migrations", "exports"], { cwd: root, quiet: true });
    const config = JSON.parse(readFileSync(join(root, "dist/wrangler.json"), "utf8"));
    if (JSON.stringify(config.exports) !== JSON.stringify(history.exports) || config.migrations !== undefined) {
      throw new Error(`history ${i}: dist/wrangler.json's exports differ from the golden ones:\n${JSON.stringify(config.exports)}\n${JSON.stringify(history.exports)}`);
    }
    await run(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", join(root, "out")], { cwd: root, quiet: true });
  };
  // Two at a time: wrangler is mostly start-up.
  const started = Date.now();
  for (let i = 0; i < histories.length; i += 2) await Promise.all(histories.slice(i, i + 2).map((h, j) => check(h, i + j)));
  console.log(
    `  ok  ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  exports: ${histories.length} histories (${kinds("renamed_classes")} with renames, ${kinds("deleted_classes")} with deletes) built by dorm, accepted by wrangler deploy --dry-run`,
  );
}
