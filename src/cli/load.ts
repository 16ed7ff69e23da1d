/**
 * Scenario loading for the CLI: the loader's checks plus the ones that need the rest of the system (is the
 * protocol available in this build, do the criteria parse). Every problem becomes a ScenarioError (exit 104).
 */
import { CriterionSyntaxError, parseCriterion } from "../evaluate/criteria.js";
import { protocolNames } from "../protocols/index.js";
import { ScenarioError, type ScenarioProblem } from "../scenario/errors.js";
import { loadScenarioFile } from "../scenario/load.js";
import type { LoadedScenario } from "../scenario/types.js";

export function loadForCli(file: string, sets: readonly string[]): LoadedScenario {
  const loaded = loadScenarioFile(file, [...sets]);
  const problems: ScenarioProblem[] = [];
  const protocol = loaded.scenario.protocol.name;
  const at = (path: string): { line?: number; column?: number } => loaded.locate?.(path) ?? {};
  if (!protocolNames().includes(protocol)) {
    problems.push({
      file, path: "protocol.name", ...at("protocol.name"),
      message: `protocol '${protocol}' is not available in this build (available: ${protocolNames().join(", ")})`,
    });
  }
  loaded.scenario.criteria.forEach((source, index) => {
    try {
      parseCriterion(source);
    } catch (error) {
      if (!(error instanceof CriterionSyntaxError)) throw error;
      problems.push({ file, path: `criteria[${index}]`, ...at(`criteria[${index}]`), message: error.message });
    }
  });
  if (problems.length > 0) throw new ScenarioError(problems);
  return loaded;
}
