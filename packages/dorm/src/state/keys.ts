/** Keys dorm keeps for itself in every object's storage. User code never sees them. */
export const INTERNAL_PREFIX = "__dorm:";
export const STATE_KEY = `${INTERNAL_PREFIX}state`;
export const NAME_KEY = `${INTERNAL_PREFIX}name`;
/** How many keys dorm keeps (ctx.storage.list asks for this many more to fill a `limit`). */
export const INTERNAL_KEY_COUNT = 2;
