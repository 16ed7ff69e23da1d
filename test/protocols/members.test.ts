/**
 * Every replicated-state-machine protocol refuses a membership it cannot run on before touching anything:
 * node ids out of order (a replica's index is its id) or fewer nodes than the protocol module declares.
 */
import { describe, expect, it } from "vitest";
import { getProtocol } from "../../src/protocols/index.js";
import type { NodeContext } from "../../src/protocols/types.js";
import { loadScenarioFile } from "../../src/scenario/load.js";

const CASES: [string, string][] = [
  ["pbft", "scenarios/pbft-16-cloud.yaml"],
  ["hotstuff", "scenarios/hotstuff-16-cloud.yaml"],
  ["tendermint", "scenarios/tendermint-16-cloud.yaml"],
  ["raft", "scenarios/raft-5-cloud.yaml"],
];

describe("membership checks at start", () => {
  for (const [name, file] of CASES) {
    it(`${name}: refuses ids out of order and fewer nodes than its module's minNodes`, () => {
      const module = getProtocol(name);
      const config = loadScenarioFile(file, []).scenario.protocol as never;
      const start = (nodes: number[]): void => module.create(config).start({ id: 0, nodes } as unknown as NodeContext<unknown>);
      const enough = Array.from({ length: module.minNodes }, (_, i) => i);
      const swapped = [...enough];
      [swapped[1], swapped[2]] = [2, 1];
      expect(() => start(swapped)).toThrow(new RegExp(`${name} start: node ids must be 0..n-1 in order, found 2 at 1`));
      expect(() => start(enough.slice(0, -1))).toThrow(new RegExp(`${name} start: needs at least ${module.minNodes} nodes`));
    });
  }
});
