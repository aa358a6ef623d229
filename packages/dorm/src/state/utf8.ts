// The UTF-8 length of a string, which limits count in (keys, names, SQL values). Its own module:
// an object's name is checked with it in every worker, which need not bundle the size walk.

/** Bytes of `s` in UTF-8 (lone surrogates count 3, as the encoder replaces them). */
export function utf8Length(s: string): number {
  let bytes = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: 2 code units, 4 bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}
