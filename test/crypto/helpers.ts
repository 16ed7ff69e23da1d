/**
 * Test helpers for the crypto suites: hex conversion, seeded pseudo-random bytes (SHA-256 in counter
 * mode, so every test input is reproducible) and a typed handle on the CommonJS reference package sm-crypto.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
export const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "hex"));
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Deterministic byte stream: SHA-256(label || counter) blocks. */
export class SeededBytes {
  private counter = 0;
  constructor(private readonly label: string) {}

  next(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let offset = 0; offset < length; offset += 32) {
      const block = createHash("sha256").update(`${this.label}/${this.counter++}`).digest();
      out.set(block.subarray(0, Math.min(32, length - offset)), offset);
    }
    return out;
  }

  /** Integer in [0, bound). */
  int(bound: number): number {
    const bytes = this.next(4);
    return ((((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0) % bound;
  }
}

export interface SmCryptoSm2 {
  doSignature(msg: string | number[], privateKeyHex: string, options: { hash: boolean; der: boolean }): string;
  doVerifySignature(
    msg: string | number[],
    signatureHex: string,
    publicKeyHex: string,
    options: { hash: boolean; der: boolean },
  ): boolean;
  getPublicKeyFromPrivateKey(privateKeyHex: string): string;
}

/** sm-crypto 0.5.8's sm2 module (CommonJS, untyped). */
export function loadSmCrypto(): { sm2: SmCryptoSm2 } {
  const require = createRequire(import.meta.url);
  return require("sm-crypto") as { sm2: SmCryptoSm2 };
}
