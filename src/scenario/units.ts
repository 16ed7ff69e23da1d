/**
 * Units in scenario files (ARCHITECTURE §11): durations, sizes and bandwidths written as strings with units
 * ("60s", "256B", "100Mbps") or as plain numbers in the key's base unit (milliseconds, bytes, bit/s).
 * Every parser returns an integer in the simulator's base unit (µs, bytes, bit/s) or throws a UnitError whose
 * message says what was expected and what was found.
 */
import { suggest } from "./suggest.js";

export type UnitKind = "duration" | "size" | "bandwidth";

/** A value that does not parse as the expected kind of quantity; the message is written for people. */
export class UnitError extends Error {
  constructor(
    message: string,
    readonly expected: string,
    readonly found: string,
    readonly suggestion?: string,
  ) {
    super(message);
    this.name = "UnitError";
  }
}

interface UnitTable {
  /** Multiplier to the base unit, by unit spelling. */
  readonly factors: Readonly<Record<string, number>>;
  /** What a good value looks like, for messages. */
  readonly expected: string;
  /** Unit spellings offered as suggestions. */
  readonly canonical: readonly string[];
  /** Multiplier applied to a plain number (e.g. milliseconds → µs). */
  readonly plainFactor: number;
  readonly baseName: string;
  readonly caseSensitive: boolean;
}

const TABLES: Readonly<Record<UnitKind, UnitTable>> = {
  duration: {
    factors: { us: 1, "µs": 1, "μs": 1, ms: 1_000, s: 1_000_000, m: 60_000_000, min: 60_000_000, h: 3_600_000_000 },
    expected: "a duration such as '60s', '50ms', '250us', '1.5s', '2m' or '1h' (a plain number is milliseconds)",
    canonical: ["us", "ms", "s", "m", "h"],
    plainFactor: 1_000,
    baseName: "microseconds",
    caseSensitive: true,
  },
  size: {
    factors: { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 },
    expected: "a size such as '256B', '1KB' (1000 B), '1KiB' (1024 B), '1MB' or '1MiB' (a plain number is bytes)",
    canonical: ["B", "KB", "KiB", "MB", "MiB", "GB", "GiB"],
    plainFactor: 1,
    baseName: "bytes",
    caseSensitive: false,
  },
  bandwidth: {
    factors: { bps: 1, kbps: 1e3, Kbps: 1e3, Mbps: 1e6, Gbps: 1e9, Tbps: 1e12 },
    expected: "a bandwidth such as '500kbps', '100Mbps' or '1Gbps' (a plain number is bit/s)",
    canonical: ["bps", "kbps", "Mbps", "Gbps"],
    plainFactor: 1,
    baseName: "bit/s",
    caseSensitive: true,
  },
};

/** Spellings people write for durations, mapped to the unit to suggest (they are not accepted as such). */
const DURATION_ALIASES: Readonly<Record<string, string>> = {
  sec: "s", secs: "s", second: "s", seconds: "s", msec: "ms", millis: "ms", usec: "us", micros: "us",
  mins: "m", minute: "m", minutes: "m", hr: "h", hrs: "h", hour: "h", hours: "h",
};

const QUANTITY = /^\s*(-?)\s*(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)\s*([^\s\d.][^\s]*)?\s*$/;

/** Parses a duration ("60s", "50ms", "250us", "1.5s", "2m", "1h"; plain numbers are ms) into integer µs. */
export function parseDurationUs(value: unknown): number {
  return parseQuantity("duration", value);
}

/** Parses a size ("256B", "1KB" = 1000, "1KiB" = 1024, "1MB", "1MiB"; plain numbers are bytes) into bytes. */
export function parseSizeBytes(value: unknown): number {
  return parseQuantity("size", value);
}

/** Parses a bandwidth ("100Mbps", "1Gbps", "500kbps"; plain numbers are bit/s) into integer bit/s. */
export function parseBandwidthBps(value: unknown): number {
  return parseQuantity("bandwidth", value);
}

