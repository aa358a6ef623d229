import { describe, expect, it } from "vitest";
import { checkBuild } from "./check-build.js";
import type { AnyOptions } from "./features.js";

const def = { methods: { increment: () => 1, get: () => 0 } } as unknown as AnyOptions;

describe("checkBuild (dev and test builds)", () => {
  it("passes when the class has the definition's methods, in any order", () => {
    expect(() => checkBuild(def, { object: "counter", methods: ["get", "increment"] })()).not.toThrow();
  });

  it("is DORM_STALE_BUILD naming both lists when they differ, at each start until they agree", () => {
    const check = checkBuild(def, { object: "counter", methods: ["increment"] });
    const message = "[DORM_STALE_BUILD] object \"counter\": the built class has methods [increment] but the definition has [get, increment]; run `dorm build` again";
    expect(check).toThrow(message);
    expect(check).toThrow(message);
  });
});
