// Facts the dev server (Node) and the dev build (workerd) must agree on. No imports: both sides load it.

/** The dev server's admin path. Production builds do not contain it. */
export const STATUS_PATH = "/__dorm/status";
/** The binding `dorm dev` sets to this run's token. */
export const TOKEN_BINDING = "DORM_DEV_TOKEN";
