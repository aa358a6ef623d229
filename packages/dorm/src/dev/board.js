/**
 * @module
 * Facts the dev server (Node) and the dev build (workerd) must agree on, and the shape of the
 * status board they exchange. Pure: no workerd APIs, so the CLI imports it too.
 */
/** The dev server's admin path. Production builds do not contain it. */
export const STATUS_PATH = "/__dorm/status";
/** The binding `dorm dev` sets to this run's token. */
export const TOKEN_BINDING = "DORM_DEV_TOKEN";
//# sourceMappingURL=board.js.map