/**
 * Prints the scenario key reference (Markdown) generated from the JSON Schema; `--json` prints the schema
 * itself instead (for dist/scenario.schema.json). Run with `npm run docs:scenario`.
 */
import { scenarioReferenceMarkdown } from "../src/scenario/reference.js";
import { scenarioSchema } from "../src/scenario/schema.js";

if (process.argv.includes("--json")) {
  process.stdout.write(`${JSON.stringify(scenarioSchema, null, 2)}\n`);
} else {
  process.stdout.write("## Scenario reference\n\n");
  process.stdout.write(scenarioReferenceMarkdown());
}
