/**
 * `ledgersim capacity` on scenarios/pbft-16-cloud.yaml, made cheap: 4 simulated seconds, Ed25519, no crash,
 * and CPUs at a tenth of the profile's speed so that the 16 replicas saturate near 600 tx/s instead of ~7,500:
 *
 *   ledgersim capacity scenarios/pbft-16-cloud.yaml --slo "latency.p99Ms <= 2000" --precision 10% \
 *     --set duration=4s --set crypto.suite=ed25519 --set 'faults=[]' --set metrics.warmup=1s \
 *     --set nodes.cpu.speedFactor=0.1
 *
 * The answer's run meets the SLO and its next step up does not — checked on the curve and by re-running
 * the answer independently.
 */
import { describe, expect, it } from "vitest";
import { evaluateCriterion, parseCriterion } from "../../src/evaluate/criteria.js";
import { runPoint } from "../../src/evaluate/point.js";
import { cli } from "./helpers.js";

const SETS = ["duration=4s", "crypto.suite=ed25519", "faults=[]", "metrics.warmup=1s", "nodes.cpu.speedFactor=0.1"];
const SLO = "latency.p99Ms <= 2000";

interface Answer {
  value: number;
  nextFailing: number;
  precision: number;
  stoppedBy: string;
  curve: { value: number; outcome: { pass: boolean } }[];
}

describe("capacity", () => {
  it("finds a rate that meets the SLO whose next step up does not", async () => {
    const args = ["capacity", "scenarios/pbft-16-cloud.yaml", "--slo", SLO, "--precision", "10%", "--max-probes", "10", "--json", ...SETS.flatMap((s) => ["--set", s])];
    const run = await cli(args);
    expect(run.code, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout) as Answer;
    expect(answer.stoppedBy).toBe("precision");
    expect(answer.nextFailing - answer.value).toBeLessThanOrEqual(0.1 * answer.value);
    const verdict = (value: number): boolean | undefined => answer.curve.find((p) => p.value === value)?.outcome.pass;
    expect(verdict(answer.value)).toBe(true);
    expect(verdict(answer.nextFailing)).toBe(false);
    const again = runPoint({ scenarioFile: "scenarios/pbft-16-cloud.yaml", sets: [...SETS, `workload.arrival.rate=${answer.value}`], gitCommit: "test" });
    expect(evaluateCriterion(parseCriterion(SLO), JSON.parse(again.resultJson)).pass).toBe(true);
  }, 300_000);

  it("refuses a bad objective with 104", async () => {
    const run = await cli(["capacity", "scenarios/pbft-16-cloud.yaml", "--slo", "latency.p99 <= 2000"]);
    expect(run.code).toBe(104);
    expect(run.stderr).toMatch(/did you mean 'latency.p99Ms'/);
    const missing = await cli(["capacity", "scenarios/pbft-16-cloud.yaml"]);
    expect(missing.code).toBe(104);
  });
});
