/**
 * Field paths: segments (keys and list indexes) and their printed form, "faults[1].nodes[0]". The same form is
 * accepted by `--set` (which also takes "faults.1.nodes"), and keys that are not plain words are quoted:
 * sweep["nodes.count"].
 */
import type { PathSegment } from "./errors.js";

/** Keys that would reach an object's prototype; refused anywhere in a path or a document. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;

export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return "(root)";
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Parses "a.b[2].c", "a.b.2.c" or 'sweep["nodes.count"]' into segments. Digit-only segments become numbers
 * (list indexes); whether they index a list or name a map key is decided against the schema by the caller.
 * Returns an error message instead of segments when the path is malformed.
 */
export function parsePath(text: string): PathSegment[] | string {
  const segments: PathSegment[] = [];
  const pattern = /\s*(?:\[\s*(\d+)\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\.?([^.[\]"]+))/y;
  let index = 0;
  while (index < text.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (match === null || match[0].length === 0) return `cannot read the path '${text}' at character ${index + 1}`;
    if (match[1] !== undefined) segments.push(Number(match[1]));
    else if (match[2] !== undefined) segments.push(JSON.parse(`"${match[2]}"`) as string);
    else {
      const word = (match[3] ?? "").trim();
      segments.push(/^\d+$/.test(word) ? Number(word) : word);
    }
    index = pattern.lastIndex;
  }
  if (segments.length === 0) return "the path is empty";
  return segments;
}
