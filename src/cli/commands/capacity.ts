/**
 * `ledgersim capacity <scenario> --slo EXPR [--slo EXPR]... [--key PATH] [--integer] [--seeds K]
 * [--precision P|P%] [--min X] [--max X] [--start X] [--max-probes N] [--mode all|mean] [--workers N]
 * [--set path=value]... [--json]`: the highest value of PATH (default workload.arrival.rate) at which every
 * SLO holds (src/evaluate/capacity.ts). Prints the curve and the answer on stdout; exit 99 when not even
 * --min meets the objective, 104 for bad input.
 */
import { CriterionSyntaxError, parseCriterion, lookupPath, type Criterion } from "../../evaluate/criteria.js";
import { searchCapacity, type CapacityAnswer, type ProbeOutcome } from "../../evaluate/capacity.js";
import { makeProbe, type SloMode } from "../../evaluate/capacity-probe.js";
import { loadChecked } from "../../evaluate/load.js";
import { PointPool } from "../../evaluate/pool.js";
import { gitCommit } from "../../evaluate/provenance.js";
import { EXIT_CRITERIA_FAILED, EXIT_OK, UsageError } from "../exit-codes.js";
import { parseWorkers } from "./sweep.js";
import { collect, type RegisterCommand } from "./types.js";

interface CapacityCliOptions {
  slo: string[];
  key: string;
  integer: boolean;
  seeds: string;
  precision?: string;
  min?: string;
  max?: string;
  start?: string;
  maxProbes: string;
  mode: string;
  workers?: string;
  set: string[];
  json: boolean;
}

function numberOption(name: string, text: string | undefined, fallback: number, integer = false): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${name}: expected ${integer ? "an integer" : "a number"}, found '${text}'`);
  }
  return value;
}

function parseSlos(sources: readonly string[]): Criterion[] {
  if (sources.length === 0) throw new UsageError(`--slo: give at least one objective, e.g. --slo "latency.p99Ms <= 2000"`);
  return sources.map((source) => {
    try {
      return parseCriterion(source);
    } catch (error) {
      if (error instanceof CriterionSyntaxError) throw new UsageError(`--slo: ${error.message}`);
      throw error;
    }
  });
}

function precisionOf(text: string | undefined, integer: boolean): { precision: number; relativePrecision?: number } {
  if (integer) return { precision: 1 };
  const spec = text ?? "2%";
  const percent = /^\s*([\d.]+)\s*%\s*$/.exec(spec);
  const value = Number(percent === null ? spec : percent[1]);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--precision: expected a positive number or a percentage such as 2%, found '${spec}'`);
  return percent === null ? { precision: value } : { precision: value, relativePrecision: value / 100 };
}

function verdictText(outcome: ProbeOutcome): string {
  if (outcome.invalid !== undefined) return `INVALID (${outcome.invalid})`;
  return (outcome.pass ? "PASS" : "FAIL") + (outcome.note === undefined ? "" : ` (${outcome.note})`);
}

function curveText(answer: CapacityAnswer, key: string, slos: readonly Criterion[]): string {
  const header = [key, ...slos.map((s) => s.path), "verdict"];
  const rows = answer.curve.map(({ value, outcome }) => [
    String(value), ...slos.map((s) => String(outcome.metrics[s.path] ?? "—")), verdictText(outcome),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] as number)).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}

function answerText(answer: CapacityAnswer, key: string, slos: readonly Criterion[], seeds: number, mode: SloMode): string {
  const objective = slos.map((s) => s.source.trim()).join(" and ");
  const over = `${mode === "all" ? "in every run of" : "on the mean over"} ${seeds} seed${seeds === 1 ? "" : "s"}`;
  if (answer.value === undefined) return `answer: no value of ${key} meets ${objective} (${over}); the lowest tried, ${answer.nextFailing ?? "—"}, fails\n`;
  const next = answer.nextFailing === undefined ? `the upper bound was reached (--max): the capacity is at least ${answer.value}` : `${answer.nextFailing} does not (precision ${answer.precision})`;
  const cap = answer.stoppedBy === "probe-cap" ? "; stopped at the probe cap (--max-probes)" : "";
  return `answer: ${key} = ${answer.value} meets ${objective} (${over}); ${next}; ${answer.probes} probes${cap}\n`;
}

