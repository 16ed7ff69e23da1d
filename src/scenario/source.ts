/**
 * Reading a scenario's text: YAML (JSON is YAML) into plain values, keeping where every key and value sits in
 * the file so that each problem can name its line and column. Syntax errors, duplicate keys and JSON-only
 * mistakes (a trailing comma in a file that is otherwise JSON) are reported here, with the field path nearest
 * to where they occur.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { PathSegment } from "./errors.js";
import { FORBIDDEN_KEYS, formatPath } from "./paths.js";

export interface SourcePosition {
  line: number;
  column: number;
}

/** A problem found while reading the text, already placed in the file. */
export interface SourceProblem extends SourcePosition {
  path: readonly PathSegment[];
  message: string;
}

export interface ParsedSource {
  /** The document as plain data (null for an empty file); undefined when it could not be read. */
  value: unknown;
  /** Position of each value and each key, by printed field path. */
  valuePositions: Map<string, SourcePosition>;
  keyPositions: Map<string, SourcePosition>;
  problems: SourceProblem[];
}

/** Aliases are expanded into the data; this bounds the expansion ("billion laughs"). */
const MAX_ALIAS_EXPANSIONS = 1000;
const MAX_DEPTH = 64;

interface WalkState {
  doc: Document;
  lines: LineCounter;
  out: ParsedSource;
  aliasExpansions: number;
  /** Alias targets being expanded right now, to catch an alias inside its own anchor. */
  expanding: Set<Node>;
}

export function parseSource(text: string): ParsedSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, version: "1.2" });
  const out: ParsedSource = { value: undefined, valuePositions: new Map(), keyPositions: new Map(), problems: [] };
  const place = (offset: number): SourcePosition => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  for (const error of doc.errors) {
    const path = error.code === "MULTIPLE_DOCS" ? [] : pathAtOffset(doc.contents, error.pos[0]);
    const message = FRIENDLY_YAML_ERRORS[error.code] ?? yamlMessage(error.message);
    out.problems.push({ ...place(error.pos[0]), path, message: `YAML syntax: ${message}` });
  }
  if (out.problems.length === 0) out.problems.push(...jsonProblems(text, doc, place));
  if (out.problems.length > 0) return out;
  const state: WalkState = { doc, lines, out, aliasExpansions: 0, expanding: new Set() };
  out.valuePositions.set(formatPath([]), { line: 1, column: 1 });
  out.value = doc.contents === null ? null : toPlain(doc.contents, [], state, 0);
  return out;
}

/** Plainer words for the YAML errors people meet most. */
const FRIENDLY_YAML_ERRORS: Readonly<Partial<Record<string, string>>> = {
  MULTIPLE_DOCS: "the file holds more than one YAML document (a '---' line); a scenario is a single document",
  DUPLICATE_KEY: "this key appears twice in the same mapping; keep one",
  TAB_AS_INDENT: "tabs are not allowed for indentation in YAML; indent with spaces",
};

function yamlMessage(message: string): string {
  const first = message.split("\n")[0].replace(/ at line \d+, column \d+:?\s*$/, "").trim();
  return first.replace(/\.$/, "");
}

function positionOf(state: WalkState, node: Node): SourcePosition {
  const { line, col } = state.lines.linePos(node.range?.[0] ?? 0);
  return { line, column: col };
}

function toPlain(node: Node, path: PathSegment[], state: WalkState, depth: number): unknown {
  if (depth > MAX_DEPTH) {
    state.out.problems.push({ ...positionOf(state, node), path, message: `nesting deeper than ${MAX_DEPTH} levels` });
    return null;
  }
  if (isAlias(node)) {
    state.aliasExpansions++;
    const target = node.resolve(state.doc);
    const why =
      target === undefined ? "it refers to no anchor"
      : state.expanding.has(target) ? "it refers to a collection that contains it"
      : state.aliasExpansions > MAX_ALIAS_EXPANSIONS ? `more than ${MAX_ALIAS_EXPANSIONS} aliases in one file`
      : undefined;
    if (target === undefined || why !== undefined) {
      state.out.problems.push({ ...positionOf(state, node), path, message: `alias *${node.source} cannot be expanded: ${why}` });
      return null;
    }
    state.expanding.add(target);
    const value = toPlain(target, path, state, depth + 1);
    state.expanding.delete(target);
    return value;
  }
  const key = formatPath(path);
  if (!state.out.valuePositions.has(key)) state.out.valuePositions.set(key, positionOf(state, node));
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map((item, index) => (item === null ? null : toPlain(item as Node, [...path, index], state, depth + 1)));
  if (isMap(node)) return mapToPlain(node.items, path, state, depth);
  return null;
}

