/**
 * Criteria: pass/fail expressions over result paths, e.g. `throughput.tps >= 800`, `latency.p99Ms <= 2000`,
 * `throughput.successRate >= 0.95`, `safety.ok`, `!safety.ok`. Parsed when the scenario (or profile) loads — a
 * malformed expression or a path that no result has is an input error (exit 104), with the nearest known path
 * suggested — and evaluated against the finished result: each verdict carries its value, threshold and pass.
 */
import { suggest } from "../scenario/suggest.js";

export type CriterionOp = ">=" | "<=" | ">" | "<" | "==" | "!=";

export interface Criterion {
  source: string;
  path: string;
  op: CriterionOp | "is-true" | "is-false";
  threshold?: number | boolean;
}

export interface CriterionResult {
  metric: string;
  op: string;
  threshold: number | boolean;
  value: number | boolean | null;
  pass: boolean;
}

/** The result sections a criterion may read. */
export const CRITERIA_SECTIONS = ["throughput", "latency", "blocks", "messages", "safety", "liveness", "manifest", "protocol", "viewChanges"];

/**
 * Every fixed-shape path a criterion may name (ARCHITECTURE §6). Sections whose keys depend on the run
 * (`messages.byType.<TYPE>`, `protocol.*`, `manifest.verifications.<suite>`) are open below the prefix listed in
 * OPEN_PREFIXES.
 */
export const KNOWN_RESULT_PATHS: readonly string[] = [
  "throughput.tps", "throughput.offeredTps", "throughput.submitted", "throughput.committed", "throughput.successRate",
  "latency.p50Ms", "latency.p90Ms", "latency.p95Ms", "latency.p99Ms", "latency.p999Ms", "latency.maxMs", "latency.meanMs",
  "latency.firstCommit.p50Ms", "latency.firstCommit.p99Ms", "latency.firstCommit.meanMs", "latency.confirmed", "latency.unconfirmed",
  "blocks.committed", "blocks.intervalMs.p50", "blocks.intervalMs.mean", "blocks.intervalMs.max",
  "blocks.sizeBytes.p50", "blocks.sizeBytes.mean", "blocks.sizeBytes.max", "blocks.txsPerBlock.mean", "blocks.txsPerBlock.max",
  "blocks.stale", "blocks.staleRate",
  "messages.total", "messages.bytes", "messages.dropped", "messages.droppedByPartition",
  "safety.ok", "liveness.ok", "viewChanges",
  "manifest.seed", "manifest.simulatedSeconds", "manifest.events", "manifest.workers",
];

const OPEN_PREFIXES = ["messages.byType.", "protocol.", "manifest.verifications."];

export class CriterionSyntaxError extends Error {
  constructor(readonly source: string, reason: string) {
    super(`criterion '${source}': ${reason}`);
    this.name = "CriterionSyntaxError";
  }
}

const PATTERN = /^\s*(!?)\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*(?:(>=|<=|==|!=|>|<)\s*([^\s<>=!]\S*))?\s*$/;

export function parseCriterion(source: string): Criterion {
  const match = PATTERN.exec(source);
  if (match === null) {
    throw new CriterionSyntaxError(source, "expected 'path OP number' (OP one of >= <= > < == !=) or a boolean path");
  }
  const [, negation, path, op, rawThreshold] = match as unknown as [string, string, string, string?, string?];
  checkPath(source, path);
  if (op === undefined) return { source, path, op: negation === "!" ? "is-false" : "is-true" };
  if (negation === "!") throw new CriterionSyntaxError(source, "'!' applies only to a boolean path without a comparison");
  const threshold = parseThreshold(rawThreshold as string);
  if (threshold === undefined) {
    throw new CriterionSyntaxError(source, `threshold '${rawThreshold}' is not a number, true or false`);
  }
  return { source, path, op: op as CriterionOp, threshold };
}

/** A path must be a known result path, or lie under an open prefix; otherwise the nearest known path is named. */
function checkPath(source: string, path: string): void {
  const section = path.split(".")[0] as string;
  if (!CRITERIA_SECTIONS.includes(section)) {
    throw new CriterionSyntaxError(source, `unknown result section '${section}' (known: ${CRITERIA_SECTIONS.join(", ")})`);
  }
  if (KNOWN_RESULT_PATHS.includes(path)) return;
  if (OPEN_PREFIXES.some((prefix) => path.startsWith(prefix) && path.length > prefix.length)) return;
  const hint = suggest(path, KNOWN_RESULT_PATHS);
  const tail = hint === undefined ? "" : ` — did you mean '${hint}'?`;
  throw new CriterionSyntaxError(source, `unknown result path '${path}'${tail}`);
}

function parseThreshold(raw: string): number | boolean | undefined {
  if (raw === "true") return true;
  if (raw === "false") return false;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** The value at a dotted path of a result object (own properties only), or undefined. */
export function lookupPath(result: unknown, path: string): unknown {
  let node: unknown = result;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function compare(value: number | boolean, op: CriterionOp, threshold: number | boolean): boolean {
  switch (op) {
    case ">=": return value >= threshold;
    case "<=": return value <= threshold;
    case ">": return value > threshold;
    case "<": return value < threshold;
    case "==": return value === threshold;
    case "!=": return value !== threshold;
  }
}

/**
 * Latency statistics over the confirmed transactions submitted in the measurement window. With none confirmed
 * (an overloaded or stalled run) the result holds 0 in their place, which is no latency at all: they have no value.
 */
const CONFIRMED_LATENCY_PATHS = new Set([
  "latency.p50Ms", "latency.p90Ms", "latency.p95Ms", "latency.p99Ms", "latency.p999Ms", "latency.maxMs", "latency.meanMs",
]);

/** A metric of a result: a number or boolean at `path`, or null when it is missing or has no value (see above). */
export function resultMetric(result: unknown, path: string): number | boolean | null {
  if (CONFIRMED_LATENCY_PATHS.has(path) && lookupPath(result, "latency.confirmed") === 0) return null;
  const raw = lookupPath(result, path);
  return typeof raw === "number" || typeof raw === "boolean" ? raw : null;
}

/**
 * Evaluates one criterion; a path that is missing or not a number/boolean fails with value null — as does a
 * latency statistic when no transaction submitted in the window was confirmed (`latency.p99Ms <= 2000` must
 * not pass a run that confirmed nothing).
 */
export function evaluateCriterion(criterion: Criterion, result: unknown): CriterionResult {
  const value = resultMetric(result, criterion.path);
  if (criterion.op === "is-true" || criterion.op === "is-false") {
    const want = criterion.op === "is-true";
    return { metric: criterion.path, op: "==", threshold: want, value, pass: value === want };
  }
  const threshold = criterion.threshold as number | boolean;
  const pass = value !== null && compare(value, criterion.op, threshold);
  return { metric: criterion.path, op: criterion.op, threshold, value, pass };
}

/** A verdict as one line: `PASS latency.p99Ms <= 2000 (value 850)`. */
export function formatVerdict(verdict: CriterionResult): string {
  return `${verdict.pass ? "PASS" : "FAIL"} ${verdict.metric} ${verdict.op} ${String(verdict.threshold)} (value ${String(verdict.value)})`;
}
