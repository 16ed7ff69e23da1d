/**
 * Criteria: pass/fail expressions over result paths, e.g. `throughput.tps >= 800`, `latency.p99Ms <= 2000`,
 * `safety.ok`, `!safety.ok`. Parsed when the scenario loads (a malformed one is a scenario error, exit 104) and
 * evaluated against the finished result (any failure: exit 99).
 */
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

export class CriterionSyntaxError extends Error {
  constructor(readonly source: string, reason: string) {
    super(`criterion '${source}': ${reason}`);
    this.name = "CriterionSyntaxError";
  }
}

const PATTERN = /^\s*(!?)\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*(?:(>=|<=|==|!=|>|<)\s*(\S+))?\s*$/;

export function parseCriterion(source: string): Criterion {
  const match = PATTERN.exec(source);
  if (match === null) {
    throw new CriterionSyntaxError(source, "expected 'path OP number' (OP one of >= <= > < == !=) or a boolean path");
  }
  const [, negation, path, op, rawThreshold] = match as unknown as [string, string, string, string?, string?];
  const section = path.split(".")[0] as string;
  if (!CRITERIA_SECTIONS.includes(section)) {
    throw new CriterionSyntaxError(source, `unknown result section '${section}' (known: ${CRITERIA_SECTIONS.join(", ")})`);
  }
  if (op === undefined) return { source, path, op: negation === "!" ? "is-false" : "is-true" };
  if (negation === "!") throw new CriterionSyntaxError(source, "'!' applies only to a boolean path without a comparison");
  const threshold = parseThreshold(rawThreshold as string);
  if (threshold === undefined) {
    throw new CriterionSyntaxError(source, `threshold '${rawThreshold}' is not a number, true or false`);
  }
  return { source, path, op: op as CriterionOp, threshold };
}

function parseThreshold(raw: string): number | boolean | undefined {
  if (raw === "true") return true;
  if (raw === "false") return false;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

function lookup(result: unknown, path: string): unknown {
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

/** Evaluates one criterion; a path that is missing or not a number/boolean fails with value null. */
export function evaluateCriterion(criterion: Criterion, result: unknown): CriterionResult {
  const raw = lookup(result, criterion.path);
  const value = typeof raw === "number" || typeof raw === "boolean" ? raw : null;
  if (criterion.op === "is-true" || criterion.op === "is-false") {
    const want = criterion.op === "is-true";
    return { metric: criterion.path, op: "==", threshold: want, value, pass: value === want };
  }
  const threshold = criterion.threshold as number | boolean;
  const pass = value !== null && compare(value, criterion.op, threshold);
  return { metric: criterion.path, op: criterion.op, threshold, value, pass };
}
