/**
 * Whether `given` is `secret`, compared in constant time: both are hashed first and every byte of
 * the digests is compared, so neither the time taken nor a length mismatch tells a guesser how
 * close it came. An unset secret matches nothing: a deployment without it keeps the door shut.
 */
export async function isSecret(given: string | null | undefined, secret: string | undefined): Promise<boolean> {
  if (!secret || !given) return false;
  const digest = async (text: string) => new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  const [a, b] = await Promise.all([digest(given), digest(secret)]);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
