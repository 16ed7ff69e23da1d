/**
 * Loading a scenario for an evaluation run (sweep point, profile test, capacity probe): the scenario loader's
 * checks plus the ones that need the rest of the system — is the protocol in this build, do the criteria
 * parse — so a bad point is refused before anything runs. Every problem becomes one ScenarioError.
 */
import { protocolNames } from "../protocols/index.js";
import { ScenarioError, type ScenarioProblem } from "../scenario/errors.js";
import { loadScenarioFile } from "../scenario/load.js";
import type { LoadedScenario } from "../scenario/types.js";
import { CriterionSyntaxError, parseCriterion } from "./criteria.js";

export function loadChecked(file: string, sets: readonly string[]): LoadedScenario {
  const loaded = loadScenarioFile(file, [...sets]);
  const problems: ScenarioProblem[] = [];
  const at = (path: string): { line?: number; column?: number } => loaded.locate?.(path) ?? {};
  const protocol = loaded.scenario.protocol.name;
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

/** `path=value` for `--set`, the value written as JSON so the loader types it exactly as given. */
export function setArgument(path: string, value: unknown): string {
  return `${path}=${JSON.stringify(value)}`;
}
