/**
 * `npm run fuzz`: the long fuzz. For each BFT protocol, SEEDS seeds (default 300) within the model must all be
 * safe, and with the quorum lowered the fuzzer must find a violation within 200 seeds. Prints seeds/s per run;
 * failing seeds are saved under results/fuzz/<name>/. Exit 1 if either expectation fails.
 * Usage: tsx test/faults/long-fuzz.ts [seeds]
 */
import { fuzzSeeds, formatFuzzSummary } from "../../src/cli/commands/fuzz.js";
import { FUZZ_TARGETS } from "./fuzz-config.js";

const seeds = Number(process.argv[2] ?? 300);
const log = (line: string): void => {
  process.stderr.write(line + "\n");
};
let ok = true;
for (const target of FUZZ_TARGETS) {
  const safe = fuzzSeeds(target.file, { seeds, start: 1, set: [], out: "results", log });
  process.stdout.write(formatFuzzSummary(safe));
  if (safe.safetyFailures.length > 0) ok = false;
  const unsafe = fuzzSeeds(target.file, { seeds: 200, start: 1, set: target.unsafe, stopAtFirst: true, log });
  process.stdout.write(`with ${target.unsafe.join(" ")}:\n` + formatFuzzSummary(unsafe));
  if (unsafe.safetyFailures.length === 0) ok = false;
  else process.stdout.write(`  first violation at seed ${unsafe.safetyFailures[0]?.seed} (${unsafe.seeds} seeds)\n`);
}
process.exit(ok ? 0 : 1);
