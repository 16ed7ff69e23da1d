/**
 * SM2 interoperability: with the reference JS package sm-crypto 0.5.8 (both directions, 20 seeded keys and
 * messages) and with the OpenSSL 3 command line (`openssl dgst -sm3 … -sigopt distid:1234567812345678`),
 * which is skipped, with the reason printed, only where no `openssl` is on PATH.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sm2KeyPairFromSeed, sm2Sign, sm2Verify } from "../../src/crypto/sm2.js";
import { hex, loadSmCrypto, SeededBytes, utf8 } from "./helpers.js";

const { sm2: smCrypto } = loadSmCrypto();
const DER_WITH_HASH = { hash: true, der: true };

describe("sm2 against sm-crypto 0.5.8", () => {
  const random = new SeededBytes("sm2-interop");
  const cases = Array.from({ length: 20 }, (_, i) => ({
    keys: sm2KeyPairFromSeed(random.next(32)),
    message: random.next(1 + i * 13),
  }));

  it("derives the same public keys", () => {
    for (const { keys } of cases) {
      expect(smCrypto.getPublicKeyFromPrivateKey(hex(keys.privateKey))).toBe(hex(keys.publicKey));
    }
  });

  it("sm-crypto verifies ledgersim signatures", () => {
    for (const { keys, message } of cases) {
      const signature = hex(sm2Sign(keys.privateKey, message));
      expect(smCrypto.doVerifySignature([...message], signature, hex(keys.publicKey), DER_WITH_HASH)).toBe(true);
    }
  });

  it("ledgersim verifies sm-crypto signatures, and rejects them on another message", () => {
    for (const { keys, message } of cases) {
      const signature = smCrypto.doSignature([...message], hex(keys.privateKey), DER_WITH_HASH);
      const bytes = new Uint8Array(Buffer.from(signature, "hex"));
      expect(sm2Verify(keys.publicKey, message, bytes)).toBe(true);
      expect(sm2Verify(keys.publicKey, utf8("other"), bytes)).toBe(false);
    }
  });
});

/** `openssl` version string, or null when it cannot be run. */
function opensslVersion(): string | null {
  try {
    return execFileSync("openssl", ["version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

/** SEC1 private key and SubjectPublicKeyInfo PEMs for an SM2 key (curve OID 1.2.156.10197.1.301). */
function sm2Pems(privateKey: Uint8Array, publicKey: Uint8Array): { keyPem: string; pubPem: string } {
  const curveOid = Buffer.from("06082a811ccf5501822d", "hex");
  const sec1 = Buffer.concat([
    Buffer.from("3077020101" + "0420", "hex"),
    privateKey,
    Buffer.from("a00a", "hex"),
    curveOid,
    Buffer.from("a144034200", "hex"),
    publicKey,
  ]);
  const ecPublicKeyOid = Buffer.from("3059301306072a8648ce3d0201", "hex");
  const spki = Buffer.concat([ecPublicKeyOid, curveOid, Buffer.from("034200", "hex"), publicKey]);
  const pem = (label: string, der: Buffer): string =>
    `-----BEGIN ${label}-----\n${(der.toString("base64").match(/.{1,64}/g) ?? []).join("\n")}\n-----END ${label}-----\n`;
  return { keyPem: pem("EC PRIVATE KEY", sec1), pubPem: pem("PUBLIC KEY", spki) };
}

const version = opensslVersion();
if (version === null) console.warn("sm2-interop: skipping OpenSSL interoperability — no `openssl` on PATH");

describe.skipIf(version === null)(`sm2 against the OpenSSL command line (${version ?? "absent"})`, () => {
  const dir = mkdtempSync(join(tmpdir(), "ledgersim-sm2-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const random = new SeededBytes("sm2-openssl");
  const distid = ["-sigopt", "distid:1234567812345678"];

  const setUp = (i: number): { keys: ReturnType<typeof sm2KeyPairFromSeed>; message: Uint8Array; path: (f: string) => string } => {
    const keys = sm2KeyPairFromSeed(random.next(32));
    const message = random.next(50 + i * 100);
    const path = (file: string): string => join(dir, `${i}-${file}`);
    const { keyPem, pubPem } = sm2Pems(keys.privateKey, keys.publicKey);
    writeFileSync(path("key.pem"), keyPem);
    writeFileSync(path("pub.pem"), pubPem);
    writeFileSync(path("msg"), message);
    return { keys, message, path };
  };

  it("openssl verifies ledgersim signatures", () => {
    for (let i = 0; i < 3; i++) {
      const { keys, message, path } = setUp(i);
      writeFileSync(path("sig"), sm2Sign(keys.privateKey, message));
      const args = ["dgst", "-sm3", "-verify", path("pub.pem"), ...distid, "-signature", path("sig"), path("msg")];
      expect(execFileSync("openssl", args, { encoding: "utf8" })).toMatch(/Verified OK/);
    }
  });

  it("ledgersim verifies openssl signatures", () => {
    for (let i = 3; i < 6; i++) {
      const { keys, message, path } = setUp(i);
      execFileSync("openssl", ["dgst", "-sm3", "-sign", path("key.pem"), ...distid, "-out", path("sig"), path("msg")]);
      const signature = new Uint8Array(readFileSync(path("sig")));
      expect(sm2Verify(keys.publicKey, message, signature)).toBe(true);
      expect(sm2Verify(keys.publicKey, message.subarray(1), signature)).toBe(false);
    }
  });
});
