/** The CPU cost model: the default profile, JSON profiles with validation errors people can act on, helpers. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  DEFAULT_COST_PROFILE,
  REQUIRED_COST_KEYS,
  getCostProfile,
  hashCostUs,
  signCostUs,
  verifyCostUs,
} from "../../src/crypto/cost-profile.js";

describe("cost profiles", () => {
  const dir = mkdtempSync(join(tmpdir(), "ledgersim-cost-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  };

  it("'default' has every required key with the documented figures", () => {
    const profile = getCostProfile("default");
    expect(profile).toBe(DEFAULT_COST_PROFILE);
    for (const key of REQUIRED_COST_KEYS) expect(profile.costsUs[key]).toBeGreaterThan(0);
    expect(signCostUs(profile, "sm2")).toBe(300);
    expect(verifyCostUs(profile, "sm2")).toBe(300);
    expect(verifyCostUs(profile, "ecdsa-p256")).toBe(90);
    expect(signCostUs(profile, "ed25519")).toBe(25);
  });

  it("hashCostUs is base + perKiB × size, rounded up", () => {
    expect(hashCostUs(DEFAULT_COST_PROFILE, "sm3", 0)).toBe(1);
    expect(hashCostUs(DEFAULT_COST_PROFILE, "sm3", 1024)).toBe(4);
    expect(hashCostUs(DEFAULT_COST_PROFILE, "sha256", 10 * 1024)).toBe(21);
    expect(hashCostUs(DEFAULT_COST_PROFILE, "sm3", 100)).toBe(2);
    expect(() => hashCostUs(DEFAULT_COST_PROFILE, "sm3", -1)).toThrow(/hashCostUs/);
  });

  it("loads a JSON profile from a path", () => {
    const costsUs = { ...DEFAULT_COST_PROFILE.costsUs, "sm2.verify": 120 };
    const profile = getCostProfile(write("fast.json", { name: "fast", costsUs }));
    expect(profile.name).toBe("fast");
    expect(verifyCostUs(profile, "sm2")).toBe(120);
  });

  it("names the file, the field and what was expected when a profile is wrong", () => {
    const missing = { ...DEFAULT_COST_PROFILE.costsUs } as Record<string, number>;
    delete missing["sm2.sign"];
    expect(() => getCostProfile(write("missing.json", { name: "m", costsUs: missing }))).toThrow(
      /getCostProfile: .*missing\.json: costsUs\.sm2\.sign: expected a cost in microseconds/,
    );
    const negative = { ...DEFAULT_COST_PROFILE.costsUs, "tx.execute": -1 };
    expect(() => getCostProfile(write("neg.json", { name: "n", costsUs: negative }))).toThrow(/costsUs\.tx\.execute: expected a finite number/);
    expect(() => getCostProfile(write("bad.json", "{"))).toThrow(/bad\.json: invalid JSON/);
    expect(() => getCostProfile(write("extra.json", { name: "x", costsUs: {}, speed: 1 }))).toThrow(/speed: expected only the keys/);
    expect(() => getCostProfile("nonexistent-profile")).toThrow(/'nonexistent-profile' is neither a built-in profile/);
  });
});
