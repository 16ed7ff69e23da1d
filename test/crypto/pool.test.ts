/**
 * The crypto pool gives exactly the single-threaded answers, in input order, for every suite — valid and
 * invalid signatures mixed (tampered message, tampered signature, wrong key, malformed DER, junk key) —
 * with one worker and with two, and with chunks small enough that results are reassembled from many messages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CryptoPool, type VerifyRequest } from "../../src/crypto/pool.js";
import { getSuite, listSuites } from "../../src/crypto/suites.js";
import type { SuiteName } from "../../src/crypto/types.js";
import { SeededBytes, utf8 } from "./helpers.js";

const bytes = new SeededBytes("pool-test");

/** A mixed list of verification requests across all suites; about a third are invalid in different ways. */
function mixedRequests(count: number): VerifyRequest[] {
  const keys = new Map(listSuites().map((suite) => [suite, [0, 1, 2].map((k) => getSuite(suite).generateKeyPair(utf8(`pool/${suite}/${k}`)))]));
  const requests: VerifyRequest[] = [];
  for (let i = 0; i < count; i++) {
    const suite = listSuites()[i % 3] as SuiteName;
    const pair = (keys.get(suite) ?? [])[i % 3];
    if (pair === undefined) throw new Error("no key");
    const message = bytes.next(40 + (i % 200));
    let signature = getSuite(suite).sign(pair.privateKey, message);
    let publicKey = pair.publicKey;
    let signedMessage = message;
    switch (i % 9) {
      case 1: signedMessage = Uint8Array.from(message, (b, j) => (j === 0 ? b ^ 1 : b)); break; // tampered message
      case 4: signature = Uint8Array.from(signature, (b, j) => (j === signature.length - 1 ? b ^ 0x40 : b)); break;
      case 5: publicKey = (keys.get(suite) ?? [])[(i + 1) % 3]?.publicKey ?? publicKey; break; // wrong key
      case 7: signature = signature.subarray(0, 10); break; // truncated / malformed DER
      case 8: if (i % 2 === 0) publicKey = bytes.next(publicKey.length); break; // junk key
    }
    requests.push({ suite, publicKey, message: signedMessage, signature });
  }
  return requests;
}

describe("CryptoPool", () => {
  const requests = mixedRequests(600);
  const expected = requests.map((r) => getSuite(r.suite).verify(r.publicKey, r.message, r.signature));
  const pools: CryptoPool[] = [];
  beforeAll(() => {
    pools.push(new CryptoPool({ workers: 1 }), new CryptoPool({ workers: 2, maxBatch: 37 }));
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.close()));
  });

  it("the mixed list really mixes valid and invalid signatures", () => {
    expect(expected.filter((v) => v).length).toBeGreaterThan(250);
    expect(expected.filter((v) => !v).length).toBeGreaterThan(150);
  });

  it("verify: same answers as single-threaded, in input order, with 1 and 2 workers", async () => {
    for (const pool of pools) expect(await pool.verify(requests)).toEqual(expected);
  });

  it("verify: a malformed field (not a Uint8Array) gives false, never a valid answer for empty bytes", async () => {
    const [first] = requests;
    if (first === undefined) throw new Error("no request");
    const junk = { ...first, message: "not bytes" as unknown as Uint8Array };
    expect(await pools[1]?.verify([first, junk, first])).toEqual([true, false, true]);
  });

  it("sign: byte-identical to signing on this thread (deterministic suites), in input order", async () => {
    const signRequests = requests.slice(0, 120).map((r, i) => ({
      suite: r.suite, privateKey: getSuite(r.suite).generateKeyPair(utf8(`pool/sign/${i % 5}`)).privateKey, message: r.message,
    }));
    const local = signRequests.map((r) => getSuite(r.suite).sign(r.privateKey, r.message));
    for (const pool of pools) expect(await pool.sign(signRequests)).toEqual(local);
  });

  it("signAndVerify: signatures as here, each verified for real against the given public key", async () => {
    const pair = getSuite("sm").generateKeyPair(utf8("pool/sv"));
    const other = getSuite("sm").generateKeyPair(utf8("pool/sv/other"));
    const items = [0, 1, 2, 3].map((i) => ({ suite: "sm" as const, privateKey: pair.privateKey, publicKey: i === 2 ? other.publicKey : pair.publicKey, message: utf8(`m${i}`) }));
    const out = await pools[1]?.signAndVerify(items);
    expect(out?.valid).toEqual([true, true, false, true]);
    expect(out?.signatures).toEqual(items.map((it) => getSuite("sm").sign(it.privateKey, it.message)));
  });

  it("an empty call answers at once; chunks cover every item once, within the batch bounds", async () => {
    expect(await pools[0]?.verify([])).toEqual([]);
    const pool = pools[1] as CryptoPool;
    for (const count of [1, 31, 37, 38, 500]) {
      const ranges = pool.chunks(count);
      expect(ranges[0]?.[0]).toBe(0);
      expect(ranges.at(-1)?.[1]).toBe(count);
      ranges.forEach(([start, end], i) => {
        expect(end - start).toBeLessThanOrEqual(37);
        if (i > 0) expect(start).toBe(ranges[i - 1]?.[1]);
      });
    }
  });
});
