import type { ObjectAnalysis } from "./analyze.js";
import type { ObjectNames } from "./names.js";
import type { FeatureName } from "../../dorm/src/object/feature-names.js";

/** Everything the generators know about one object. */
export interface ObjectEntry extends ObjectNames, ObjectAnalysis {
  /** Relative to the app root, posix: `app/objects/counter.ts`. */
  readonly file: string;
}

/** The app as the generators see it: pure data, sorted by file. */
export interface Manifest {
  readonly objects: readonly ObjectEntry[];
  /** `app/worker.ts`, or null when the app uses the default router. */
  readonly worker: string | null;
  /**
   * The optional runtime features the app's code uses (features/app.ts): the generated entry
   * imports these and no others. Realtime is per object (`ObjectEntry.realtime`).
   */
  readonly features: readonly FeatureName[];
}
