/**
 * What the protocol-aware equivocation strategies share: the two halves a Byzantine node splits the others into,
 * a conflicting batch built from the same (really signed) client transactions, and a context whose outgoing
 * messages pass through a per-recipient rewrite.
 */
import type { NodeContext, NodeId, SignedTx } from "../../protocols/types.js";

/** The other nodes in id order: the first ⌈k/2⌉ get the original, the rest (half B) the conflicting version. */
export function halfB(ctx: { readonly id: NodeId; readonly nodes: readonly NodeId[] }): Set<NodeId> {
  const others = ctx.nodes.filter((node) => node !== ctx.id);
  return new Set(others.slice(Math.ceil(others.length / 2)));
}

/** A different but valid batch from the same transactions: reversed, or empty for a single one; null if empty. */
export function conflictingTxs(txs: readonly SignedTx[]): SignedTx[] | null {
  if (txs.length === 0) return null;
  return txs.length === 1 ? [] : [...txs].reverse();
}

/** A context whose sends (and broadcasts, one send per other node) go out as `rewrite(to, msg)` decides. */
export function rewritingContext<M>(ctx: NodeContext<M>, rewrite: (to: NodeId, msg: M) => readonly M[]): NodeContext<M> {
  const send = (to: NodeId, msg: M): void => {
    for (const out of rewrite(to, msg)) ctx.send(to, out);
  };
  return {
    ...ctx,
    send,
    broadcast: (msg) => {
      for (const to of ctx.nodes) if (to !== ctx.id) send(to, msg);
    },
  };
}

/** Remembers one rewritten message per key so each half-B recipient gets the same object (signed once). */
export class RewriteCache<M> {
  private readonly byKey = new Map<string, M>();

  get(key: string, make: () => M): M {
    let value = this.byKey.get(key);
    if (value === undefined) {
      value = make();
      this.byKey.set(key, value);
      if (this.byKey.size > 4096) this.byKey.delete(this.byKey.keys().next().value as string);
    }
    return value;
  }
}
