/**
 * `ledgersim calibrate [--out FILE] [--seconds S] [--no-openssl]`: measures this machine's crypto costs
 * (src/crypto/calibrate.ts) and writes them as a cost profile whose `name` is the file's base name. A scenario
 * uses it with `nodes.cpu.profile: ./FILE` (relative to the scenario file's directory when the file is
 * there, else to the current directory). stdout gets the file's path; the measured table goes to stderr.
 */
import { renameSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename, extname } from "node:path";
import { calibrate, costProfileJson } from "../../crypto/calibrate.js";
import { EXIT_OK, UsageError } from "../exit-codes.js";
import type { RegisterCommand } from "./types.js";

interface CalibrateCliOptions {
  out?: string;
  seconds: string;
  openssl: boolean;
}

/** `./<host>.json`, the host name reduced to file-name-safe characters. */
function defaultOut(): string {
  const host = hostname().replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+/, "") || "this-machine";
  return `${host}.json`;
}

export function calibrateCommand(options: CalibrateCliOptions): number {
  const seconds = Number(options.seconds);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 60) {
    throw new UsageError(`calibrate: --seconds expects a number of seconds in (0, 60], found '${options.seconds}'`);
  }
  const out = options.out ?? defaultOut();
  const name = basename(out, extname(out));
  if (name.length === 0) throw new UsageError(`calibrate: --out '${out}' has no file name`);
  process.stderr.write(`calibrating '${name}': ${seconds} s per measurement${options.openssl ? "" : ", without openssl"} …\n`);
  const { profile, sources } = calibrate(name, { seconds, openssl: options.openssl });
  for (const [key, us] of Object.entries(profile.costsUs)) {
    process.stderr.write(`  ${key.padEnd(20)} ${us.toFixed(3).padStart(12)} µs  ${sources[key] ?? ""}\n`);
  }
  const temporary = `${out}.tmp-${process.pid}`;
  writeFileSync(temporary, costProfileJson(profile));
  renameSync(temporary, out);
  process.stderr.write(`use it with: nodes.cpu.profile: ./${basename(out)}  (or --set nodes.cpu.profile=${out})\n`);
  process.stdout.write(out + "\n");
  return EXIT_OK;
}

export const registerCalibrate: RegisterCommand = (program, setExit) => {
  program
    .command("calibrate")
    .description("measure this machine's crypto costs and write a cost profile (nodes.cpu.profile)")
    .option("--out <file>", "profile file to write (default ./<hostname>.json); its base name is the profile's name")
    .option("--seconds <s>", "seconds per measurement", "1")
    .option("--no-openssl", "measure SM2 with ledgersim's own code even when `openssl speed` is available")
    .action((opts: CalibrateCliOptions) => setExit(calibrateCommand(opts)));
};
