/**
 * A capacity probe: run the scenario at one value of the searched key for every seed (in parallel on the
 * point pool) and decide whether the objective holds. Mode `all` (default): every SLO holds in every seed's
 * run. Mode `mean`: every numeric SLO holds for the mean of its metric across seeds (a boolean SLO must still
 * hold in every run). Seeds are s, s+1, …, s+k−1 with s the scenario's seed, as in sweeps.
 *
 * A run that confirmed nothing of what was submitted fails whatever its SLOs say: its latency percentiles are
 * over no transactions (0), and "p99 ≤ 2 s" must not pass because the network stopped confirming. Latency
 * percentiles count confirmed transactions only; pair a latency SLO with `throughput.successRate >= …` (and a
 * `metrics.cooldown`) to bound how many may stay unconfirmed.
 */
import { ScenarioError } from "../scenario/errors.js";
import { evaluateCriterion, lookupPath, resultMetric, type Criterion } from "./criteria.js";
import type { ProbeOutcome } from "./capacity.js";
import { loadChecked, setArgument } from "./load.js";
import type { PointPool } from "./pool.js";

export type SloMode = "all" | "mean";

export interface ProbeSetup {
  scenarioFile: string;
  baseSets: readonly string[];
  key: string;
  seeds: readonly number[];
  slos: readonly Criterion[];
  mode: SloMode;
  pool: PointPool;
  gitCommit: string;
}

/** The sets for one run of a probe. */
export function probeSets(setup: ProbeSetup, value: number, seed: number): string[] {
  return [...setup.baseSets, setArgument(setup.key, value), `seed=${seed}`];
}

function nested(path: string, value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  const keys = path.split(".");
  keys.forEach((key, i) => {
    if (i === keys.length - 1) node[key] = value;
    else node = (node[key] = {}) as Record<string, unknown>;
  });
  return root;
}

/** The value shown for a metric across seeds: the mean of numbers, the conjunction of booleans. */
function combine(values: readonly unknown[]): number | boolean | null {
  if (values.length > 0 && values.every((v) => typeof v === "boolean")) return values.every((v) => v === true);
  if (values.length === 0 || !values.every((v) => typeof v === "number")) return null;
  let sum = 0;
  for (const v of values as number[]) sum += v;
  return Math.round((sum / values.length) * 1000) / 1000;
}

export function judge(setup: Pick<ProbeSetup, "slos" | "mode">, results: readonly unknown[]): ProbeOutcome {
  const metrics: Record<string, number | boolean | null> = {};
  let pass = true;
  for (const slo of setup.slos) {
    const combined = combine(results.map((r) => resultMetric(r, slo.path)));
    metrics[slo.path] = combined;
    const holds = setup.mode === "mean" && typeof combined === "number"
      ? evaluateCriterion(slo, nested(slo.path, combined)).pass
      : results.every((r) => evaluateCriterion(slo, r).pass);
    pass &&= holds;
  }
  const stalled = results.some((r) => lookupPath(r, "latency.confirmed") === 0 && Number(lookupPath(r, "throughput.submitted")) > 0);
  return stalled ? { pass: false, metrics, note: "nothing confirmed" } : { pass, metrics };
}

export function makeProbe(setup: ProbeSetup): (value: number) => Promise<ProbeOutcome> {
  return async (value) => {
    try {
      for (const seed of setup.seeds) loadChecked(setup.scenarioFile, probeSets(setup, value, seed));
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      return { pass: false, metrics: {}, invalid: error.message.split("\n")[0] as string };
    }
    const outputs = await Promise.all(
      setup.seeds.map((seed) => setup.pool.run({ scenarioFile: setup.scenarioFile, sets: probeSets(setup, value, seed), gitCommit: setup.gitCommit })),
    );
    return judge(setup, outputs.map((o) => JSON.parse(o.resultJson) as unknown));
  };
}