function mapToPlain(
  pairs: readonly { key: unknown; value: unknown }[],
  path: PathSegment[],
  state: WalkState,
  depth: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const keyNode = pair.key as Node | null;
    if (keyNode === null || !isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === "object") {
      const at = keyNode === null ? { line: 1, column: 1 } : positionOf(state, keyNode);
      state.out.problems.push({ ...at, path, message: "expected a plain key (a word or a number), found a complex key" });
      continue;
    }
    const name = String(keyNode.value);
    const childPath = [...path, name];
    if (FORBIDDEN_KEYS.has(name)) {
      state.out.problems.push({ ...positionOf(state, keyNode), path: childPath, message: `the key '${name}' is not allowed` });
      continue;
    }
    state.out.keyPositions.set(formatPath(childPath), positionOf(state, keyNode));
    const valueNode = pair.value as Node | null;
    if (valueNode === null) {
      state.out.valuePositions.set(formatPath(childPath), positionOf(state, keyNode));
      out[name] = null;
    } else {
      out[name] = toPlain(valueNode, childPath, state, depth + 1);
    }
  }
  return out;
}

/** The field path of the innermost key or value at a character offset (for syntax errors). */
export function pathAtOffset(node: unknown, offset: number, path: PathSegment[] = []): PathSegment[] {
  const within = (n: unknown): boolean => {
    const range = (n as Node | null)?.range;
    return range !== undefined && range !== null && range[0] <= offset && offset <= range[2];
  };
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      if (within(pair.key)) return [...path, key];
      if (within(pair.value)) return pathAtOffset(pair.value, offset, [...path, key]);
    }
  } else if (isSeq(node)) {
    for (const [index, item] of node.items.entries()) {
      // A scalar item is too fine a place for a syntax error; the list itself is named.
      if (within(item) && !isScalar(item)) return pathAtOffset(item, offset, [...path, index]);
    }
  }
  return path;
}

/**
 * A file whose first significant character is `{` or `[` is JSON (full-line `#` comments allowed), and JSON
 * must not have trailing commas even though YAML's flow style accepts them.
 */
function jsonProblems(text: string, doc: Document, place: (offset: number) => SourcePosition): SourceProblem[] {
  const blanked = text.replace(/^[ \t]*#.*$/gm, (line) => " ".repeat(line.length));
  const first = /\S/.exec(blanked);
  if (first === null || (first[0] !== "{" && first[0] !== "[")) return [];
  const problems: SourceProblem[] = [];
  for (const offset of trailingCommas(blanked)) {
    problems.push({
      ...place(offset),
      path: pathAtOffset(doc.contents, offset),
      message: "JSON syntax: trailing comma before a closing bracket; JSON does not allow one — remove it",
    });
  }
  if (problems.length > 0) return problems;
  try {
    JSON.parse(blanked);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    problems.push({ ...place(offset), path: pathAtOffset(doc.contents, offset), message: `JSON syntax: ${message}` });
  }
  return problems;
}

/** Offsets of commas followed (after whitespace) by `}` or `]`, outside strings. */
function trailingCommas(text: string): number[] {
  const found: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
    } else if (ch === ",") {
      const next = /\S/.exec(text.slice(i + 1));
      if (next !== null && (next[0] === "}" || next[0] === "]")) found.push(i);
    }
  }
  return found;
}
