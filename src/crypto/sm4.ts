/**
 * SM4 block cipher (GB/T 32907) through node:crypto's OpenSSL ciphers: ECB and CBC always, GCM only when
 * the linked OpenSSL exposes "sm4-gcm" (Node 20's bundled OpenSSL 3.0 does not; the call then throws
 * an error naming the mode). ECB/CBC use PKCS#7 padding unless `padding: false`; GCM output is
 * ciphertext || 16-byte tag and takes a 12-byte IV.
 */
import { createCipheriv, createDecipheriv, getCiphers } from "node:crypto";
import { isBytes } from "./bytes.js";

export type Sm4Mode = "ecb" | "cbc" | "gcm";

export interface Sm4Options {
  /** PKCS#7 padding for ECB/CBC (default true); without it the input must be a multiple of 16 bytes. */
  readonly padding?: boolean;
  /** Additional authenticated data for GCM. */
  readonly aad?: Uint8Array;
}

const KEY_BYTES = 16;
const BLOCK_BYTES = 16;
const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;

let gcmSupported: boolean | undefined;

/** Whether this Node build's OpenSSL offers SM4-GCM (probed once). */
export function sm4GcmSupported(): boolean {
  gcmSupported ??= getCiphers().includes("sm4-gcm");
  return gcmSupported;
}

function checkArguments(caller: string, key: Uint8Array, iv: Uint8Array, mode: Sm4Mode): void {
  if (!isBytes(key) || key.length !== KEY_BYTES) throw new Error(`${caller}: SM4 key must be ${KEY_BYTES} bytes`);
  if (mode === "ecb") {
    if (iv.length !== 0) throw new Error(`${caller}: SM4-ECB takes no IV (pass an empty array)`);
  } else if (mode === "cbc") {
    if (iv.length !== BLOCK_BYTES) throw new Error(`${caller}: SM4-CBC IV must be ${BLOCK_BYTES} bytes`);
  } else if (mode === "gcm") {
    if (!sm4GcmSupported()) {
      throw new Error(`${caller}: mode 'gcm' (SM4-GCM) is not available in this Node's OpenSSL; use 'cbc'`);
    }
    if (iv.length !== GCM_IV_BYTES) throw new Error(`${caller}: SM4-GCM IV must be ${GCM_IV_BYTES} bytes`);
  } else {
    throw new Error(`${caller}: unknown SM4 mode '${String(mode)}' (expected 'ecb', 'cbc' or 'gcm')`);
  }
}

/** SM4 encryption of `plaintext` in `mode`. */
export function sm4Encrypt(
  key: Uint8Array,
  iv: Uint8Array,
  plaintext: Uint8Array,
  mode: Sm4Mode,
  options: Sm4Options = {},
): Uint8Array {
  checkArguments("sm4Encrypt", key, iv, mode);
  if (mode === "gcm") {
    const cipher = createCipheriv("sm4-gcm" as "aes-128-gcm", key, iv, { authTagLength: GCM_TAG_BYTES });
    if (options.aad !== undefined) cipher.setAAD(options.aad);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return new Uint8Array(Buffer.concat([body, cipher.getAuthTag()]));
  }
  const cipher = createCipheriv(`sm4-${mode}`, key, mode === "ecb" ? null : iv);
  cipher.setAutoPadding(options.padding ?? true);
  try {
    return new Uint8Array(Buffer.concat([cipher.update(plaintext), cipher.final()]));
  } catch (error) {
    throw new Error(`sm4Encrypt: ${(error as Error).message}`);
  }
}

/** SM4 decryption of `ciphertext` in `mode`; throws on bad padding or (GCM) a failed tag check. */
export function sm4Decrypt(
  key: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  mode: Sm4Mode,
  options: Sm4Options = {},
): Uint8Array {
  checkArguments("sm4Decrypt", key, iv, mode);
  try {
    if (mode === "gcm") {
      if (ciphertext.length < GCM_TAG_BYTES) throw new Error("ciphertext shorter than the tag");
      const decipher = createDecipheriv("sm4-gcm" as "aes-128-gcm", key, iv, { authTagLength: GCM_TAG_BYTES });
      if (options.aad !== undefined) decipher.setAAD(options.aad);
      decipher.setAuthTag(ciphertext.subarray(ciphertext.length - GCM_TAG_BYTES));
      const body = ciphertext.subarray(0, ciphertext.length - GCM_TAG_BYTES);
      return new Uint8Array(Buffer.concat([decipher.update(body), decipher.final()]));
    }
    const decipher = createDecipheriv(`sm4-${mode}`, key, mode === "ecb" ? null : iv);
    decipher.setAutoPadding(options.padding ?? true);
    return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  } catch (error) {
    throw new Error(`sm4Decrypt: ${(error as Error).message}`);
  }
}

/**
 * A reusable raw SM4 block encryptor (ECB, no padding) over one OpenSSL context: for bulk block work such as
 * the 10^6-iteration GB/T 32907 vector, where a context per call would dominate the cost.
 */
export function createSm4BlockEncryptor(key: Uint8Array): (block: Uint8Array) => Uint8Array {
  checkArguments("createSm4BlockEncryptor", key, new Uint8Array(0), "ecb");
  const cipher = createCipheriv("sm4-ecb", key, null);
  cipher.setAutoPadding(false);
  return (block: Uint8Array): Uint8Array => {
    if (!isBytes(block) || block.length !== BLOCK_BYTES) {
      throw new Error(`createSm4BlockEncryptor: block must be ${BLOCK_BYTES} bytes`);
    }
    return new Uint8Array(cipher.update(block));
  };
}
