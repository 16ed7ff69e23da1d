/**
 * Byte and big-integer conversions shared by the signature modules (big-endian, fixed width).
 */

/** Big-endian unsigned integer value of `bytes` (0n for an empty array). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex")}`);
}

/** `value` as exactly `width` big-endian bytes; throws when it does not fit. */
export function bigIntToBytes(value: bigint, width: number): Uint8Array {
  if (value < 0n) throw new RangeError(`bigIntToBytes: negative value`);
  const hex = value.toString(16).padStart(width * 2, "0");
  if (hex.length > width * 2) throw new RangeError(`bigIntToBytes: value does not fit in ${width} bytes`);
  return new Uint8Array(Buffer.from(hex, "hex"));
}

/** A compact Map key for a byte string (latin1: one char per byte, cheaper than hex). */
export function bytesKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
}

/** Concatenation of byte arrays into a fresh Uint8Array. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Whether `value` is a Uint8Array (guards public entry points that must not throw on junk input). */
export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}
