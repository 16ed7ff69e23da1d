/**
 * Writing a run's directory atomically (ARCHITECTURE §6): everything goes into a hidden temporary directory
 * beside the target, which is renamed into place only when complete — a directory that exists is a finished
 * run, and an interrupted or failed run leaves nothing half-written.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { TransactionLog } from "../metrics/collector.js";
import type { TimeseriesRow } from "../metrics/report.js";
import type { RunResult } from "./result.js";

const TIMESERIES_COLUMNS: (keyof TimeseriesRow)[] = ["time_s", "offered_tps", "committed_tps", "p50_ms", "p99_ms", "blocks"];

export function timeseriesCsv(rows: readonly TimeseriesRow[]): string {
  const columns: (keyof TimeseriesRow)[] = rows.some((row) => row.faults !== undefined) ? [...TIMESERIES_COLUMNS, "faults"] : TIMESERIES_COLUMNS;
  const lines = [columns.join(",")];
  for (const row of rows) lines.push(columns.map((column) => String(row[column] ?? 0)).join(","));
  return lines.join("\n") + "\n";
}

/** transactions.csv's header (ARCHITECTURE §6): one row per submitted transaction, in id order. */
export const TRANSACTION_COLUMNS = ["tx_id", "submit_us", "first_commit_us", "confirm_us", "node"] as const;

/**
 * transactions.csv (`--tx-log`): times in integer µs of simulated time; a cell is empty where the event never
 * happened (not committed by any node, not confirmed at the threshold, no live node to submit to).
 */
export function transactionsCsv(log: TransactionLog): string {
  const cell = (value: number): string => (value < 0 ? "" : String(value));
  const lines: string[] = [TRANSACTION_COLUMNS.join(",")];
  for (let id = 0; id < log.submitUs.length; id++) {
    lines.push(`${id},${cell(log.submitUs[id] as number)},${cell(log.firstCommitUs[id] as number)},${cell(log.confirmUs[id] as number)},${cell(log.node[id] as number)}`);
  }
  return lines.join("\n") + "\n";
}

export function resultJson(result: RunResult): string {
  return JSON.stringify(result, null, 2) + "\n";
}

/** Temporary directories in flight, removed if the process is interrupted. */
const inFlight = new Set<string>();

export function removeInFlightDirectories(): void {
  for (const dir of inFlight) rmSync(dir, { recursive: true, force: true });
  inFlight.clear();
}

/**
 * Writes `files` (relative name → text or bytes; names may contain "/" for sub-directories) into `targetDir`
 * atomically. Fails if `targetDir` already exists.
 */
export function writeDirectoryAtomically(targetDir: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  const parent = dirname(targetDir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(targetDir)}.tmp-${process.pid}`);
  inFlight.add(tmp);
  try {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    for (const name of Object.keys(files).sort()) {
      if (name.split("/").some((part) => part === ".." || part === "")) {
        throw new Error(`writeDirectoryAtomically: refusing file name '${name}'`);
      }
      const path = join(tmp, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, files[name] as string | Uint8Array);
    }
    renameSync(tmp, targetDir);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  } finally {
    inFlight.delete(tmp);
  }
}

/** The run directory name: `<UTC timestamp>-seed<seed>`, e.g. `20261121T170502Z-seed42`. */
export function runDirectoryName(startedAt: Date, seed: number): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${stamp}-seed${seed}`;
}
