/**
 * Loading a scenario: read YAML or JSON, apply `--set` overrides, validate against the schema, fill defaults,
 * run the semantic checks, compile. Every stage collects all of its problems and throws one ScenarioError
 * naming each problem's file, line and column (or `--set` argument) and field path.
 */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { getCostProfile, resolveCostProfilePath } from "../crypto/cost-profile.js";
import type { ScenarioDocument } from "./document.js";
import { ScenarioError, type Issue, type PathSegment, type ScenarioProblem } from "./errors.js";
import { compileScenario } from "./compile.js";
import { applySets, type AppliedSet } from "./overrides.js";
import { formatPath, parsePath } from "./paths.js";
import { resolveDocument } from "./resolve.js";
import { isPlainObject } from "./schema-node.js";
import { scenarioSchema } from "./schema.js";
import { checkSemantics } from "./semantics.js";
import { parseSource, type ParsedSource, type SourcePosition } from "./source.js";
import type { LoadedScenario } from "./types.js";
import { validateValue } from "./validate.js";

/** Reads, validates and compiles a scenario file; throws ScenarioError listing every problem. */
export function loadScenarioFile(path: string, sets: readonly string[] = []): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : String((error as Error).message);
    throw new ScenarioError([{ file: path, path: "(root)", message: `cannot read the scenario file: ${reason}` }]);
  }
  const loaded = loadScenarioText(text, path, sets);
  const cpu = loaded.scenario.nodes.cpu;
  cpu.profile = resolveCostProfilePath(cpu.profile, dirname(path)); // beside the scenario, else the current directory
  try {
    getCostProfile(cpu.profile);
  } catch (error) {
    const at = loaded.locate?.("nodes.cpu.profile") ?? {};
    throw new ScenarioError([{ file: path, path: "nodes.cpu.profile", ...at, message: (error as Error).message }]);
  }
  return loaded;
}

/** Validates and compiles scenario text; `source` names it in messages and gives the default scenario name. */
export function loadScenarioText(text: string, source: string, sets: readonly string[] = []): LoadedScenario {
  const parsed = parseSource(text);
  if (parsed.problems.length > 0) {
    throw new ScenarioError(parsed.problems.map((p) => ({ file: source, line: p.line, column: p.column, path: formatPath(p.path), message: p.message })));
  }
  const root = checkRoot(parsed.value, source);
  const { applied, problems: setProblems } = applySets(root, sets);
  const locator = new Locator(source, parsed, applied);
  const problems: ScenarioProblem[] = setProblems.map((p) => ({ file: source, ...p }));
  const issues: Issue[] = [];
  validateValue(scenarioSchema, root, [], issues);
  problems.push(...issues.map((issue) => locator.place(issue)));
  if (problems.length > 0) throw new ScenarioError(problems);

  const document: ScenarioDocument = resolveDocument(root, source);
  const semantic = checkSemantics(document);
  if (semantic.length > 0) throw new ScenarioError(semantic.map((issue) => locator.place(issue)));
  return {
    scenario: compileScenario(document),
    document: document as unknown as Record<string, unknown>,
    source,
    locate: (path: string) => locator.written(path),
  };
}

function checkRoot(value: unknown, source: string): Record<string, unknown> {
  if (isPlainObject(value)) return value;
  const message =
    value === null
      ? "the file is empty; expected a scenario mapping with at least 'protocol: { name: pbft }'"
      : `expected a mapping of scenario keys (name, protocol, nodes, …), found ${Array.isArray(value) ? "a list" : `a single value '${String(value)}'`}`;
  throw new ScenarioError([{ file: source, line: 1, column: 1, path: "(root)", message }]);
}

/** Places an Issue in the file (or on the `--set` argument that produced the value it is about). */
class Locator {
  constructor(
    private readonly file: string,
    private readonly source: ParsedSource,
    private readonly applied: readonly AppliedSet[],
  ) {}

  place(issue: Issue): ScenarioProblem {
    const problem: ScenarioProblem = { file: this.file, path: formatPath(issue.path), message: issue.message };
    if (issue.expected !== undefined) problem.expected = issue.expected;
    if (issue.found !== undefined) problem.found = issue.found;
    if (issue.suggestion !== undefined) problem.suggestion = issue.suggestion;
    const set = this.setCovering(issue.path);
    if (set !== undefined) {
      problem.setPath = set.setPath;
      return problem;
    }
    const position = this.positionOf(issue);
    problem.line = position.line;
    problem.column = position.column;
    return problem;
  }

  /** Where a printed field path was written in the file (a value, or else its key); undefined if it was not, or was `--set`. */
  written(printedPath: string): SourcePosition | undefined {
    const parsed = parsePath(printedPath);
    if (typeof parsed === "string" || this.setCovering(parsed) !== undefined) return undefined;
    const canonical = formatPath(parsed);
    return this.source.valuePositions.get(canonical) ?? this.source.keyPositions.get(canonical);
  }

  /** The last `--set` whose path is the issue's path or one of its ancestors. */
  private setCovering(path: readonly PathSegment[]): AppliedSet | undefined {
    const covers = (set: AppliedSet): boolean =>
      set.segments.length <= path.length && set.segments.every((segment, i) => String(segment) === String(path[i]));
    return [...this.applied].reverse().find(covers);
  }

  private positionOf(issue: Issue): SourcePosition {
    const exact = this.exactPosition(issue.path, issue.atKey === true);
    if (exact !== undefined) return exact;
    for (const related of issue.related ?? []) {
      const position = this.exactPosition(related, false);
      if (position !== undefined) return position;
    }
    for (let length = issue.path.length - 1; length >= 0; length--) {
      const position = this.exactPosition(issue.path.slice(0, length), false);
      if (position !== undefined) return position;
    }
    return { line: 1, column: 1 };
  }

  private exactPosition(path: readonly PathSegment[], atKey: boolean): SourcePosition | undefined {
    const printed = formatPath(path);
    const { keyPositions, valuePositions } = this.source;
    return atKey ? keyPositions.get(printed) ?? valuePositions.get(printed) : valuePositions.get(printed) ?? keyPositions.get(printed);
  }
}
