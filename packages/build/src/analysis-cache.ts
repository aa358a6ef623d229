import { analyzeObject, type ObjectAnalysis } from "./analyze.js";

/**
 * The analyses of an app's object files, kept by their text for a process that reads the same app
 * again on every change (`dorm dev`'s esbuild context, the Vite plugin's dev server): a file whose
 * text did not change is not parsed again. `analyzeObject` is a pure function of the file's path
 * and text, so a kept result is exactly what parsing again would give; a file that fails is never
 * kept, and is analysed (and reported) again on every build until it is fixed.
 */
export class AnalysisCache {
  readonly #kept = new Map<string, { readonly source: string; readonly analysis: ObjectAnalysis }>();

  /** `analyzeObject(file, source)`, from the last build when `source` is the same text. */
  analyze(file: string, source: string): ObjectAnalysis {
    const kept = this.#kept.get(file);
    if (kept?.source === source) return kept.analysis;
    const analysis = analyzeObject(file, source);
    this.#kept.set(file, { source, analysis });
    return analysis;
  }

  /** Forget every file but `files` (the objects of the build that just read the app). */
  retain(files: readonly string[]): void {
    const current = new Set(files);
    for (const file of this.#kept.keys()) if (!current.has(file)) this.#kept.delete(file);
  }
}
