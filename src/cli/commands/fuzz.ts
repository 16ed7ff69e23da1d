/**
 * `ledgersim fuzz <scenario> --seeds N`: for each seed, draw a fault plan within the model (src/faults/fuzz.ts,
 * swarm style), run the scenario under it and judge safety (the verdict that fails the command) and liveness
 * (reported separately). Every failing seed prints the seed and a `ledgersim run` line that reproduces it
 * exactly, and is saved as a scenario file under `<out>/fuzz/<name>/failing-seed-<S>.yaml`. Prints seeds/s.
 * Exit 99 if any seed violated safety. The wall clock is read here (the CLI) for the rate only.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { stringify } from "yaml";
import { simulate } from "../../engine/simulation.js";
import { planFuzzSeed, type FuzzModel, type FuzzPlan } from "../../faults/fuzz.js";
import { getProtocol } from "../../protocols/index.js";
import type { SafetyViolation } from "../../metrics/safety.js";
import { EXIT_CRITERIA_FAILED, EXIT_OK, UsageError } from "../exit-codes.js";
import { loadForCli } from "../load.js";
import { collect, type SetExit } from "./types.js";

export interface FuzzOptions {
  seeds: number;
  /** First seed (seeds start, start+1, …). */
  start: number;
  set: string[];
  /** Results root; failing seeds go to <out>/fuzz/<name>/. Undefined: save nothing. */
  out?: string;
  /** Progress and failures go here (stderr in the CLI). */
  log?: (line: string) => void;
  /** Stop at the first seed that violates safety (`--stop-at-first`). */
  stopAtFirst?: boolean;
}

export interface FuzzFailure {
  seed: number;
  plan: FuzzPlan;
  violations: SafetyViolation[];
  reproduce: string;
  savedAs?: string;
}

export interface FuzzSummary {
  name: string;
  protocol: string;
  seeds: number;
  safetyFailures: FuzzFailure[];
  /** Seeds whose run stalled after the last fault healed (liveness; reported, not failing). */
  livenessFailures: number[];
  wallSeconds: number;
  seedsPerSecond: number;
}

function quoteForShell(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/** The --set overrides that make a run of `file` use the plan of `seed`. */
export function planSets(plan: FuzzPlan): string[] {
  return [`seed=${plan.seed}`, `faults=${JSON.stringify(plan.faults)}`, `adversaries=${JSON.stringify(plan.adversaries)}`];
}

function modelOf(file: string, sets: readonly string[]): { name: string; model: FuzzModel } {
  const { scenario } = loadForCli(file, sets);
  const module = getProtocol(scenario.protocol.name);
  const regions = [...new Set(scenario.nodes.regions)];
  return {
    name: scenario.name,
    model: {
      protocol: scenario.protocol.name, nodeCount: scenario.nodes.count, durationUs: scenario.durationUs,
      maxFaulty: module.faultsTolerated(scenario.nodes.count), regions,
    },
  };
}

/**
 * Runs one seed. A run the protocol itself stops (an invariant check throwing, e.g. Raft meeting a leader that
 * conflicts with its committed index under an unsafe quorum) counts as a safety failure, not a fuzzer crash.
 */
function judgedRun(scenario: Parameters<typeof simulate>[0]): Pick<ReturnType<typeof simulate>, "safety" | "liveness"> {
  try {
    return simulate(scenario);
  } catch (error) {
    const detail = `the run stopped: ${error instanceof Error ? error.message : String(error)}`;
    return {
      safety: { ok: false, count: 1, violations: [{ kind: "agreement", nodes: [], atMs: 0, detail }] },
      liveness: { ok: true, stalls: [], count: 0 },
    };
  }
}

function saveFailure(out: string, name: string, seed: number, document: Record<string, unknown>): string {
  const dir = join(out, "fuzz", name);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `failing-seed-${seed}.yaml`);
  writeFileSync(path, `# ledgersim fuzz: seed ${seed} violated safety; reproduce with: ledgersim run ${path}\n${stringify(document)}`);
  return path;
}

