/**
 * The two toolchains dorm is tested with, one per lane (README's table): *pinned*, the last line
 * that runs on Node 20 (what this repository's own `npm test` uses), and *current*, today's
 * (Node >= 22.12; scripts/lanes/current). `dorm new` writes the one that fits the Node it runs on.
 * The root package.json, the lane's package.json and @dorm/build's peer ranges must agree with
 * this table (toolchains.test.ts).
 */
export const TOOLCHAINS = {
  pinned: {
    node: "20.19.0",
    packages: {
      "@cloudflare/workers-types": "4.20260426.1",
      "@types/node": "20.19.43",
      typescript: "7.0.2",
      vitest: "3.2.7",
      wrangler: "4.86.0",
    },
  },
  current: {
    node: "22.12.0",
    packages: {
      "@cloudflare/workers-types": "5.20261117.1",
      "@types/node": "24.19.4",
      typescript: "7.0.2",
      vitest: "4.1.12",
      wrangler: "4.164.0",
    },
  },
} as const;

export type Lane = keyof typeof TOOLCHAINS;

function atLeast(version: string, minimum: string): boolean {
  const [a, b] = [version, minimum].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if (a![i] !== b![i]) return (a![i] ?? 0) > (b![i] ?? 0);
  return true;
}

/** The lane for a Node version (`process.versions.node`): current from 22.12 on, else pinned. Pure. */
export function laneFor(nodeVersion: string): Lane {
  return atLeast(nodeVersion, TOOLCHAINS.current.node) ? "current" : "pinned";
}

/** A new app's package.json with the lane's toolchain added to its devDependencies. Pure. */
export function withToolchain(packageJson: string, lane: Lane): string {
  const pkg = JSON.parse(packageJson) as { devDependencies?: Record<string, string> };
  const devDependencies = { ...pkg.devDependencies, ...TOOLCHAINS[lane].packages };
  pkg.devDependencies = Object.fromEntries(Object.entries(devDependencies).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify(pkg, null, 2)}\n`;
}
