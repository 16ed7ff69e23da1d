/**
 * The corpus of malformed scenarios (test/fixtures/bad-scenarios/*.yaml). Each file's first line is
 * `# expect: <field.path>`: loading it must fail with a ScenarioError naming that path and a line number.
 * Exported for the CLI-level test (exit code 104, no result directory left behind).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const BAD_SCENARIO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures/bad-scenarios");

export interface BadScenario {
  /** Absolute path of the file. */
  file: string;
  /** The field path its problem must be reported at, e.g. "nodes.count" or "(root)". */
  expectPath: string;
}

/** Every corpus file, sorted by name. */
export function badScenarioFiles(): BadScenario[] {
  return readdirSync(BAD_SCENARIO_DIR)
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => {
      const file = join(BAD_SCENARIO_DIR, name);
      const firstLine = readFileSync(file, "utf8").split("\n")[0];
      const match = /^#\s*expect:\s*(.+?)\s*$/.exec(firstLine);
      if (match === null) throw new Error(`${file}: the first line must be '# expect: <field.path>'`);
      return { file, expectPath: match[1] };
    });
}
