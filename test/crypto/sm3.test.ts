/** SM3 against the GB/T 32905 vectors, and HMAC-SM3 against the RFC 2104 construction over sm3(). */
import { describe, expect, it } from "vitest";
import { hmacSm3, sm3, SM3_DIGEST_BYTES } from "../../src/crypto/sm3.js";
import { hex, SeededBytes, utf8 } from "./helpers.js";

describe("sm3 (GB/T 32905 examples)", () => {
  it('hashes "abc" to the example A.1 digest', () => {
    expect(hex(sm3(utf8("abc")))).toBe("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  });

  it('hashes "abcd" × 16 (512 bits) to the example A.2 digest', () => {
    expect(hex(sm3(utf8("abcd".repeat(16))))).toBe(
      "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
    );
  });

  it("hashes the concatenation of its arguments", () => {
    expect(hex(sm3(utf8("ab"), utf8(""), utf8("c")))).toBe(hex(sm3(utf8("abc"))));
    expect(sm3(new Uint8Array(0))).toHaveLength(SM3_DIGEST_BYTES);
  });
});

describe("hmacSm3", () => {
  it("equals H((K ⊕ opad) || H((K ⊕ ipad) || m)) with the 64-byte SM3 block", () => {
    const random = new SeededBytes("hmac-sm3");
    for (const keyLength of [0, 16, 64, 65, 100]) {
      const key = random.next(keyLength);
      const message = random.next(37);
      const block = new Uint8Array(64);
      block.set(keyLength > 64 ? sm3(key) : key);
      const ipad = block.map((b) => b ^ 0x36);
      const opad = block.map((b) => b ^ 0x5c);
      expect(hex(hmacSm3(key, message))).toBe(hex(sm3(opad, sm3(ipad, message))));
    }
  });
});
