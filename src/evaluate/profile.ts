/**
 * Standards profiles (`ledgersim evaluate <profile>`): a YAML file naming scenarios, their `set:` overrides
 * and the criteria each must meet — profile-level criteria apply to every test, a test's own add to them.
 *
 *   name: consortium-baseline          # letters, digits, . _ - (names the results directory)
 *   description: …
 *   criteria: [safety.ok]              # every test
 *   tests:
 *     - name: stress-4                 # unique
 *       scenario: consortium/pbft-sm2.yaml   # relative to the profile file
 *       set: { nodes.count: 4, workload.arrival.rate: 900 }
 *       criteria: ["throughput.successRate >= 0.95"]
 *
 * Loading checks everything before anything runs — the profile's shape, every criterion, and every test's
 * scenario with its overrides — and names the file, line and field of each problem (exit 104).
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ScenarioError, formatProblem, type ScenarioProblem } from "../scenario/errors.js";
import { formatPath } from "../scenario/paths.js";
import { isPlainObject } from "../scenario/schema-node.js";
import { parseSource, type ParsedSource } from "../scenario/source.js";
import { suggest } from "../scenario/suggest.js";
import type { PathSegment } from "../scenario/errors.js";
import { CriterionSyntaxError, parseCriterion } from "./criteria.js";
import { EvaluateInputError } from "./errors.js";
import { loadChecked, setArgument } from "./load.js";

export interface ProfileTest {
  name: string;
  description: string;
  /** As written, and resolved against the profile's directory. */
  scenario: string;
  scenarioFile: string;
  /** The overrides, in the order written. */
  overrides: [string, unknown][];
  /** Profile criteria, then the test's own, then the scenario's (duplicates removed). */
  criteria: string[];
  sets: string[];
}

export interface Profile {
  file: string;
  name: string;
  description: string;
  tests: ProfileTest[];
}

const TOP_KEYS = ["name", "description", "criteria", "tests"];
const TEST_KEYS = ["name", "description", "scenario", "set", "criteria"];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

class ProfileChecker {
  readonly problems: ScenarioProblem[] = [];
  constructor(readonly file: string, private readonly source: ParsedSource) {}

  problem(path: readonly PathSegment[], message: string): void {
    const printed = formatPath(path);
    const at = this.source.valuePositions.get(printed) ?? this.source.keyPositions.get(printed) ?? { line: 1, column: 1 };
    this.problems.push({ file: this.file, path: printed, line: at.line, column: at.column, message });
  }

  keys(value: Record<string, unknown>, allowed: readonly string[], path: PathSegment[]): void {
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue;
      const hint = suggest(key, allowed);
      this.problem([...path, key], `unknown key '${key}' (allowed: ${allowed.join(", ")})${hint === undefined ? "" : ` — did you mean '${hint}'?`}`);
    }
  }

  text(value: unknown, path: PathSegment[], required: boolean, pattern?: RegExp): string {
    if (value === undefined && !required) return "";
    if (typeof value !== "string" || value === "") {
      this.problem(path, `expected ${required ? "a non-empty string" : "a string"}, found ${JSON.stringify(value) ?? "nothing"}`);
      return "";
    }
    if (pattern !== undefined && !pattern.test(value)) this.problem(path, `expected letters, digits, '.', '_' and '-', found '${value}'`);
    return value;
  }

  criteria(value: unknown, path: PathSegment[]): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.problem(path, "expected a list of criteria such as [\"latency.p99Ms <= 2000\", \"safety.ok\"]");
      return [];
    }
    return value.flatMap((item: unknown, index) => {
      if (typeof item !== "string") {
        this.problem([...path, index], `expected a criterion string, found ${JSON.stringify(item)}`);
        return [];
      }
      try {
        parseCriterion(item);
      } catch (error) {
        if (!(error instanceof CriterionSyntaxError)) throw error;
        this.problem([...path, index], error.message);
      }
      return [item];
    });
  }
}

function readProfileSource(file: string): ParsedSource {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new EvaluateInputError(`${file}:1:1: (root): cannot read the profile: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
  const source = parseSource(text);
  if (source.problems.length > 0) {
    throw new EvaluateInputError(`invalid profile:\n${source.problems.map((p) => formatProblem({ file, line: p.line, column: p.column, path: formatPath(p.path), message: p.message })).join("\n")}`);
  }
  return source;
}

function checkTest(check: ProfileChecker, raw: unknown, index: number, profileCriteria: string[], baseDir: string): ProfileTest | undefined {
  const path: PathSegment[] = ["tests", index];
  if (!isPlainObject(raw)) {
    check.problem(path, "expected a mapping with name, scenario, and optionally set, criteria, description");
    return undefined;
  }
  check.keys(raw, TEST_KEYS, path);
  const name = check.text(raw["name"], [...path, "name"], true, NAME);
  const scenario = check.text(raw["scenario"], [...path, "scenario"], true);
  const description = check.text(raw["description"], [...path, "description"], false);
  const overrides: [string, unknown][] = [];
  if (raw["set"] !== undefined && !isPlainObject(raw["set"])) check.problem([...path, "set"], "expected a mapping of key path → value, e.g. { nodes.count: 16 }");
  else for (const [key, value] of Object.entries(raw["set"] ?? {})) overrides.push([key, value]);
  const own = check.criteria(raw["criteria"], [...path, "criteria"]);
  const sets = overrides.map(([key, value]) => setArgument(key, value));
  return { name, description, scenario, scenarioFile: resolve(baseDir, scenario), overrides, criteria: [...new Set([...profileCriteria, ...own])], sets };
}

/** Loads the test's scenario with its overrides and criteria; problems are placed on the test's line. */
function checkScenario(check: ProfileChecker, test: ProfileTest, index: number): void {
  try {
    const base = loadChecked(test.scenarioFile, test.sets);
    test.criteria = [...new Set([...test.criteria, ...base.scenario.criteria])];
    test.sets = [...test.sets, setArgument("criteria", test.criteria)];
    loadChecked(test.scenarioFile, test.sets);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    check.problem(["tests", index, test.overrides.length > 0 ? "set" : "scenario"], `test '${test.name}': ${error.message.replace(/\n/g, "\n    ")}`);
  }
}

export function loadProfile(file: string): Profile {
  const source = readProfileSource(file);
  const check = new ProfileChecker(file, source);
  const root = source.value;
  if (!isPlainObject(root)) throw new EvaluateInputError(`${file}:1:1: (root): expected a profile mapping with name and tests`);
  check.keys(root, TOP_KEYS, []);
  const name = check.text(root["name"], ["name"], true, NAME);
  const description = check.text(root["description"], ["description"], false);
  const profileCriteria = check.criteria(root["criteria"], ["criteria"]);
  const rawTests = root["tests"];
  if (!Array.isArray(rawTests) || rawTests.length === 0) check.problem(["tests"], "expected a non-empty list of tests");
  const tests = (Array.isArray(rawTests) ? rawTests : []).flatMap((raw, i) => checkTest(check, raw, i, profileCriteria, dirname(file)) ?? []);
  const seen = new Set<string>();
  tests.forEach((test, i) => {
    if (seen.has(test.name)) check.problem(["tests", i, "name"], `test name '${test.name}' is used twice`);
    seen.add(test.name);
  });
  if (check.problems.length === 0) tests.forEach((test, i) => checkScenario(check, test, i));
  if (check.problems.length > 0) throw new EvaluateInputError(`invalid profile:\n${check.problems.map(formatProblem).join("\n")}`);
  return { file, name, description, tests };
}
