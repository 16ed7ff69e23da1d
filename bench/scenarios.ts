/**
 * bench/scenarios: wall seconds and simulated seconds per wall second for the shipped scenarios.
 * Usage: npx tsx bench/scenarios.ts [scenario.yaml ...]   (default: quickstart and pbft-16-cloud)
 */
import { simulate } from "../src/engine/simulation.js";
import { loadScenarioFile } from "../src/scenario/load.js";

const files = process.argv.slice(2).length > 0
  ? process.argv.slice(2)
  : ["scenarios/quickstart.yaml", "scenarios/pbft-16-cloud.yaml"];

for (const file of files) {
  const { scenario } = loadScenarioFile(file, []);
  const started = performance.now();
  const outcome = simulate(scenario);
  const wallSeconds = (performance.now() - started) / 1000;
  const simSeconds = scenario.durationUs / 1e6;
  const verify = Object.entries(outcome.crypto)
    .map(([scheme, c]) => `${scheme} ${c.executed}/${c.charged}`)
    .join(", ");
  console.log(
    `${file}: ${scenario.nodes.count} nodes, ${simSeconds} simulated s in ${wallSeconds.toFixed(2)} wall s ` +
      `= ${(simSeconds / wallSeconds).toFixed(2)} simulated s per wall s; ${outcome.events} events ` +
      `(${Math.round(outcome.events / wallSeconds)} events/s); ${outcome.metrics.throughput.tps} tx/s committed; ` +
      `verifications computed/charged: ${verify}`,
  );
}
