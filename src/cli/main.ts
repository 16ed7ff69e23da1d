/**
 * The `ledgersim` command line (ARCHITECTURE §7). Data goes to stdout, logs and the summary to stderr.
 * Exit codes: 0 ok, 1 internal error, 99 a criterion failed or safety was violated, 104 invalid scenario or
 * arguments (the message names the file, line and field).
 */
import { Command, CommanderError } from "commander";
import { listSuites } from "../crypto/suites.js";
import { NETWORK_PRESETS } from "../network/presets.js";
import { protocolNames } from "../protocols/index.js";
import { removeInFlightDirectories } from "../results/write.js";
import { ScenarioError } from "../scenario/errors.js";
import { scenarioSchema } from "../scenario/schema.js";
import { VERSION } from "../version.js";
import { EXIT_INTERNAL, EXIT_INVALID_INPUT, EXIT_OK, UsageError } from "./exit-codes.js";
import { loadForCli } from "./load.js";
import { renderReportFromDirectory } from "../report/index.js";
import { runCommand } from "./run.js";
import { CRYPTO_WORKERS_HELP } from "./crypto-workers.js";
import { registerCalibrate } from "./commands/calibrate.js";
import { collect, type RegisterCommand } from "./commands/types.js";
import { registerCompare } from "./commands/compare.js";
import { registerSweep } from "./commands/sweep.js";
import { registerMerge } from "./commands/merge.js";
import { registerEvaluate } from "./commands/evaluate.js";
import { registerCapacity } from "./commands/capacity.js";
import { registerFuzz } from "./commands/fuzz.js";

/**
 * Commands that live in their own modules (src/cli/commands/*.ts): add one import and one entry here.
 */
const EXTRA_COMMANDS: readonly RegisterCommand[] = [registerCompare, registerSweep, registerMerge, registerEvaluate, registerCapacity, registerCalibrate, registerFuzz];
import { listScenarios } from "./scenarios.js";

function validateCommand(files: string[]): number {
  let failed = 0;
  for (const file of files) {
    try {
      const loaded = loadForCli(file, []);
      process.stdout.write(`ok       ${file} (${loaded.scenario.name})\n`);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      failed++;
      process.stdout.write(`invalid  ${file}\n`);
      process.stderr.write(error.message + "\n");
    }
  }
  return failed > 0 ? EXIT_INVALID_INPUT : EXIT_OK;
}

function listCommand(what: string): number {
  const lists: Record<string, () => string[]> = {
    protocols: () => protocolNames(),
    suites: () => listSuites(),
    regions: () =>
      Object.values(NETWORK_PRESETS).map((preset) => `${preset.name}: ${preset.regions.join(", ")}`),
    scenarios: () => listScenarios(),
  };
  const list = lists[what];
  if (list === undefined) {
    throw new UsageError(`list: unknown list '${what}' (choose one of: ${Object.keys(lists).join(", ")})`);
  }
  process.stdout.write(list().join("\n") + "\n");
  return EXIT_OK;
}

async function reportCommand(dir: string, opts: { png: boolean }): Promise<number> {
  try {
    await renderReportFromDirectory(dir, { png: opts.png });
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("report:")) throw new UsageError(error.message);
    throw error;
  }
  process.stdout.write(`${dir}/report.html\n`);
  return EXIT_OK;
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name("ledgersim")
    .description("Deterministic blockchain network simulator: real consensus code, real SM and international crypto")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program
    .command("run")
    .description("run one scenario and write its result directory")
    .argument("<scenario>", "scenario file (YAML or JSON)")
    .option("--seed <n>", "override the scenario's seed")
    .option("--set <path=value>", "override a scenario key (repeatable; JSON for arrays and objects)", collect, [])
    .option("--out <dir>", "results root directory", "results")
    .option("--json", "print the result object on stdout", false)
    .option("--no-write", "do not write a result directory")
    .option("--tx-log", "also write transactions.csv: every transaction's submit, first-commit and confirm times and node", false)
    .option("--png", "also write charts/*.png next to the SVGs", false)
    .option("--crypto-workers <n>", CRYPTO_WORKERS_HELP)
    .option("--workers <n>", "worker threads for the nodes, or 'auto' (default: the scenario's engine.workers, auto unless set); the result is the same for every value")
    .action(async (file: string, opts: { seed?: string; set: string[]; out: string; json: boolean; write: boolean; txLog: boolean; png: boolean; cryptoWorkers?: string; workers?: string }) => {
      setExit(await runCommand(file, opts));
    });
  program
    .command("report")
    .description("re-render charts and report.html from a result directory's result.json")
    .argument("<result-dir>", "a directory written by `ledgersim run`")
    .option("--png", "also write charts/*.png next to the SVGs", false)
    .action(async (dir: string, opts: { png: boolean }) => setExit(await reportCommand(dir, opts)));
  program
    .command("validate")
    .description("check scenario files; print every problem with its file, line and field path")
    .argument("<scenario...>", "scenario files")
    .action((files: string[]) => setExit(validateCommand(files)));
  program
    .command("schema")
    .description("print the scenario JSON Schema (draft-07)")
    .action(() => {
      process.stdout.write(JSON.stringify(scenarioSchema, null, 2) + "\n");
      setExit(EXIT_OK);
    });
  program
    .command("list")
    .description("list protocols | suites | regions | scenarios")
    .argument("<what>", "protocols, suites, regions or scenarios")
    .action((what: string) => setExit(listCommand(what)));
  for (const register of EXTRA_COMMANDS) register(program, setExit);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_INVALID_INPUT;
    }
    if (error instanceof ScenarioError) {
      process.stderr.write(`invalid scenario:\n${error.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`ledgersim: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`ledgersim: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_INTERNAL;
  }
}

/** Installs the interrupt handler: a run interrupted mid-write leaves no half-written directory. */
export function installSignalHandlers(): void {
  process.on("SIGINT", () => {
    removeInFlightDirectories();
    process.exit(130);
  });
}
