/**
 * Scenario errors are for people: each problem names the file, the line and column (or the `--set` argument it
 * came from), the field path, what was expected, what was found, and the nearest valid value when there is one.
 * The loader collects every problem it can find before throwing, so one run of `ledgersim validate` shows them all.
 */

export interface ScenarioProblem {
  /** The scenario file (as given), or "<inline>". */
  file: string;
  /** 1-based line and column in the file; absent when the problem came from a `--set` argument. */
  line?: number;
  column?: number;
  /** Field path such as "protocol.batch.maxTxs" or "faults[1].nodes[0]"; "(root)" for the whole document. */
  path: string;
  /** The full explanation: what was expected, what was found — did you mean …? */
  message: string;
  expected?: string;
  found?: string;
  suggestion?: string;
  /** The `--set` path whose value caused the problem, when it came from the command line. */
  setPath?: string;
}

export class ScenarioError extends Error {
  readonly problems: readonly ScenarioProblem[];

  constructor(problems: readonly ScenarioProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "ScenarioError";
    this.problems = problems;
  }
}

/** One line: `file:line:col: field.path: message`, or `file: --set path: field.path: message`. */
export function formatProblem(problem: ScenarioProblem): string {
  const where =
    problem.setPath !== undefined
      ? `${problem.file}: --set ${problem.setPath}`
      : `${problem.file}:${problem.line ?? 1}:${problem.column ?? 1}`;
  return `${where}: ${problem.path}: ${problem.message}`;
}

/** A problem found while checking a document, before it is placed in a file (see load.ts). */
export interface Issue {
  path: readonly PathSegment[];
  /** Point at the key itself (unknown keys) rather than its value. */
  atKey?: boolean;
  message: string;
  expected?: string;
  found?: string;
  suggestion?: string;
  /** Other fields involved, tried in order for a file position when `path` itself was not written in the file. */
  related?: readonly (readonly PathSegment[])[];
}

export type PathSegment = string | number;

/** Builds an Issue whose message reads "expected X, found Y — did you mean 'z'?". */
export function mismatch(
  path: readonly PathSegment[],
  expected: string,
  found: string,
  suggestion?: string,
  atKey = false,
): Issue {
  const tail = suggestion === undefined ? "" : ` — did you mean '${suggestion}'?`;
  return { path, atKey, message: `expected ${expected}, found ${found}${tail}`, expected, found, suggestion };
}
