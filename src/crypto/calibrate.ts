/**
 * Calibration (`ledgersim calibrate`): measures this machine's crypto and turns it into a cost profile of the
 * same shape as DEFAULT_COST_PROFILE, for scenarios to name with `nodes.cpu.profile: ./my-machine.json`.
 *
 * Measured, on one thread: sign and verify for every suite (warm keys, as a node's peers' keys are in a
 * run), SM3 and SHA-256 per call and per KiB, SM4-CBC encryption per KiB. SM2 takes the native figures of
 * `openssl speed sm2` when that binary is on PATH (what an OpenSSL/GmSSL-based node would pay), else this
 * package's own SM2. The simulator's modelling keys (event.base, message.perKiB, tx.execute) are not crypto
 * and keep the default profile's values. Wall time is read here only: a run's simulated time comes from
 * the profile file, never from a measurement.
 */
import { execFileSync } from "node:child_process";
import { DEFAULT_COST_PROFILE, validateCostProfile, type CostProfile } from "./cost-profile.js";
import { sha256 } from "./intl.js";
import { sm3 } from "./sm3.js";
import { sm4Encrypt } from "./sm4.js";
import { getSuite, listSuites } from "./suites.js";

export interface CalibrateOptions {
  /** Seconds spent on each measurement (default 1). */
  seconds?: number;
  /** Use `openssl speed sm2` for SM2 when available (default true). */
  openssl?: boolean;
}

export interface Calibration {
  profile: CostProfile;
  /** Where each cost came from: "measured", "openssl speed" or "default profile (model)". */
  sources: Record<string, string>;
}

/** Bytes of the large input the per-KiB slopes are measured on. */
const LARGE_INPUT_BYTES = 16 * 1024;
const SMALL_INPUT_BYTES = 32;
const MESSAGE_BYTES = 256;

/** Mean µs per call of `op`, over about `seconds` (at least 5 calls), after a short warm-up. */
export function microsPerCall(op: (i: number) => unknown, seconds: number): number {
  for (let i = 0; i < 5; i++) op(i);
  const start = performance.now();
  let calls = 0;
  do {
    op(calls++);
  } while (calls < 5 || performance.now() - start < seconds * 1000);
  return ((performance.now() - start) * 1000) / calls;
}

/** SM2 sign and verify µs from `openssl speed -seconds N sm2`, or null when openssl is absent or says nothing usable. */
export function opensslSm2Micros(seconds: number): { sign: number; verify: number } | null {
  try {
    const args = ["speed", "-seconds", String(Math.max(1, Math.round(seconds))), "sm2"];
    const out = execFileSync("openssl", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const match = /SM2 \(CurveSM2\)\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)/.exec(out);
    if (match === null) return null;
    const [sign, verify] = [Number(match[1]), Number(match[2])];
    return sign > 0 && verify > 0 ? { sign: 1e6 / sign, verify: 1e6 / verify } : null;
  } catch {
    return null;
  }
}

const round3 = (us: number): number => Math.round(us * 1000) / 1000;

/** Sign and verify µs for every suite on this thread. */
function measureSignatures(seconds: number, costs: Record<string, number>, sources: Record<string, string>): void {
  const messages = Array.from({ length: 64 }, (_, i) => new TextEncoder().encode(`calibrate ${i} `.padEnd(MESSAGE_BYTES, ".")));
  for (const name of listSuites()) {
    const suite = getSuite(name);
    const keys = suite.generateKeyPair(new TextEncoder().encode(`ledgersim/calibrate/${name}`));
    const signatures = messages.map((m) => suite.sign(keys.privateKey, m));
    const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
    costs[`${suite.signatureName}.sign`] = round3(microsPerCall((i) => suite.sign(keys.privateKey, pick(messages, i)), seconds));
    costs[`${suite.signatureName}.verify`] = round3(
      microsPerCall((i) => suite.verify(keys.publicKey, pick(messages, i), pick(signatures, i)), seconds),
    );
    sources[`${suite.signatureName}.sign`] = sources[`${suite.signatureName}.verify`] = "measured";
  }
}

/** Per-call base and per-KiB slope of a hash (from a 32-byte and a 16 KiB input); SM4-CBC per KiB. */
function measureBulk(seconds: number, costs: Record<string, number>, sources: Record<string, string>): void {
  const small = new Uint8Array(SMALL_INPUT_BYTES).fill(0x61);
  const large = new Uint8Array(LARGE_INPUT_BYTES).fill(0x61);
  const kib = LARGE_INPUT_BYTES / 1024;
  for (const [name, hash] of [["sm3", sm3], ["sha256", sha256]] as const) {
    const baseUs = microsPerCall(() => hash(small), seconds / 2);
    const largeUs = microsPerCall(() => hash(large), seconds / 2);
    costs[`${name}.base`] = round3(baseUs);
    costs[`${name}.perKiB`] = round3(Math.max(0, largeUs - baseUs) / kib);
    sources[`${name}.base`] = sources[`${name}.perKiB`] = "measured";
  }
  const key = new Uint8Array(16).fill(7);
  const iv = new Uint8Array(16).fill(9);
  costs["sm4.perKiB"] = round3(microsPerCall(() => sm4Encrypt(key, iv, large, "cbc"), seconds) / kib);
  sources["sm4.perKiB"] = "measured";
}

/** Measures this machine and returns the profile named `name` (validated like a profile read from disk). */
export function calibrate(name: string, options: CalibrateOptions = {}): Calibration {
  const seconds = options.seconds ?? 1;
  if (!Number.isFinite(seconds) || seconds <= 0) throw new RangeError(`calibrate: seconds must be > 0, got ${seconds}`);
  const costs: Record<string, number> = {};
  const sources: Record<string, string> = {};
  for (const key of ["event.base", "message.perKiB", "tx.execute"]) {
    costs[key] = DEFAULT_COST_PROFILE.costsUs[key] as number;
    sources[key] = "default profile (model)";
  }
  measureSignatures(seconds, costs, sources);
  measureBulk(seconds, costs, sources);
  const native = options.openssl === false ? null : opensslSm2Micros(seconds);
  if (native !== null) {
    costs["sm2.sign"] = round3(native.sign);
    costs["sm2.verify"] = round3(native.verify);
    sources["sm2.sign"] = sources["sm2.verify"] = "openssl speed";
  }
  const sorted = Object.fromEntries(Object.keys(costs).sort().map((key) => [key, costs[key] as number]));
  return { profile: validateCostProfile({ name, costsUs: sorted }, `calibrate(${name})`), sources };
}

/** The profile as a JSON file's text (stable key order, trailing newline). */
export function costProfileJson(profile: CostProfile): string {
  return JSON.stringify({ name: profile.name, costsUs: profile.costsUs }, null, 2) + "\n";
}
