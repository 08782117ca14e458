/** The size limit on client frames, measured as the server receives them: UTF-8 bytes. */

/** Largest client frame accepted, in bytes (64 KiB). */
export const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

/**
 * Byte length of `text` encoded as UTF-8, without encoding it (no TextEncoder, so it runs the same
 * in Node and the browser). A lone surrogate counts 3 bytes, as its U+FFFD replacement does.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
