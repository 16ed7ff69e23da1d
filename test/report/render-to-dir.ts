/** Test helper: renders a run's report files into a fresh temporary run directory, as `ledgersim run` will. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TimeseriesRow } from "../../src/metrics/report.js";
import { renderRunReport } from "../../src/report/index.js";
import type { RunResult } from "../../src/results/result.js";
import { resultJson, timeseriesCsv, writeDirectoryAtomically } from "../../src/results/write.js";

export const REPRODUCE = "ledgersim run scenarios/pbft-4-crash.yaml --seed 42";

export async function renderToTempDir(result: RunResult, rows: readonly TimeseriesRow[], label: string): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), `ledgersim-report-${label}-`)), "run");
  const { files } = await renderRunReport(result, rows, REPRODUCE);
  writeDirectoryAtomically(dir, { ...files, "result.json": resultJson(result), "timeseries.csv": timeseriesCsv(rows) });
  return dir;
}
