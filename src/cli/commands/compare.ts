/**
 * `ledgersim compare <result-dir>...` (ARCHITECTURE §7): side-by-side table and overlaid charts of several runs,
 * written atomically as compare.html, compare.csv and charts/*.svg into --out (default
 * results/compare/<UTC timestamp>); stdout gets the directory. A directory that is not a run → exit 104.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { writeCompareReport } from "../../report/compare.js";
import { EXIT_OK, UsageError } from "../exit-codes.js";
import type { RegisterCommand } from "./types.js";

interface CompareOptions {
  out?: string;
  png: boolean;
}

/** `results/compare/20261121T170502Z`: the wall-clock time names the directory only, never the content. */
function defaultOutDir(): string {
  return join("results", "compare", new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z"));
}

export async function compareCommand(dirs: readonly string[], options: CompareOptions): Promise<number> {
  const outDir = options.out ?? defaultOutDir();
  if (existsSync(outDir)) throw new UsageError(`compare: the output directory ${outDir} already exists (choose another --out)`);
  try {
    await writeCompareReport(dirs, outDir, { png: options.png });
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("report:")) throw new UsageError(error.message.replace(/^report: /, ""));
    throw error;
  }
  process.stderr.write(`compare    ${join(outDir, "compare.html")}\n`);
  process.stdout.write(outDir + "\n");
  return EXIT_OK;
}

export const registerCompare: RegisterCommand = (program, setExit) => {
  program
    .command("compare")
    .description("side-by-side table and overlaid charts of several run directories (compare.html, compare.csv)")
    .argument("<result-dir...>", "directories written by `ledgersim run`")
    .option("--out <dir>", "output directory (default results/compare/<timestamp>)")
    .option("--png", "also write charts/*.png next to the SVGs", false)
    .action(async (dirs: string[], opts: CompareOptions) => setExit(await compareCommand(dirs, opts)));
};
