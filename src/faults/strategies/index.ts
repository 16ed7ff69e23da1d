/**
 * Protocol-aware Byzantine strategies, by protocol (ARCHITECTURE §3: they live here and use each protocol's
 * public message constructors and signing helpers).
 */
import type { NodeContext, NodeId } from "../../protocols/types.js";
import { hotstuffEquivocator } from "./hotstuff.js";
import { pbftEquivocator } from "./pbft.js";
import { tendermintEquivocator } from "./tendermint.js";

const EQUIVOCATORS: Readonly<Record<string, (ctx: NodeContext<unknown>) => NodeContext<unknown>>> = {
  pbft: pbftEquivocator,
  hotstuff: hotstuffEquivocator,
  tendermint: tendermintEquivocator,
};

/** The context wrapper that makes `node` equivocate in `protocol`. */
export function equivocator(protocol: string, node: NodeId): (ctx: NodeContext<unknown>) => NodeContext<unknown> {
  const wrap = EQUIVOCATORS[protocol];
  if (wrap === undefined) throw new Error(`equivocator: node ${node}: no equivocation strategy for protocol '${protocol}'`);
  return wrap;
}
