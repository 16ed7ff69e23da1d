/**
 * Small builders shared by the metrics specifications.
 */
import type { CommittedBlock } from "../../src/protocols/types.js";
import type { ConfirmationSpec } from "../../src/scenario/types.js";
import { RunMetrics } from "../../src/metrics/collector.js";

export const S = 1_000_000;

export function block(height: number, txIds: number[], hash = `h${height}`, sizeBytes = 1000): CommittedBlock {
  return { height, hash, proposer: 0, txIds, sizeBytes };
}

export function metrics(opts: {
  nodeCount: number;
  durationUs?: number;
  warmupUs?: number;
  cooldownUs?: number;
  confirmation?: ConfirmationSpec;
  honest?: boolean[];
}): RunMetrics {
  return new RunMetrics({
    nodeCount: opts.nodeCount,
    durationUs: opts.durationUs ?? 60 * S,
    warmupUs: opts.warmupUs ?? 0,
    cooldownUs: opts.cooldownUs ?? 0,
    confirmation: opts.confirmation ?? { kind: "all-honest" },
    honest: opts.honest ?? Array.from({ length: opts.nodeCount }, () => true),
  });
}

/** Every node in `nodes` commits `b` at `atUs`. */
export function commitAll(m: RunMetrics, nodes: number[], b: CommittedBlock, atUs: number): void {
  for (const node of nodes) m.blockCommitted(node, b, atUs);
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
