/**
 * A seed sweep in the spirit of TigerBeetle's VOPR: each seed picks n, message delays, up to f crashes (some
 * recover) and a load; every run must keep agreement — the same block at every height on every replica,
 * contiguous heights, no transaction twice — and every transaction submitted to a replica that never
 * crashed must commit on every replica that never crashed. A failure prints the seed and its parameters.
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/engine/rng.js";
import { makeTx, safetyViolations } from "../../support/harness.js";
import { maxFaulty } from "../../../src/protocols/hotstuff/index.js";
import { committedSorted, hotstuffHarness } from "./helpers.js";

const SEEDS = 200;
const RUN_US = 1_200_000;

interface Plan {
  readonly seed: number;
  readonly n: number;
  readonly delayMaxUs: number;
  readonly crashes: { node: number; atUs: number; recoverUs: number | undefined }[];
  readonly txs: { id: number; node: number; atUs: number }[];
}

function plan(seed: number): Plan {
  const rng = createRng(seed, "hotstuff-sweep");
  const n = [4, 5, 7][rng.int(3)] as number;
  const delayMaxUs = 1_000 + rng.int(8_000);
  const victims = rng.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, rng.int(maxFaulty(n) + 1));
  const crashes = victims.map((node) => {
    const atUs = rng.int(250_000);
    return { node, atUs, recoverUs: rng.next() < 0.5 ? atUs + 50_000 + rng.int(250_000) : undefined };
  });
  const txs = Array.from({ length: 30 }, (_, id) => ({ id, node: rng.int(n), atUs: 1_000 + rng.int(250_000) }));
  return { seed, n, delayMaxUs, crashes, txs };
}

function runPlan(p: Plan): string[] {
  const h = hotstuffHarness(p.n, {}, { seed: p.seed, delayUs: (_f, _t, _m, rng) => 200 + rng.int(p.delayMaxUs) });
  for (const c of p.crashes) {
    h.at(c.atUs, () => h.crash(c.node));
    if (c.recoverUs !== undefined) h.at(c.recoverUs, () => h.recover(c.node));
  }
  for (const tx of p.txs) h.at(tx.atUs, () => h.isUp(tx.node) && h.submit(tx.node, makeTx(tx.id, { submitUs: tx.atUs })));
  h.runUntil(RUN_US);
  const problems = safetyViolations(h);
  const steady = h.nodes.filter((node) => !p.crashes.some((c) => c.node === node));
  const expected = p.txs.filter((tx) => steady.includes(tx.node)).map((tx) => tx.id);
  for (const node of steady) {
    const got = new Set(committedSorted(h, node));
    const lost = expected.filter((id) => !got.has(id));
    if (lost.length > 0) problems.push(`node ${node} never committed ${lost.join(",")}`);
    for (const id of got) if (!p.txs.some((tx) => tx.id === id)) problems.push(`node ${node} committed unknown tx ${id}`);
  }
  return problems;
}

describe("HotStuff seed sweep", () => {
  it(`${SEEDS} seeds with random delays and up to f crashes keep agreement (and commit what reached correct replicas)`, () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const p = plan(seed);
      const problems = runPlan(p);
      if (problems.length > 0) {
        failures.push(`seed ${seed} (n=${p.n}, delay ≤ ${p.delayMaxUs}us, crashes ${JSON.stringify(p.crashes)}): ${problems.slice(0, 3).join("; ")} — reproduce with runPlan(plan(${seed}))`);
      }
    }
    expect(failures).toEqual([]);
  });
});
