/**
 * How many workers `engine.workers: auto` (the default) and `--workers auto` give a run: one per core, at most
 * AUTO_MAX_WORKERS, when the protocol is one the parallel engine was measured to speed up (its module's
 * `parallelAutoMinNodes`) and the run is at least that large; fewer when that many would make windows shorter
 * than AUTO_MIN_LOOKAHEAD_US (splitting a region); otherwise 1. The choice never changes the
 * result — only how long it takes — and runs the parallel engine cannot do (unsupportedReason) stay on one.
 */
import { availableParallelism } from "node:os";
import { getProtocol } from "../../protocols/index.js";
import type { Scenario } from "../../scenario/types.js";
import { partitionNodes } from "./partition.js";
import { unsupportedReason } from "./support.js";

/** More workers than this are only used when asked for. */
export const AUTO_MAX_WORKERS = 8;
/** Below this lookahead, windows are too short for their hand-off to pay (µs); auto then tries fewer workers. */
export const AUTO_MIN_LOOKAHEAD_US = 5000;

export interface WorkerChoice {
  workers: number;
  /** Why `auto` chose one worker (undefined when it chose several, or the count was given). */
  why?: string;
}

export function chooseWorkers(scenario: Scenario, requested: number | "auto", cores: number = availableParallelism()): WorkerChoice {
  if (requested !== "auto") return { workers: requested };
  const minNodes = getProtocol(scenario.protocol.name).parallelAutoMinNodes;
  if (minNodes === undefined) return { workers: 1, why: `auto: ${scenario.protocol.name} runs on one thread unless --workers asks for more` };
  if (scenario.nodes.count < minNodes) return { workers: 1, why: `auto: fewer than ${minNodes} nodes` };
  const cores2 = Math.min(cores, AUTO_MAX_WORKERS);
  if (cores2 < 2) return { workers: 1, why: "auto: one core" };
  if (scenario.workload.target === "leader") return { workers: 1, why: "auto: workload.target leader ends a window at every transaction" };
  const unsupported = unsupportedReason(scenario);
  if (unsupported !== undefined) return { workers: 1, why: `auto: ${unsupported.split(";")[0]}` };
  let shortest = Infinity;
  for (let count = cores2; count >= 2; count--) {
    const { workers, lookaheadUs } = partitionNodes(scenario, count);
    if (lookaheadUs >= AUTO_MIN_LOOKAHEAD_US) return { workers };
    shortest = Math.min(shortest, lookaheadUs);
  }
  return { workers: 1, why: `auto: the lookahead (${shortest} µs) is too short` };
}
