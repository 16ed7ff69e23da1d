/**
 * Strict DER for ECDSA-style signatures: SEQUENCE { INTEGER r, INTEGER s }, as OpenSSL and GmSSL write them.
 * Parsing is strict (minimal lengths and integers, no trailing bytes) and never throws: malformed input is null.
 */

/** Encodes a non-negative integer as a minimal DER INTEGER body (with a 0x00 pad when the top bit is set). */
function integerBody(value: bigint): Uint8Array {
  if (value < 0n) throw new RangeError(`encodeDerSignature: negative integer ${value}`);
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const bytes = Buffer.from(hex, "hex");
  const first = bytes[0] ?? 0;
  return first >= 0x80 ? Buffer.concat([Buffer.of(0), bytes]) : bytes;
}

/** DER-encodes the signature pair (r, s). Both must be below 2^(8*125) so every length fits in one byte. */
export function encodeDerSignature(r: bigint, s: bigint): Uint8Array {
  const rBody = integerBody(r);
  const sBody = integerBody(s);
  const contentLength = 2 + rBody.length + 2 + sBody.length;
  if (contentLength > 0x7f) throw new RangeError("encodeDerSignature: integers too long for a short-form length");
  const out = new Uint8Array(2 + contentLength);
  out.set([0x30, contentLength, 0x02, rBody.length], 0);
  out.set(rBody, 4);
  out.set([0x02, sBody.length], 4 + rBody.length);
  out.set(sBody, 6 + rBody.length);
  return out;
}

/** Reads one minimal, positive DER INTEGER at `offset`; null when malformed. */
function readInteger(bytes: Uint8Array, offset: number): { value: bigint; next: number } | null {
  if (offset + 2 > bytes.length || bytes[offset] !== 0x02) return null;
  const length = bytes[offset + 1] ?? 0;
  if (length === 0 || length > 0x7f) return null; // empty or long-form length: not minimal for our sizes
  const start = offset + 2;
  const end = start + length;
  if (end > bytes.length) return null;
  const first = bytes[start] ?? 0;
  if (first >= 0x80) return null; // negative
  if (first === 0 && length > 1 && (bytes[start + 1] ?? 0) < 0x80) return null; // non-minimal padding
  let hex = "";
  for (let i = start; i < end; i++) hex += (bytes[i] ?? 0).toString(16).padStart(2, "0");
  return { value: BigInt(`0x${hex}`), next: end };
}

/**
 * Parses a strict DER signature into (r, s). Returns null on any deviation from the minimal encoding:
 * wrong tags, long-form or inconsistent lengths, negative or padded integers, trailing bytes.
 * Range checks on r and s (e.g. [1, n−1]) are the caller's.
 */
export function decodeDerSignature(bytes: Uint8Array): { r: bigint; s: bigint } | null {
  if (!(bytes instanceof Uint8Array) || bytes.length < 8 || bytes.length > 2 + 0x7f) return null;
  if (bytes[0] !== 0x30 || bytes[1] !== bytes.length - 2) return null;
  const r = readInteger(bytes, 2);
  if (r === null) return null;
  const s = readInteger(bytes, r.next);
  if (s === null || s.next !== bytes.length) return null;
  return { r: r.value, s: s.value };
}
