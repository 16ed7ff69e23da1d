/**
 * The membership every replicated-state-machine protocol here assumes: node ids 0..n−1 in order (a replica's
 * index is its id: primaries, proposers and quorums are computed from it), and at least `minNodes` of them.
 */
import type { NodeId } from "./types.js";

/** Throws a RangeError naming `protocol` unless `nodes` is 0..n−1 in order with n ≥ `minNodes`. */
export function checkMembers(nodes: readonly NodeId[], protocol: string, minNodes: number): void {
  nodes.forEach((node, index) => {
    if (node !== index) throw new RangeError(`${protocol} start: node ids must be 0..n-1 in order, found ${node} at ${index}`);
  });
  if (nodes.length < minNodes) throw new RangeError(`${protocol} start: needs at least ${minNodes} nodes, found ${nodes.length}`);
}
