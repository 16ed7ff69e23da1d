/**
 * `ledgersim report <dir>`: re-renders report.html and charts/*.svg of an existing run directory from its
 * result.json and timeseries.csv. Each file is written under a temporary name and renamed over the old one,
 * and the charts directory is swapped in whole, so a reader never sees a half-written file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { TimeseriesRow } from "../metrics/report.js";
import type { RunResult } from "../results/result.js";
import { renderChartPngs } from "./png.js";
import { renderRunReport } from "./render.js";

const COLUMNS: (keyof TimeseriesRow)[] = ["time_s", "offered_tps", "committed_tps", "p50_ms", "p99_ms", "blocks"];

/** Parses timeseries.csv (header row, numeric cells; columns found by name, extra columns ignored). */
export function parseTimeseriesCsv(text: string, file = "timeseries.csv"): TimeseriesRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const header = (lines[0] ?? "").split(",").map((cell) => cell.trim());
  const index = COLUMNS.map((column) => {
    const i = header.indexOf(column);
    if (i < 0) throw new Error(`report: ${file}: missing column '${column}' (header: ${header.join(",")})`);
    return i;
  });
  return lines.slice(1).map((line, n) => {
    const cells = line.split(",");
    const row = {} as TimeseriesRow;
    COLUMNS.forEach((column, c) => {
      const value = Number(cells[index[c] as number]);
      if (!Number.isFinite(value)) throw new Error(`report: ${file}, line ${n + 2}: '${column}' is not a number`);
      row[column] = value;
    });
    return row;
  });
}

/** Reads and checks a result.json; errors start with "report:" (the CLI turns them into exit 104). */
export function readRunResult(path: string): RunResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`report: cannot read ${path}: ${(error as Error).message}`);
  }
  const schema = (parsed as { schema?: unknown } | null)?.schema;
  if (typeof schema !== "string" || !schema.startsWith("ledgersim/result@")) {
    throw new Error(`report: ${path} is not a ledgersim result (schema '${String(schema)}')`);
  }
  return parsed as RunResult;
}

const REPRODUCE_META = /<meta name="ledgersim-reproduce" content="([^"]*)">/;
const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

/** The reproduce line of an earlier report in `dir`, else a generic one from the seed. */
export function reproduceLineFor(dir: string, result: RunResult): string {
  const previous = join(dir, "report.html");
  if (existsSync(previous)) {
    const match = REPRODUCE_META.exec(readFileSync(previous, "utf8"));
    if (match !== null) return (match[1] as string).replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] as string);
  }
  return `ledgersim run <scenario file> --seed ${result.manifest.seed}`;
}

function writeFilesReplacing(dir: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  const suffix = `.tmp-${process.pid}`;
  const chartsNew = join(dir, `charts${suffix}`);
  const chartsOld = join(dir, `charts.old${suffix}`);
  rmSync(chartsNew, { recursive: true, force: true });
  const names = Object.keys(files).sort();
  try {
    for (const name of names) {
      const tmp = name.startsWith("charts/") ? join(chartsNew, name.slice("charts/".length)) : join(dir, name + suffix);
      mkdirSync(dirname(tmp), { recursive: true });
      writeFileSync(tmp, files[name] as string | Uint8Array);
    }
  } catch (error) {
    rmSync(chartsNew, { recursive: true, force: true });
    for (const name of names) rmSync(join(dir, name + suffix), { force: true });
    throw error;
  }
  if (existsSync(join(dir, "charts"))) renameSync(join(dir, "charts"), chartsOld);
  renameSync(chartsNew, join(dir, "charts"));
  rmSync(chartsOld, { recursive: true, force: true });
  for (const name of names) if (!name.startsWith("charts/")) renameSync(join(dir, name + suffix), join(dir, name));
}

/** A run directory's result.json and timeseries.csv (no rows if the CSV is absent). */
export function readRunDirectory(dir: string): { result: RunResult; timeseries: TimeseriesRow[] } {
  if (!existsSync(dir)) throw new Error(`report: ${dir}: no such directory`);
  const result = readRunResult(join(dir, "result.json"));
  const csvPath = join(dir, "timeseries.csv");
  const timeseries = existsSync(csvPath) ? parseTimeseriesCsv(readFileSync(csvPath, "utf8"), csvPath) : [];
  return { result, timeseries };
}

/** Re-renders the report of the run directory `dir` in place (with `png`, charts/*.png too). */
export async function renderReportFromDirectory(dir: string, options: { png?: boolean } = {}): Promise<void> {
  const { result, timeseries } = readRunDirectory(dir);
  const { files } = await renderRunReport(result, timeseries, reproduceLineFor(dir, result));
  writeFilesReplacing(dir, options.png === true ? { ...files, ...(await renderChartPngs(files)) } : files);
}
