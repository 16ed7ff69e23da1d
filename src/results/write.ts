/**
 * Writing a run's directory atomically (ARCHITECTURE §6): everything goes into a hidden temporary directory
 * beside the target, which is renamed into place only when complete — a directory that exists is a finished
 * run, and an interrupted or failed run leaves nothing half-written.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { TimeseriesRow } from "../metrics/report.js";
import type { RunResult } from "./result.js";

const TIMESERIES_COLUMNS: (keyof TimeseriesRow)[] = ["time_s", "offered_tps", "committed_tps", "p50_ms", "p99_ms", "blocks"];

export function timeseriesCsv(rows: readonly TimeseriesRow[]): string {
  const lines = [TIMESERIES_COLUMNS.join(",")];
  for (const row of rows) lines.push(TIMESERIES_COLUMNS.map((column) => String(row[column])).join(","));
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
 * Writes `files` (relative name → content; names may contain "/" for sub-directories) into `targetDir`
 * atomically. Fails if `targetDir` already exists.
 */
export function writeDirectoryAtomically(targetDir: string, files: Record<string, string>): void {
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
      writeFileSync(path, files[name] as string);
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
