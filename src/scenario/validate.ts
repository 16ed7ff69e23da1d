/**
 * Checks a plain document against the scenario schema and collects every problem (not just the first) as
 * Issues with field paths. Handles exactly the draft-07 subset schema-node.ts describes; unit keys are parsed
 * with units.ts so that "10parsecs" gets "unknown unit 'parsecs'" rather than "does not match pattern".
 */
import { mismatch, type Issue, type PathSegment } from "./errors.js";
import { FORBIDDEN_KEYS } from "./paths.js";
import { discriminatorOf, isPlainObject, typesOf, unitKindOf, type JsonType, type SchemaNode } from "./schema-node.js";
import { suggest } from "./suggest.js";
import { describeValue, parseQuantity, UnitError } from "./units.js";

/** Validates `value` against `node`, appending problems to `issues`. */
export function validateValue(node: SchemaNode, value: unknown, path: readonly PathSegment[], issues: Issue[]): void {
  if (node.oneOf !== undefined) return validateOneOf(node, value, path, issues);
  if (node.anyOf !== undefined) return validateAnyOf(node, value, path, issues);
  const unit = unitKindOf(node);
  if (unit !== undefined) {
    try {
      parseQuantity(unit, value);
    } catch (error) {
      if (!(error instanceof UnitError)) throw error;
      issues.push({ path, message: error.message, expected: error.expected, found: error.found, suggestion: error.suggestion });
    }
    return;
  }
  if (!typeMatches(node, value)) {
    issues.push(mismatch(path, expectedText(node), describeValue(value)));
    return;
  }
  if (node.const !== undefined && value !== node.const) {
    issues.push(mismatch(path, `'${node.const}'`, describeValue(value)));
  } else if (node.enum !== undefined && !node.enum.includes(value as string | number)) {
    const words = node.enum.map(String);
    const hint = typeof value === "string" ? suggest(value, words) : undefined;
    issues.push(mismatch(path, `one of ${words.join(" | ")}`, describeValue(value), hint));
  }
  if (isPlainObject(value)) validateObject(node, value, path, issues);
  else if (Array.isArray(value)) validateArray(node, value, path, issues);
  else if (typeof value === "number") validateNumber(node, value, path, issues);
  else if (typeof value === "string") validateString(node, value, path, issues);
}

function jsonTypeOf(value: unknown): JsonType {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") return "object";
  if (typeof value === "number") return Number.isSafeInteger(value) ? "integer" : "number";
  if (typeof value === "bigint") return "integer";
  return typeof value as JsonType;
}

function typeMatches(node: SchemaNode, value: unknown): boolean {
  const allowed = typesOf(node);
  if (allowed.length === 0) return true;
  const actual = jsonTypeOf(value);
  if (typeof value === "number" && !Number.isFinite(value)) return false;
  return allowed.includes(actual) || (actual === "integer" && allowed.includes("number"));
}

const TYPE_WORDS: Readonly<Record<JsonType, string>> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
  null: "nothing",
};

/** What a node accepts, in words ("a whole number ≥ 1", "one of mesh | random", "a list of node ids"). */
export function expectedText(node: SchemaNode): string {
  const discriminator = discriminatorOf(node);
  if (discriminator !== undefined) return `a mapping with ${discriminator.key}: ${discriminator.values.join(" | ")}`;
  if (node.anyOf !== undefined) return node.anyOf.map((branch) => branch.title ?? expectedText(branch)).join(" or ");
  if (node.enum !== undefined) return `one of ${node.enum.map(String).join(" | ")}`;
  if (node.const !== undefined) return `'${node.const}'`;
  const words = typesOf(node).map((type) => TYPE_WORDS[type]).join(" or ");
  return `${words || "a value"}${boundsText(node)}`;
}

function boundsText(node: SchemaNode): string {
  const parts: string[] = [];
  if (node.minimum !== undefined) parts.push(`≥ ${node.minimum}`);
  if (node.exclusiveMinimum !== undefined) parts.push(`> ${node.exclusiveMinimum}`);
  if (node.maximum !== undefined) parts.push(`≤ ${node.maximum}`);
  if (node.exclusiveMaximum !== undefined) parts.push(`< ${node.exclusiveMaximum}`);
  return parts.length === 0 ? "" : ` ${parts.join(" and ")}`;
}

function validateNumber(node: SchemaNode, value: number, path: readonly PathSegment[], issues: Issue[]): void {
  const tooLow =
    (node.minimum !== undefined && value < node.minimum) || (node.exclusiveMinimum !== undefined && value <= node.exclusiveMinimum);
  const tooHigh =
    (node.maximum !== undefined && value > node.maximum) || (node.exclusiveMaximum !== undefined && value >= node.exclusiveMaximum);
  if (tooLow || tooHigh) issues.push(mismatch(path, expectedText(node), describeValue(value)));
}

function validateString(node: SchemaNode, value: string, path: readonly PathSegment[], issues: Issue[]): void {
  if (node.minLength !== undefined && value.length < node.minLength) {
    issues.push(mismatch(path, "a non-empty string", "an empty string"));
  } else if (node.pattern !== undefined && !new RegExp(node.pattern).test(value)) {
    issues.push(mismatch(path, node.title ?? `a string matching ${node.pattern}`, describeValue(value)));
  }
}

