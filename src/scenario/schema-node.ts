/**
 * The subset of JSON Schema (draft-07) the scenario schema is written in, and helpers to build its nodes.
 * Units are plain draft-07 (a string with a pattern, or a number in the base unit); the loader recognises a
 * unit key by its pattern and parses it with units.ts for a friendlier message than "does not match pattern".
 */
import type { UnitKind } from "./units.js";

export type JsonType = "object" | "array" | "string" | "number" | "integer" | "boolean" | "null";

export interface SchemaNode {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  /** Used for defaults that depend on other keys (the preset, the protocol), which `default` cannot express. */
  $comment?: string;
  default?: unknown;
  examples?: unknown[];
  type?: JsonType | JsonType[];
  enum?: readonly (string | number)[];
  const?: string | number;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  propertyNames?: SchemaNode;
  items?: SchemaNode;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  minLength?: number;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
}

export const DURATION_PATTERN = "^\\s*\\d+(\\.\\d+)?\\s*(us|µs|μs|ms|s|m|min|h)?\\s*$";
export const SIZE_PATTERN = "^\\s*\\d+(\\.\\d+)?\\s*([bB]|[kKmMgG][bB]|[kKmMgG]i[bB])?\\s*$";
export const BANDWIDTH_PATTERN = "^\\s*\\d+(\\.\\d+)?\\s*(bps|kbps|Kbps|Mbps|Gbps|Tbps)?\\s*$";

const UNIT_BY_PATTERN: ReadonlyMap<string, UnitKind> = new Map([
  [DURATION_PATTERN, "duration"],
  [SIZE_PATTERN, "size"],
  [BANDWIDTH_PATTERN, "bandwidth"],
]);

/** The unit a schema node holds, if it is a duration, size or bandwidth key. */
export function unitKindOf(node: SchemaNode): UnitKind | undefined {
  return node.pattern === undefined ? undefined : UNIT_BY_PATTERN.get(node.pattern);
}

function unitNode(pattern: string, description: string, fallback?: string, comment?: string): SchemaNode {
  const node: SchemaNode = { type: ["string", "number"], pattern, minimum: 0, description };
  if (fallback !== undefined) node.default = fallback;
  if (comment !== undefined) node.$comment = comment;
  return node;
}

/** A duration key: "60s", "50ms", … or a number of milliseconds. */
export function duration(description: string, fallback?: string, comment?: string): SchemaNode {
  return unitNode(DURATION_PATTERN, description, fallback, comment);
}

/** A size key: "256B", "1KB", "1KiB", … or a number of bytes. */
export function size(description: string, fallback?: string): SchemaNode {
  return unitNode(SIZE_PATTERN, description, fallback);
}

/** A bandwidth key: "100Mbps", "1Gbps", … or a number of bit/s. */
export function bandwidth(description: string, fallback?: string, comment?: string): SchemaNode {
  return unitNode(BANDWIDTH_PATTERN, description, fallback, comment);
}

export function integer(description: string, fallback?: number, minimum?: number): SchemaNode {
  const node: SchemaNode = { type: "integer", description };
  if (minimum !== undefined) node.minimum = minimum;
  if (fallback !== undefined) node.default = fallback;
  return node;
}

export function oneOfStrings(values: readonly string[], description: string, fallback?: string): SchemaNode {
  const node: SchemaNode = { type: "string", enum: values, description };
  if (fallback !== undefined) node.default = fallback;
  return node;
}

/** A closed mapping: only the listed keys, each documented. */
export function object(description: string, properties: Record<string, SchemaNode>, required?: string[]): SchemaNode {
  const node: SchemaNode = { type: "object", description, additionalProperties: false, properties };
  if (required !== undefined) node.required = required;
  return node;
}

/** Node ids: integers from 0. */
export function nodeIdList(description: string, minItems = 1): SchemaNode {
  return { type: "array", description, minItems, items: integer("A node id (0-based).", undefined, 0) };
}

/** The types a node accepts, as a list (an absent `type` accepts anything). */
export function typesOf(node: SchemaNode): JsonType[] {
  if (node.type === undefined) return [];
  return Array.isArray(node.type) ? node.type : [node.type];
}

/**
 * For a oneOf whose branches are mappings told apart by a constant key (protocol.name, faults[].kind),
 * the key and each branch's constant value.
 */
export function discriminatorOf(node: SchemaNode): { key: string; values: string[] } | undefined {
  const branches = node.oneOf;
  if (branches === undefined || branches.length === 0) return undefined;
  const first = branches[0].properties ?? {};
  for (const key of Object.keys(first)) {
    const values = branches.map((branch) => branch.properties?.[key]?.const);
    if (values.every((value): value is string => typeof value === "string")) return { key, values };
  }
  return undefined;
}

/** The branch of a discriminated oneOf that `value` selects, if any. */
export function branchFor(node: SchemaNode, value: unknown): SchemaNode | undefined {
  const discriminator = discriminatorOf(node);
  if (discriminator === undefined || !isPlainObject(value)) return undefined;
  const index = discriminator.values.indexOf(value[discriminator.key] as string);
  return index < 0 ? undefined : node.oneOf?.[index];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
