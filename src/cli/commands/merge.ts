/**
 * `ledgersim merge <dir>... [--out DIR]`: joins sweep shards into one sweep directory and writes its
 * summary.csv / summary.ndjson — byte for byte what the unsharded sweep writes (src/evaluate/merge.ts).
 * Without --out the first directory receives the others' points.
 */
import { relative } from "node:path";
import { mergeSweeps } from "../../evaluate/merge.js";
import { renderSweepCharts } from "../../evaluate/sweep.js";
import { EXIT_OK } from "../exit-codes.js";
import { asUsage } from "./sweep.js";
import type { RegisterCommand } from "./types.js";

async function mergeCommand(dirs: string[], options: { out?: string }): Promise<number> {
  const outcome = await asUsage(() => mergeSweeps(dirs, options.out));
  await renderSweepCharts(outcome.sweepDir);
  const csv = relative(process.cwd(), outcome.summary.csv) || outcome.summary.csv;
  process.stderr.write(`merged     ${dirs.length} director${dirs.length === 1 ? "y" : "ies"}: ${outcome.points} points (${outcome.copied} copied) into ${relative(process.cwd(), outcome.sweepDir) || outcome.sweepDir}\n`);
  process.stderr.write(`summary    ${csv}\n`);
  process.stdout.write(csv + "\n");
  return EXIT_OK;
}

export const registerMerge: RegisterCommand = (program, setExit) => {
  program
    .command("merge")
    .description("join sweep shards (directories written by `ledgersim sweep --shard`) into one summary")
    .argument("<dir...>", "sweep directories (holding sweep.json), or results roots holding one sweep each")
    .option("--out <dir>", "results root to merge into (<dir>/<sweep-name>/); default: the first directory")
    .action(async (dirs: string[], opts: { out?: string }) => setExit(await mergeCommand(dirs, opts)));
};
