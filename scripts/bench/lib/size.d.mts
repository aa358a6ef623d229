import type { BuildOptions } from "esbuild";

export interface BundleSize {
  readonly minified: number;
  readonly gzip: number;
  readonly parts: { readonly runtime: number; readonly realtime: number; readonly packages: number; readonly app: number };
}
export function bundleSize(options: BuildOptions, root: string, entry: string): Promise<BundleSize>;
