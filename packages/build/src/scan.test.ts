import { describe, expect, it } from "vitest";
import { BuildErrors } from "./errors.js";
import { isObjectFile, objectsFromFiles } from "./scan.js";

describe("isObjectFile", () => {
  it.each([
    ["app/objects/room.ts", true],
    ["app/objects/room.test.ts", false],
    ["app/objects/room.spec.ts", false],
    ["app/objects/room.d.ts", false],
    ["app/objects/_shared.ts", false],
    ["app/objects/room.js", false],
  ])("%s → %s", (file, expected) => {
    expect(isObjectFile(file)).toBe(expected);
  });
});

describe("objectsFromFiles", () => {
  it("skips non-objects and sorts by file", () => {
    const objects = objectsFromFiles(["app/objects/room.ts", "app/objects/_util.ts", "app/objects/counter.ts", "app/objects/counter.test.ts"]);
    expect(objects.map((o) => [o.file, o.names.className])).toEqual([
      ["app/objects/counter.ts", "Counter"],
      ["app/objects/room.ts", "Room"],
    ]);
  });

  it("reports every invalid and colliding name at once, naming the files", () => {
    let error: unknown;
    try {
      objectsFromFiles(["app/objects/chat-room.ts", "app/objects/chatRoom.ts", "app/objects/Chat Room.ts", "app/objects/1room.ts"]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BuildErrors);
    const errors = (error as BuildErrors).errors;
    expect(errors.map((e) => e.code).sort()).toEqual(["DORM_BAD_FILE_NAME", "DORM_BAD_FILE_NAME", "DORM_NAME_COLLISION"]);
    const collision = errors.find((e) => e.code === "DORM_NAME_COLLISION")!;
    expect(collision.message).toContain("app/objects/chat-room.ts");
    expect(collision.message).toContain("app/objects/chatRoom.ts");
    expect(collision.message).toContain("CHAT_ROOM");
  });

  it("a class two files share is a collision even when their bindings differ (a1b.ts, a-1b.ts)", () => {
    let error: unknown;
    try {
      objectsFromFiles(["app/objects/a1b.ts", "app/objects/a-1b.ts"]);
    } catch (e) {
      error = e;
    }
    const [collision] = (error as BuildErrors).errors;
    expect(collision?.code).toBe("DORM_NAME_COLLISION");
    expect(collision?.message).toMatch(/^"app\/objects\/a1b\.ts" and "app\/objects\/a-1b\.ts" both map to the class A1b/);
    expect(collision?.location?.file).toBe("app/objects/a1b.ts");
  });
});
