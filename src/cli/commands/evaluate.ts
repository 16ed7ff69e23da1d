/**
 * `ledgersim evaluate <profile> [--out DIR] [--workers N]`: runs a standards profile (src/evaluate/profile.ts)
 * and writes its conformance report to `<out>/evaluate/<profile>/<stamp>/` (conformance.json,
 * conformance.html, tests/<name>/…). One line per test on stderr; the directory on stdout. Exit 99 if any test
 * fails a criterion or violates safety, 104 for a bad profile (nothing run, nothing written).
 */
import { relative } from "node:path";
import { formatVerdict } from "../../evaluate/criteria.js";
import { runProfile } from "../../evaluate/conformance.js";
import { loadProfile } from "../../evaluate/profile.js";
import { gitCommit } from "../../evaluate/provenance.js";
import { VERSION } from "../../version.js";
import { EXIT_CRITERIA_FAILED, EXIT_OK } from "../exit-codes.js";
import { asUsage, parseWorkers } from "./sweep.js";
import type { RegisterCommand } from "./types.js";

async function evaluateCommand(file: string, options: { out: string; workers?: string }): Promise<number> {
  const workers = parseWorkers(options.workers);
  const profile = await asUsage(() => loadProfile(file));
  process.stderr.write(`evaluate ${profile.name}: ${profile.tests.length} tests on ${Math.min(workers, profile.tests.length)} worker(s)\n`);
  const { dir, conformance } = await runProfile(profile, { out: options.out, workers, gitCommit: gitCommit(), version: VERSION });
  for (const row of conformance.tests) {
    process.stderr.write(`${row.pass ? "PASS" : "FAIL"} ${row.name}  (${row.metrics["tx/s"]} tx/s of ${row.metrics["offered tx/s"]} offered, p99 ${row.metrics["p99 ms"]} ms, success ${row.metrics["success"]})\n`);
    for (const verdict of row.criteria) process.stderr.write(`     ${formatVerdict(verdict)}\n`);
    if (!row.safetyOk) process.stderr.write("     FAIL safety violated\n");
  }
  const shown = relative(process.cwd(), dir) || dir;
  process.stderr.write(`verdict    ${conformance.verdict}: ${conformance.passed} of ${conformance.tests.length} tests passed in ${conformance.wall.seconds} s\n`);
  process.stderr.write(`report     ${shown}/conformance.html\n`);
  process.stdout.write(shown + "\n");
  return conformance.verdict === "PASS" ? EXIT_OK : EXIT_CRITERIA_FAILED;
}

export const registerEvaluate: RegisterCommand = (program, setExit) => {
  program
    .command("evaluate")
    .description("run a standards profile (scenarios + criteria) and write its conformance report")
    .argument("<profile>", "profile file (YAML): tests with scenario, set: overrides and criteria")
    .option("--out <dir>", "results root; the report goes to <dir>/evaluate/<profile>/<stamp>/", "results")
    .option("--workers <n>", "worker threads, one test each (default: every core)")
    .action(async (file: string, opts: { out: string; workers?: string }) => setExit(await evaluateCommand(file, opts)));
};