/** Runs the seeds and judges them; the CLI action and the tests share it. */
export function fuzzSeeds(file: string, options: FuzzOptions): FuzzSummary {
  const log = options.log ?? (() => undefined);
  const { name, model } = modelOf(file, options.set);
  const userSets = options.set.map((s) => ` --set ${quoteForShell(s)}`).join("");
  const safetyFailures: FuzzFailure[] = [];
  const livenessFailures: number[] = [];
  const wallStart = performance.now();
  let ran = options.seeds;
  for (let seed = options.start; seed < options.start + options.seeds; seed++) {
    const plan = planFuzzSeed(seed, model);
    const sets = [...options.set, ...planSets(plan)];
    const loaded = loadForCli(file, sets);
    const outcome = judgedRun(loaded.scenario);
    if (!outcome.liveness.ok) livenessFailures.push(seed);
    if (outcome.safety.ok) continue;
    const planArgs = planSets(plan).slice(1).map((s) => ` --set ${quoteForShell(s)}`).join("");
    const failure: FuzzFailure = {
      seed, plan, violations: outcome.safety.violations, reproduce: `ledgersim run ${file} --seed ${seed}${userSets}${planArgs}`,
    };
    if (options.out !== undefined) failure.savedAs = saveFailure(options.out, name, seed, loaded.document);
    safetyFailures.push(failure);
    const first = outcome.safety.violations[0];
    log(`seed ${seed}: SAFETY VIOLATED (${outcome.safety.count}): ${first?.kind} at height ${first?.height ?? "-"}, nodes ${first?.nodes.join(",")}: ${first?.detail}`);
    log(`  reproduce with --seed ${seed}: ${failure.reproduce}`);
    if (failure.savedAs !== undefined) log(`  saved ${failure.savedAs}`);
    if (options.stopAtFirst === true) {
      ran = seed - options.start + 1;
      break;
    }
  }
  const wallSeconds = (performance.now() - wallStart) / 1000;
  return {
    name, protocol: model.protocol, seeds: ran, safetyFailures, livenessFailures,
    wallSeconds, seedsPerSecond: wallSeconds > 0 ? ran / wallSeconds : 0,
  };
}

export function formatFuzzSummary(summary: FuzzSummary): string {
  const rate = summary.seedsPerSecond.toFixed(2);
  const failed = summary.safetyFailures.map((f) => f.seed).join(", ");
  const stalled = summary.livenessFailures.slice(0, 20).join(", ");
  return [
    `fuzz ${summary.name} (${summary.protocol}): ${summary.seeds} seeds in ${summary.wallSeconds.toFixed(1)}s, ${rate} seeds/s`,
    `  safety:   ${summary.safetyFailures.length === 0 ? "ok" : `${summary.safetyFailures.length} seed(s) violated safety: ${failed}`}`,
    `  liveness: ${summary.livenessFailures.length === 0 ? "ok" : `${summary.livenessFailures.length} seed(s) stalled after the last heal: ${stalled}`}`,
  ].join("\n") + "\n";
}

function positiveInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`fuzz: ${flag} must be a whole number ≥ 0, found '${value}'`);
  return n;
}

export function registerFuzz(program: Command, setExit: SetExit): void {
  program
    .command("fuzz")
    .description("random faults and Byzantine nodes within the model, one plan per seed; failing seeds saved, reproducible")
    .argument("<scenario>", "scenario file (YAML or JSON)")
    .option("--seeds <n>", "number of seeds to run", "100")
    .option("--start <n>", "first seed", "1")
    .option("--set <path=value>", "override a scenario key for every seed (repeatable)", collect, [])
    .option("--out <dir>", "results root directory (failing seeds go to <out>/fuzz/<name>/)", "results")
    .option("--stop-at-first", "stop at the first seed that violates safety", false)
    .action((file: string, opts: { seeds: string; start: string; set: string[]; out: string; stopAtFirst: boolean }) => {
      const summary = fuzzSeeds(file, {
        seeds: positiveInteger(opts.seeds, "--seeds"), start: positiveInteger(opts.start, "--start"), set: opts.set, out: opts.out,
        stopAtFirst: opts.stopAtFirst,
        log: (line) => process.stderr.write(line + "\n"),
      });
      process.stderr.write(formatFuzzSummary(summary));
      setExit(summary.safetyFailures.length > 0 ? EXIT_CRITERIA_FAILED : EXIT_OK);
    });
}
