import { describe, expect, it } from "vitest";
import { tempApp } from "../test/temp-app.js";
import { inputFiles, inputsDigest } from "./inputs.js";

describe("inputs", () => {
  it("lists app/objects/ entries and the files that shape the config, present or not", async () => {
    const app = await tempApp({ "app/objects/b.ts": "b", "app/objects/a.ts": "a" });
    try {
      expect(inputFiles(app.root)).toEqual([
        "app/objects/a.ts",
        "app/objects/b.ts",
        "app/worker.ts",
        "wrangler.json",
        "wrangler.jsonc",
        "wrangler.toml",
        "dorm.config.ts",
        "dorm.migrations.json",
      ]);
    } finally {
      await app.cleanup();
    }
  });

  it("the digest moves with any content, a new file or a removed one, and only then", async () => {
    const app = await tempApp({ "app/objects/room.ts": "v1" });
    try {
      const first = await inputsDigest(app.root);
      expect(await inputsDigest(app.root)).toBe(first);
      await app.write({ "app/objects/room.ts": "v2" });
      const edited = await inputsDigest(app.root);
      expect(edited).not.toBe(first);
      await app.write({ "app/objects/hall.ts": "" });
      const added = await inputsDigest(app.root);
      expect(added).not.toBe(edited);
      await app.remove("app/objects/hall.ts");
      expect(await inputsDigest(app.root)).toBe(edited);
      await app.write({ "wrangler.jsonc": "{}" });
      const configured = await inputsDigest(app.root);
      expect(configured).not.toBe(edited);
      // Outputs are not inputs: a build writing them must not look like a change.
      await app.write({ ".dorm/entry.js": "x", "dist/worker.js": "y" });
      expect(await inputsDigest(app.root)).toBe(configured);
    } finally {
      await app.cleanup();
    }
  });
});
