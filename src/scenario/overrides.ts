/**
 * `--set path=value` (ARCHITECTURE §7): command-line overrides applied to the document before validation. The
 * value is typed by the schema at the path (number, boolean or string; JSON for lists and mappings), unknown
 * paths get the nearest valid key, and `__proto__`, `constructor` and `prototype` are refused anywhere in a path.
 */
import type { PathSegment } from "./errors.js";
import { FORBIDDEN_KEYS, formatPath, parsePath } from "./paths.js";
import { isPlainObject, typesOf, unitKindOf, type JsonType, type SchemaNode } from "./schema-node.js";
import { allKeyPaths, schemaFor } from "./schema.js";
import { suggest } from "./suggest.js";

/** A problem with one `--set` argument. */
export interface SetProblem {
  /** The path as written after `--set` (or the whole argument when it has no `=`). */
  setPath: string;
  /** The field path it concerns (printed form). */
  path: string;
  message: string;
  suggestion?: string;
}

/** An override that was applied: where, and how it was written (for attributing later problems). */
export interface AppliedSet {
  segments: PathSegment[];
  setPath: string;
}

/** Every settable key path ("nodes.count", "protocol.batch.maxWait"), without list items. */
export function settablePaths(): string[] {
  return allKeyPaths().filter((path) => !path.includes("[]"));
}

/**
 * Parses a key path and finds its schema node. Under `sweep`, the rest of the path is one key
 * (`sweep.nodes.count` is the sweep axis "nodes.count").
 */
export function resolveKeyPath(
  text: string,
  document: unknown,
): { segments: PathSegment[]; node: SchemaNode } | { message: string; suggestion?: string } {
  const parsed = parsePath(text);
  if (typeof parsed === "string") return { message: parsed };
  const forbidden = parsed.find((segment) => typeof segment === "string" && FORBIDDEN_KEYS.has(segment));
  if (forbidden !== undefined) return { message: `refusing to set '${String(forbidden)}': it would reach the object's prototype` };
  let segments = parsed;
  if (segments[0] === "sweep" && segments.length > 2) segments = ["sweep", segments.slice(1).map(String).join(".")];
  if (segments[0] === "sweep" && segments.length === 2 && segments[1] !== "seeds" && typeof segments[1] === "string") {
    const axis = resolveKeyPath(segments[1], document);
    if ("message" in axis) return { message: `unknown sweep axis '${segments[1]}': ${axis.message}`, suggestion: axis.suggestion };
  }
  const node = schemaFor(segments, document);
  if (node !== undefined) return { segments, node };
  const dotted = segments.map((segment) => (typeof segment === "number" ? "[]" : segment)).join(".").replace(/\.\[\]/g, "[]");
  const hint = suggest(dotted, settablePaths());
  const tail = hint === undefined ? "" : ` — did you mean '${hint}'?`;
  return { message: `unknown key path '${text}'${tail}`, suggestion: hint };
}

/** Applies each `path=value` to `document` in order; returns what was applied and what was refused. */
export function applySets(document: Record<string, unknown>, sets: readonly string[]): { applied: AppliedSet[]; problems: SetProblem[] } {
  const applied: AppliedSet[] = [];
  const problems: SetProblem[] = [];
  for (const argument of sets) {
    const equals = argument.indexOf("=");
    const setPath = equals < 0 ? argument : argument.slice(0, equals).trim();
    if (equals <= 0) {
      problems.push({ setPath, path: "(root)", message: `expected path=value (e.g. --set nodes.count=7), found '${argument}'` });
      continue;
    }
    const resolved = resolveKeyPath(setPath, document);
    if ("message" in resolved) {
      problems.push({ setPath, path: setPath, message: resolved.message, suggestion: resolved.suggestion });
      continue;
    }
    const typed = typeValue(resolved.node, argument.slice(equals + 1));
    const failure = typed.ok ? setAt(document, resolved.segments, typed.value) : typed.message;
    if (failure !== undefined) {
      problems.push({ setPath, path: formatPath(resolved.segments), message: failure });
      continue;
    }
    applied.push({ segments: resolved.segments, setPath });
  }
  return { applied, problems };
}

function acceptedTypes(node: SchemaNode): Set<JsonType> {
  const types = new Set<JsonType>(typesOf(node));
  if (unitKindOf(node) !== undefined) types.add("string").add("number");
  for (const branch of node.anyOf ?? []) for (const type of acceptedTypes(branch)) types.add(type);
  if (node.oneOf !== undefined) types.add("object");
  if (node.const !== undefined) types.add(typeof node.const === "number" ? "number" : "string");
  return types;
}

/** Types a command-line string by the schema: number, boolean, string; JSON for lists, mappings, quoted strings. */
export function typeValue(node: SchemaNode, text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const trimmed = text.trim();
  const types = acceptedTypes(node);
  if (/^[[{"]/.test(trimmed)) {
    try {
      return { ok: true, value: JSON.parse(trimmed) as unknown };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, message: `expected JSON for a list, mapping or quoted string, found '${trimmed}' (${reason})` };
    }
  }
  const numeric = types.has("number") || types.has("integer");
  if (numeric && trimmed !== "" && Number.isFinite(Number(trimmed))) return { ok: true, value: Number(trimmed) };
  if (types.has("boolean") && (trimmed === "true" || trimmed === "false")) return { ok: true, value: trimmed === "true" };
  if (!types.has("string") && (types.has("array") || types.has("object"))) {
    const example = types.has("array") ? `["safety.ok"]` : `{"key": "value"}`;
    return { ok: false, message: `expected JSON for a ${types.has("array") ? "list" : "mapping"} such as ${example}, found '${trimmed}'` };
  }
  // Anything else is a string; if the schema wanted a number or a boolean, validation says so with the path.
  return { ok: true, value: trimmed };
}

/** Writes `value` at `segments`, creating missing mappings on the way; lists are only indexed, never grown. */
function setAt(document: Record<string, unknown>, segments: readonly PathSegment[], value: unknown): string | undefined {
  let current: unknown = document;
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    const here = formatPath(segments.slice(0, index));
    if (Array.isArray(current)) {
      if (typeof segment !== "number" || segment >= current.length) {
        return `${here} has ${current.length} item${current.length === 1 ? "" : "s"}, so there is no item [${String(segment)}] to set`;
      }
      if (last) current[segment] = value;
      else current = current[segment];
    } else if (isPlainObject(current)) {
      const key = String(segment);
      if (last) current[key] = value;
      else {
        if (current[key] === undefined || current[key] === null) {
          const isList = typesOf(schemaFor(segments.slice(0, index + 1)) ?? {}).includes("array");
          if (isList) return `${formatPath(segments.slice(0, index + 1))} has no items, so there is no item [${String(segments[index + 1])}] to set`;
          current[key] = {};
        }
        current = current[key];
      }
    } else {
      return `cannot set inside ${here}, which is not a mapping or list`;
    }
  }
  return undefined;
}
