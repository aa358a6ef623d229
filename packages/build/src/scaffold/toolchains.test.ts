import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { laneFor, TOOLCHAINS, withToolchain } from "./toolchains.js";

const REPO = new URL("../../../../", import.meta.url);
const json = (path: string) => JSON.parse(readFileSync(new URL(path, REPO), "utf8"));

describe("toolchains", () => {
  it("the pinned lane is the repository's own toolchain; the current lane's folder installs the current one", () => {
    const root = json("package.json").devDependencies;
    for (const [name, version] of Object.entries(TOOLCHAINS.pinned.packages)) expect([name, root[name]]).toEqual([name, version]);
    const lane = json("scripts/lanes/current/package.json").devDependencies;
    for (const [name, version] of Object.entries(TOOLCHAINS.current.packages)) expect([name, lane[name]]).toEqual([name, version]);
  });

  it("wrangler's peer range spans exactly the tested versions, from the pinned lane to the current one", () => {
    const range = `>=${TOOLCHAINS.pinned.packages.wrangler} <=${TOOLCHAINS.current.packages.wrangler}`;
    expect(json("packages/build/package.json").peerDependencies.wrangler).toBe(range);
    expect(json("packages/testing/package.json").peerDependencies.wrangler).toBe(range);
  });

  it("Vite and the Cloudflare plugin (not part of a new app): peer ranges span the lanes' versions", () => {
    const pinned = json("package.json").devDependencies;
    const current = json("scripts/lanes/current/package.json").devDependencies;
    const peers = json("packages/build/package.json").peerDependencies;
    for (const name of ["vite", "@cloudflare/vite-plugin"]) expect([name, peers[name]]).toEqual([name, `>=${pinned[name]} <=${current[name]}`]);
  });

  it("picks the lane from the Node version; adds the toolchain to a new app's devDependencies", () => {
    expect(laneFor("20.20.2")).toBe("pinned");
    expect(laneFor("22.11.0")).toBe("pinned");
    expect(laneFor("22.12.0")).toBe("current");
    expect(laneFor("24.22.3")).toBe("current");
    const pkg = JSON.parse(withToolchain(JSON.stringify({ devDependencies: { "@dorm/build": "0.1.0" } }), "current"));
    expect(pkg.devDependencies).toEqual({ "@dorm/build": "0.1.0", ...TOOLCHAINS.current.packages });
    expect(Object.keys(pkg.devDependencies)).toEqual(Object.keys(pkg.devDependencies).sort());
  });
});
