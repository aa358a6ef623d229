import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_COMPATIBILITY_DATE } from "../codegen/wrangler.js";
import { APP_FILES, planScaffold } from "./plan.js";
import { render } from "./templates.js";

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
const json = (path: string) => JSON.parse(read(path)) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

describe("planScaffold", () => {
  it("an object and its test; a new app also gets its app files", () => {
    const plan = planScaffold("chat", "chat-room", "/work/My App!", true);
    expect(plan.names).toEqual({ route: "chat-room", accessor: "chatRoom", binding: "CHAT_ROOM", className: "ChatRoom", app: "my-app" });
    expect(plan.files.slice(0, 2)).toEqual([
      ["chat/object.ts", "app/objects/chat-room.ts"],
      ["chat/object.test.ts", "test/chat-room.test.ts"],
    ]);
    expect(plan.files.slice(2)).toEqual(APP_FILES);
    expect(planScaffold("lock", "jobs", "/work/app", false).files).toHaveLength(2);
  });

  it("refuses a name that cannot name an object", () => {
    expect(() => planScaffold("counter", "9lives", "/x", true)).toThrow(/"9lives.ts" cannot name an object/);
  });

  it("refuses a path instead of dropping it: ../../evil, /abs/x, a/b", () => {
    for (const [name, fix] of [
      ["../../evil", "dorm new counter evil"],
      ["/abs/x", "dorm new counter x"],
      ["a/b", "dorm new counter b"],
      ["a\\b", "dorm new counter b"],
      ["..", "pass a name such as my-object"],
    ]) {
      let error: unknown;
      try {
        planScaffold("counter", name!, "/work/app", false);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: "DORM_BAD_NAME", message: `"${name}" is a path; dorm new takes an object's name and writes app/objects/<name>.ts in the app's folder.` });
      expect((error as { fix: string }).fix).toContain(fix);
    }
  });

  it("render replaces every placeholder", () => {
    const names = { route: "chat-room", accessor: "chatRoom", binding: "CHAT_ROOM", className: "ChatRoom", app: "demo" };
    expect(render("__app__ __route__ __accessor__ __BINDING__ __Class__", names)).toBe("demo chat-room chatRoom CHAT_ROOM ChatRoom");
  });
});

describe("the new app's files", () => {
  it("pin the toolchain this repository is tested with", () => {
    const app = json("../../templates/app/package.json");
    const root = json("../../../../package.json");
    const pinned = { ...root.dependencies, ...root.devDependencies };
    for (const [name, version] of Object.entries({ ...app.dependencies, ...app.devDependencies })) {
      if (name === "dorm" || name.startsWith("@dorm/")) continue;
      expect([name, version]).toEqual([name, pinned[name]]);
    }
  });

  it("use dorm's default compatibility date", () => {
    expect(read("../../templates/app/wrangler.jsonc")).toContain(`"compatibility_date": "${DEFAULT_COMPATIBILITY_DATE}"`);
  });
});
