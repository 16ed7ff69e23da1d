/**
 * The scenarios shipped with the package (`ledgersim list scenarios`).
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export function shippedScenarioDir(): string {
  return fileURLToPath(new URL("../../scenarios/", import.meta.url));
}

export function listScenarios(): string[] {
  return readdirSync(shippedScenarioDir())
    .filter((name) => name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"))
    .sort()
    .map((name) => `scenarios/${name}`);
}
