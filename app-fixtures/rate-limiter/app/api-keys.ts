// API keys are issued by you: the API_KEYS secret holds them, comma-separated
// (`wrangler secret put API_KEYS`; locally, .dev.vars). A key a client makes up is not one.

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** Byte-wise, without stopping at the first difference: the time taken says nothing about how close a guess was. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ (b[i] ?? 0);
  return difference === 0;
}

/**
 * The id of the issued key `given` is (a digest, so the key itself never names an object or
 * shows up in a log), or null when it was not issued. Every issued key is compared, always.
 */
export async function issuedKeyId(given: string, env: { API_KEYS?: string }): Promise<string | null> {
  const issued = (env.API_KEYS ?? "").split(",").map((key) => key.trim()).filter((key) => key !== "");
  const mine = await sha256(given);
  let found: Uint8Array | null = null;
  for (const key of issued) {
    const digest = await sha256(key);
    if (sameBytes(digest, mine)) found = digest;
  }
  return found && [...found].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