/** Parses any kind of quantity into its integer base unit; throws UnitError. */
export function parseQuantity(kind: UnitKind, value: unknown): number {
  const table = TABLES[kind];
  if (typeof value === "number") return checkResult(kind, value * table.plainFactor, value, String(value));
  if (typeof value !== "string") {
    throw new UnitError(`expected ${table.expected}, found ${describeValue(value)}`, table.expected, describeValue(value));
  }
  const match = QUANTITY.exec(value);
  if (match === null) {
    throw new UnitError(`expected ${table.expected}, found '${value}'`, table.expected, `'${value}'`);
  }
  const [, sign, digits, unit] = match;
  const amount = Number(digits) * (sign === "-" ? -1 : 1);
  if (unit === undefined) return checkResult(kind, amount * table.plainFactor, amount, `'${value}'`);
  const factor = lookupUnit(table, unit);
  if (factor === undefined) throw unknownUnit(kind, table, unit, value);
  return checkResult(kind, amount * factor, amount, `'${value}'`);
}

function lookupUnit(table: UnitTable, unit: string): number | undefined {
  if (table.caseSensitive) return Object.hasOwn(table.factors, unit) ? table.factors[unit] : undefined;
  const lower = unit.toLowerCase();
  return Object.hasOwn(table.factors, lower) ? table.factors[lower] : undefined;
}

function unknownUnit(kind: UnitKind, table: UnitTable, unit: string, value: string): UnitError {
  let hint = "";
  if (kind === "bandwidth" && /^[kKMGT]?B(ps|\/s)$/.test(unit)) {
    hint = "; bandwidth is in bits per second (1 MB/s = 8 Mbps), write e.g. '8Mbps'";
  }
  const alias = kind === "duration" ? DURATION_ALIASES[unit.toLowerCase()] : undefined;
  const suggestion = hint === "" ? alias ?? suggest(unit, table.canonical) : undefined;
  const tail = suggestion === undefined ? "" : ` — did you mean '${value.replace(unit, suggestion)}'?`;
  return new UnitError(
    `expected ${table.expected}, found '${value}' with unknown unit '${unit}'${hint}${tail}`,
    table.expected,
    `'${value}'`,
    suggestion === undefined ? undefined : value.replace(unit, suggestion),
  );
}

function checkResult(kind: UnitKind, base: number, amount: number, found: string): number {
  const table = TABLES[kind];
  if (!Number.isFinite(amount) || !Number.isFinite(base)) {
    throw new UnitError(`expected ${table.expected}, found ${found}, which is not a finite number`, table.expected, found);
  }
  if (amount < 0) {
    throw new UnitError(`expected ${table.expected} that is not negative, found ${found}`, table.expected, found);
  }
  // Base units are integers; a tiny tolerance absorbs binary floating point (e.g. 1.1s = 1100000.0000000002 µs).
  const rounded = Math.round(base);
  if (Math.abs(base - rounded) > 1e-6 * Math.max(1, Math.abs(base))) {
    throw new UnitError(
      `expected a whole number of ${table.baseName}, found ${found} (= ${base} ${table.baseName})`,
      `a whole number of ${table.baseName}`,
      found,
    );
  }
  if (rounded > Number.MAX_SAFE_INTEGER) {
    throw new UnitError(`expected ${table.expected}, found ${found}, which is too large`, table.expected, found);
  }
  return rounded;
}

/** A short description of any JSON value, as used in "found …" clauses. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `'${value}'`;
  return String(value);
}

/** Formats µs as the shortest exact unit string ("30s", "50ms", "250us"), for defaults and messages. */
export function formatDurationUs(us: number): string {
  if (us % 3_600_000_000 === 0 && us > 0) return `${us / 3_600_000_000}h`;
  if (us % 60_000_000 === 0 && us > 0) return `${us / 60_000_000}m`;
  if (us % 1_000_000 === 0) return `${us / 1_000_000}s`;
  if (us % 1_000 === 0) return `${us / 1_000}ms`;
  return `${us}us`;
}