async function capacityCommand(file: string, options: CapacityCliOptions): Promise<number> {
  const slos = parseSlos(options.slo);
  const mode = options.mode as SloMode;
  if (mode !== "all" && mode !== "mean") throw new UsageError(`--mode: expected all or mean, found '${options.mode}'`);
  const seedCount = numberOption("--seeds", options.seeds, 1, true);
  const maxProbes = numberOption("--max-probes", options.maxProbes, 20, true);
  if (seedCount < 1 || maxProbes < 1) throw new UsageError("--seeds and --max-probes must be at least 1");
  const loaded = loadChecked(file, options.set);
  const current = lookupPath(loaded.document, options.key);
  const start = numberOption("--start", options.start, typeof current === "number" ? current : Number.NaN, options.integer);
  if (!Number.isFinite(start)) throw new UsageError(`--key ${options.key}: the scenario has no number there; give --start`);
  const min = numberOption("--min", options.min, 1, options.integer);
  const max = numberOption("--max", options.max, options.integer ? 1000 : 1_000_000, options.integer);
  if (min > max) throw new UsageError(`--min ${min} is above --max ${max}`);
  const seeds = Array.from({ length: seedCount }, (_, i) => loaded.scenario.seed + i);
  const pool = new PointPool(Math.min(parseWorkers(options.workers), seedCount));
  const onProbe = (value: number, outcome: ProbeOutcome): void => {
    const shown = slos.map((s) => `${s.path} ${String(outcome.metrics[s.path] ?? "—")}`).join(", ");
    process.stderr.write(`probe      ${options.key}=${value}: ${verdictText(outcome)} ${shown}\n`);
  };
  let answer: CapacityAnswer;
  try {
    const probe = makeProbe({ scenarioFile: file, baseSets: options.set, key: options.key, seeds, slos, mode, pool, gitCommit: gitCommit() });
    answer = await searchCapacity({ start, min, max, integer: options.integer, maxProbes, probe, onProbe, ...precisionOf(options.precision, options.integer) });
  } finally {
    await pool.close();
  }
  if (options.json) process.stdout.write(JSON.stringify({ key: options.key, slo: slos.map((s) => s.source), seeds, mode, ...answer }, null, 2) + "\n");
  else process.stdout.write(curveText(answer, options.key, slos) + answerText(answer, options.key, slos, seedCount, mode));
  return answer.value === undefined ? EXIT_CRITERIA_FAILED : EXIT_OK;
}

export const registerCapacity: RegisterCommand = (program, setExit) => {
  program
    .command("capacity")
    .description("find the highest offered rate (or largest --key value) that meets the objective: bracketing + bisection")
    .argument("<scenario>", "scenario file")
    .option("--slo <expr>", "objective, e.g. \"latency.p99Ms <= 2000\" (repeatable: all must hold)", collect, [])
    .option("--key <path>", "the key to search", "workload.arrival.rate")
    .option("--integer", "integer key (e.g. nodes.count): the largest n that meets the objective", false)
    .option("--seeds <k>", "seeds per probe (s, s+1, …)", "1")
    .option("--precision <p>", "stop when the bracket is this narrow: a number in the key's unit or a percentage (default 2%)")
    .option("--min <x>", "lowest value to try (default 1)")
    .option("--max <x>", "highest value to try (default 1e6; --integer: 1000)")
    .option("--start <x>", "first value to probe (default: the scenario's value at --key)")
    .option("--max-probes <n>", "at most this many probes (each runs every seed)", "20")
    .option("--mode <all|mean>", "all: the SLO holds in every seed's run; mean: on the mean across seeds", "all")
    .option("--workers <n>", "worker threads (default: every core, at most one per seed)")
    .option("--set <path=value>", "override a scenario key (repeatable)", collect, [])
    .option("--json", "print the answer and the curve as JSON", false)
    .action(async (file: string, opts: CapacityCliOptions) => setExit(await capacityCommand(file, opts)));
};
