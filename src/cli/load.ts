/**
 * Scenario loading for the CLI: the same checks as every evaluation run (src/evaluate/load.ts) — the loader's,
 * plus the ones that need the rest of the system (is the protocol in this build, do the criteria parse).
 */
export { loadChecked as loadForCli } from "../evaluate/load.js";