function validateArray(node: SchemaNode, value: readonly unknown[], path: readonly PathSegment[], issues: Issue[]): void {
  if (node.minItems !== undefined && value.length < node.minItems) {
    const what = node.minItems === 1 ? "a non-empty list" : `a list of at least ${node.minItems} items`;
    issues.push(mismatch(path, what, value.length === 0 ? "an empty list" : `${value.length} item${value.length === 1 ? "" : "s"}`));
  }
  if (node.items === undefined) return;
  for (const [index, item] of value.entries()) validateValue(node.items, item, [...path, index], issues);
}

function validateObject(node: SchemaNode, value: Record<string, unknown>, path: readonly PathSegment[], issues: Issue[]): void {
  const known = node.properties ?? {};
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, key];
    if (FORBIDDEN_KEYS.has(key)) {
      issues.push({ path: childPath, atKey: true, message: `the key '${key}' is not allowed` });
    } else if (Object.hasOwn(known, key)) {
      validateValue(known[key], child, childPath, issues);
    } else if (typeof node.additionalProperties === "object") {
      if (node.propertyNames !== undefined) validateKeyName(node.propertyNames, key, childPath, issues);
      validateValue(node.additionalProperties, child, childPath, issues);
    } else if (node.additionalProperties === false) {
      const hint = suggest(key, Object.keys(known));
      const tail = hint === undefined ? `; known keys here: ${Object.keys(known).join(", ")}` : ` — did you mean '${hint}'?`;
      issues.push({ path: childPath, atKey: true, message: `unknown key '${key}'${tail}`, found: `'${key}'`, suggestion: hint });
    }
  }
  for (const key of node.required ?? []) {
    if (!Object.hasOwn(value, key)) {
      const child = known[key];
      const wanted = child === undefined ? "a value" : expectedText(child);
      issues.push({ path, message: `missing required key '${key}' (${wanted})`, expected: `key '${key}'`, found: "no such key" });
    }
  }
}

function validateKeyName(node: SchemaNode, key: string, path: readonly PathSegment[], issues: Issue[]): void {
  if (node.pattern !== undefined && !new RegExp(node.pattern).test(key)) {
    issues.push({ path, atKey: true, message: `expected ${node.description ?? "a valid key"} as the key, found '${key}'`, found: `'${key}'` });
  } else if (node.minLength !== undefined && key.length < node.minLength) {
    issues.push({ path, atKey: true, message: "expected a non-empty key, found an empty one" });
  }
}

/** A oneOf told apart by a constant key (protocol.name, faults[].kind): check the key, then its branch. */
function validateOneOf(node: SchemaNode, value: unknown, path: readonly PathSegment[], issues: Issue[]): void {
  const discriminator = discriminatorOf(node);
  if (discriminator === undefined) throw new Error("validateOneOf: the scenario schema only uses discriminated oneOf");
  if (!isPlainObject(value)) {
    issues.push(mismatch(path, `a mapping with '${discriminator.key}: ${discriminator.values.join(" | ")}'`, describeValue(value)));
    return;
  }
  const choices = discriminator.values.join(" | ");
  const chosen = value[discriminator.key];
  if (chosen === undefined) {
    issues.push({ path, message: `missing required key '${discriminator.key}' (one of ${choices})`, expected: choices, found: "no such key" });
    return;
  }
  const index = discriminator.values.indexOf(chosen as string);
  if (index < 0) {
    const hint = typeof chosen === "string" ? suggest(chosen, discriminator.values) : undefined;
    issues.push(mismatch([...path, discriminator.key], `one of ${choices}`, describeValue(chosen), hint));
    return;
  }
  const branchIssues: Issue[] = [];
  validateValue((node.oneOf ?? [])[index], value, path, branchIssues);
  issues.push(...branchIssues.map((issue) => explainForeignKey(node, issue, path, `${discriminator.key}: ${String(chosen)}`)));
}

/** "unknown key 'viewChangeTimeout'" becomes "… is not used with name: raft (it belongs to name: pbft)". */
function explainForeignKey(node: SchemaNode, issue: Issue, path: readonly PathSegment[], chosen: string): Issue {
  if (issue.atKey !== true || issue.path.length !== path.length + 1) return issue;
  const key = String(issue.path[path.length]);
  const discriminator = discriminatorOf(node);
  const owners = (node.oneOf ?? []).flatMap((branch, i) =>
    branch.properties !== undefined && Object.hasOwn(branch.properties, key) ? [discriminator?.values[i] ?? ""] : [],
  );
  if (owners.length === 0) return issue;
  const keyName = discriminator?.key ?? "kind";
  const message = `the key '${key}' is not used with ${chosen}; it belongs to ${keyName}: ${owners.join(" | ")}`;
  return { ...issue, message };
}

/** An anyOf (metrics.confirmation): fine if any branch accepts the value; otherwise one problem listing them. */
function validateAnyOf(node: SchemaNode, value: unknown, path: readonly PathSegment[], issues: Issue[]): void {
  for (const branch of node.anyOf ?? []) {
    const trial: Issue[] = [];
    validateValue(branch, value, path, trial);
    if (trial.length === 0) return;
  }
  issues.push(mismatch(path, expectedText(node), describeValue(value)));
}
