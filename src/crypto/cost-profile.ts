/**
 * The CPU cost model (ARCHITECTURE §4): microseconds of *simulated* CPU time per operation. Profiles are
 * data — the shipped default below, or a JSON file written by `ledgersim calibrate` — and measured wall
 * time never feeds a run. Keys are "<operation>" or "<primitive>.<operation>"; per-size costs are per KiB.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";

export interface CostProfile {
  readonly name: string;
  /** Microseconds of simulated CPU per operation, keyed e.g. "sm2.verify", "sm3.perKiB". */
  readonly costsUs: Readonly<Record<string, number>>;
}

/** Signature schemes with sign/verify costs. */
export type CostedSignatureScheme = "sm2" | "ecdsa-p256" | "ed25519";
/** Hashes with base + per-KiB costs. */
export type CostedHash = "sm3" | "sha256";

/** Keys every profile must define. */
export const REQUIRED_COST_KEYS: readonly string[] = Object.freeze([
  "event.base",
  "message.perKiB",
  "tx.execute",
  "sm2.sign",
  "sm2.verify",
  "sm3.base",
  "sm3.perKiB",
  "sm4.perKiB",
  "ecdsa-p256.sign",
  "ecdsa-p256.verify",
  "ed25519.sign",
  "ed25519.verify",
  "sha256.base",
  "sha256.perKiB",
]);

/**
 * "Native node on a server core" — a server CPU core running native (OpenSSL-class) crypto.
 * Figures are rounded so profiles stay readable; origins:
 * - sm2.*: `openssl speed sm2` on OpenSSL 3.0 gives ~3,300 sign and verify/s on one core (REFERENCE.md),
 *   i.e. ~300 µs each; GmSSL and Tongsuo report the same order.
 * - ecdsa-p256.*: node:crypto (OpenSSL, P-256 with its dedicated field code) ~30,000 sign/s (33 µs) and
 *   ~11,500 verify/s (87 µs) on one core (REFERENCE.md).
 * - ed25519.*: node:crypto ~23,000 sign/s (43 µs measured there; 25 µs taken for a server core with AVX2,
 *   as in the SUPERCOP/libsodium figures) and ~9,000–16,000 verify/s (60 µs taken).
 * - sm3/sha256: OpenSSL SM3 runs ~300–400 MB/s (≈3 µs/KiB), SHA-256 with SHA-NI ~1.5–2 GB/s (we keep
 *   2 µs/KiB, i.e. without SHA-NI); a fixed ~1 µs per call covers padding, context set-up and finalisation.
 * - sm4.perKiB: OpenSSL SM4 without AES-NI-style acceleration ~100–150 MB/s ≈ 8 µs/KiB.
 * - event.base, message.perKiB, tx.execute: the simulator's own modelling choices — a few µs to dispatch
 *   an input, ~2 µs/KiB to decode/encode (serialisation at ~500 MB/s), 20 µs for a simple
 *   key-value transaction (order of Fabric/FISCO BCOS simple-contract execution without storage I/O).
 */
export const DEFAULT_COST_PROFILE: CostProfile = Object.freeze({
  name: "default",
  costsUs: Object.freeze({
    "event.base": 5,
    "message.perKiB": 2,
    "tx.execute": 20,
    "sm2.sign": 300,
    "sm2.verify": 300,
    "sm3.base": 1,
    "sm3.perKiB": 3,
    "sm4.perKiB": 8,
    "ecdsa-p256.sign": 30,
    "ecdsa-p256.verify": 90,
    "ed25519.sign": 25,
    "ed25519.verify": 60,
    "sha256.base": 1,
    "sha256.perKiB": 2,
  }),
});

/** Checks a parsed profile; throws naming `source`, the field path, what was expected and what was found. */
export function validateCostProfile(value: unknown, source: string): CostProfile {
  const fail = (path: string, expected: string, found: unknown): never => {
    throw new Error(`getCostProfile: ${source}: ${path}: expected ${expected}, found ${JSON.stringify(found)}`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("(root)", "an object", value);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== "name" && key !== "costsUs") fail(key, "only the keys 'name' and 'costsUs'", key);
  }
  if (typeof record.name !== "string" || record.name.length === 0) fail("name", "a non-empty string", record.name);
  const costs = record.costsUs;
  if (typeof costs !== "object" || costs === null || Array.isArray(costs)) return fail("costsUs", "an object", costs);
  const costsUs: Record<string, number> = {};
  for (const [key, cost] of Object.entries(costs as Record<string, unknown>)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype") fail(`costsUs.${key}`, "a cost key", key);
    if (typeof cost !== "number" || !Number.isFinite(cost) || cost < 0) {
      fail(`costsUs.${key}`, "a finite number of microseconds ≥ 0", cost);
    }
    costsUs[key] = cost as number;
  }
  for (const key of REQUIRED_COST_KEYS) {
    if (!(key in costsUs)) fail(`costsUs.${key}`, "a cost in microseconds (required key)", undefined);
  }
  return Object.freeze({ name: record.name as string, costsUs: Object.freeze(costsUs) });
}

/**
 * Where a scenario's `nodes.cpu.profile` points: a relative path is taken relative to the scenario file's
 * directory when a file is there (so a scenario and the profile beside it travel together), otherwise
 * relative to the current directory (e.g. `--set nodes.cpu.profile=./my-machine.json`). "default" and
 * absolute paths are kept. A file found beside the scenario is named relative to the current directory when it
 * is below it, else by its absolute path.
 */
export function resolveCostProfilePath(name: string, scenarioDir: string): string {
  if (name === "default" || isAbsolute(name)) return name;
  const besideScenario = resolve(scenarioDir, name);
  if (!existsSync(besideScenario)) return name;
  const fromCwd = relative(process.cwd(), besideScenario);
  return fromCwd === "" || fromCwd.startsWith("..") || isAbsolute(fromCwd) ? besideScenario : fromCwd;
}

/** "default" gives DEFAULT_COST_PROFILE; anything else is read as the path of a JSON profile and validated. */
export function getCostProfile(name: string): CostProfile {
  if (name === "default") return DEFAULT_COST_PROFILE;
  let text: string;
  try {
    text = readFileSync(name, "utf8");
  } catch (error) {
    throw new Error(
      `getCostProfile: '${name}' is neither a built-in profile ('default') nor a readable JSON file ` +
        `(${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`getCostProfile: ${name}: invalid JSON (${(error as Error).message})`);
  }
  return validateCostProfile(parsed, name);
}

function cost(profile: CostProfile, key: string, caller: string): number {
  const value = profile.costsUs[key];
  if (value === undefined) throw new Error(`${caller}: cost profile '${profile.name}' has no '${key}'`);
  return value;
}

/** Simulated µs to produce one signature with `scheme`. */
export function signCostUs(profile: CostProfile, scheme: CostedSignatureScheme): number {
  return cost(profile, `${scheme}.sign`, "signCostUs");
}

/** Simulated µs to verify one signature with `scheme`. */
export function verifyCostUs(profile: CostProfile, scheme: CostedSignatureScheme): number {
  return cost(profile, `${scheme}.verify`, "verifyCostUs");
}

/** Simulated µs to hash `bytes` bytes: base + perKiB × bytes / 1024, rounded up to whole microseconds. */
export function hashCostUs(profile: CostProfile, hashName: CostedHash, bytes: number): number {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`hashCostUs: bytes must be ≥ 0, got ${bytes}`);
  const base = cost(profile, `${hashName}.base`, "hashCostUs");
  const perKiB = cost(profile, `${hashName}.perKiB`, "hashCostUs");
  return Math.ceil(base + (perKiB * bytes) / 1024);
}
