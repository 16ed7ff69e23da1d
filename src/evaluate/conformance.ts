/**
 * Running a profile and its conformance report: every test runs on the point pool (one test per worker), and
 * the report — conformance.json (schema `ledgersim/conformance@1`), conformance.html, and each test's
 * result.json and timeseries.csv under tests/<name>/ — is written as one directory, atomically, to
 * `<out>/evaluate/<profile>/<stamp>/`. One row per test: scenario, overrides, the PSWG metrics, and each
 * criterion with its value, threshold and PASS/FAIL. A test fails when a criterion fails or safety is violated.
 */
import { join } from "node:path";
import { writeDirectoryAtomically } from "../results/write.js";
import type { CriterionResult } from "./criteria.js";
import { lookupPath, resultMetric } from "./criteria.js";
import { conformanceHtml } from "./conformance-html.js";
import { PointPool } from "./pool.js";
import { Progress, type ProgressStream } from "./progress.js";
import type { Profile, ProfileTest } from "./profile.js";
import { utcStamp } from "./provenance.js";

export const CONFORMANCE_SCHEMA = "ledgersim/conformance@1";

/** Metrics shown per test (PSWG: throughput and latency at the network size, plus what explains them). */
export const CONFORMANCE_METRICS: readonly [string, string][] = [
  ["nodes", "scenario.nodes.count"],
  ["offered tx/s", "throughput.offeredTps"],
  ["tx/s", "throughput.tps"],
  ["success", "throughput.successRate"],
  ["p50 ms", "latency.p50Ms"],
  ["p99 ms", "latency.p99Ms"],
  ["max ms", "latency.maxMs"],
  ["blocks", "blocks.committed"],
  ["view changes", "viewChanges"],
  ["messages", "messages.total"],
  ["safety", "safety.ok"],
  ["liveness", "liveness.ok"],
];

export interface ConformanceRow {
  name: string;
  description: string;
  scenario: string;
  overrides: Record<string, unknown>;
  seed: number;
  resultHash: string;
  metrics: Record<string, number | boolean | null>;
  criteria: (CriterionResult & { source: string })[];
  safetyOk: boolean;
  pass: boolean;
}

export interface Conformance {
  schema: string;
  profile: { name: string; description: string; file: string };
  version: string;
  verdict: "PASS" | "FAIL";
  passed: number;
  failed: number;
  tests: ConformanceRow[];
  wall: { startedAt: string; seconds: number };
}

function rowOf(test: ProfileTest, result: Record<string, unknown>): ConformanceRow {
  const metrics: ConformanceRow["metrics"] = {};
  for (const [label, path] of CONFORMANCE_METRICS) {
    metrics[label] = resultMetric(result, path);
  }
  const verdicts = (result["criteria"] ?? []) as CriterionResult[];
  const criteria = verdicts.map((verdict, i) => ({ source: test.criteria[i] ?? verdict.metric, ...verdict }));
  const safetyOk = lookupPath(result, "safety.ok") === true;
  const overrides: Record<string, unknown> = {};
  for (const [key, value] of test.overrides) overrides[key] = value;
  return {
    name: test.name, description: test.description, scenario: test.scenario, overrides,
    seed: Number(lookupPath(result, "manifest.seed")), resultHash: String(lookupPath(result, "manifest.resultHash")),
    metrics, criteria, safetyOk, pass: safetyOk && criteria.every((c) => c.pass),
  };
}

export interface EvaluateOptions {
  out: string;
  workers: number;
  gitCommit: string;
  version: string;
  progress?: ProgressStream;
}

export async function runProfile(profile: Profile, options: EvaluateOptions): Promise<{ dir: string; conformance: Conformance }> {
  const startedAt = new Date();
  const wallStart = performance.now();
  const pool = new PointPool(Math.max(1, Math.min(options.workers, profile.tests.length)));
  const progress = new Progress(`evaluate ${profile.name}`, profile.tests.length, pool.size, options.progress);
  const files: Record<string, string> = {};
  const rows: ConformanceRow[] = [];
  progress.start();
  try {
    const outputs = await Promise.all(profile.tests.map(async (test) => {
      const output = await pool.run({ scenarioFile: test.scenarioFile, sets: test.sets, gitCommit: options.gitCommit });
      progress.finished();
      return output;
    }));
    profile.tests.forEach((test, i) => {
      const output = outputs[i] as (typeof outputs)[number];
      files[`tests/${test.name}/result.json`] = output.resultJson;
      files[`tests/${test.name}/timeseries.csv`] = output.timeseriesCsv;
      rows.push(rowOf(test, JSON.parse(output.resultJson) as Record<string, unknown>));
    });
  } finally {
    progress.stop();
    await pool.close();
  }
  const failed = rows.filter((r) => !r.pass).length;
  const conformance: Conformance = {
    schema: CONFORMANCE_SCHEMA,
    profile: { name: profile.name, description: profile.description, file: profile.file },
    version: options.version,
    verdict: failed === 0 ? "PASS" : "FAIL",
    passed: rows.length - failed,
    failed,
    tests: rows,
    wall: { startedAt: startedAt.toISOString(), seconds: Math.round(performance.now() - wallStart) / 1000 },
  };
  files["conformance.json"] = JSON.stringify(conformance, null, 2) + "\n";
  files["conformance.html"] = conformanceHtml(conformance);
  const dir = join(options.out, "evaluate", profile.name, utcStamp(startedAt));
  writeDirectoryAtomically(dir, files);
  return { dir, conformance };
}
