/**
 * Bitcoin's chain rules, as sentences: the chain with the most work wins; equal work keeps the block seen
 * first; a heavier branch triggers a reorganisation; orphans wait for their parent, which is fetched; a block
 * is committed once `confirmations` blocks are built on it.
 */
import { describe, expect, it } from "vitest";
import { blockMsg } from "../../../src/protocols/nakamoto/messages.js";
import { GENESIS_HASH, makeChain, nakamotoHarness, NO_MINING, state } from "./helpers.js";

function feed(h: ReturnType<typeof nakamotoHarness>, from: number, chain: ReturnType<typeof makeChain>): void {
  for (const { block } of chain) {
    h.inject(from, 0, blockMsg(block));
    h.runUntil(h.now + 10_000);
  }
}

describe("nakamoto fork choice", () => {
  it("follows the chain with the most cumulative work", () => {
    const h = nakamotoHarness(3, NO_MINING);
    const a = makeChain(GENESIS_HASH, 0, 2, 1);
    feed(h, 1, a);
    expect(state(h, 0).tree.tip.hash).toBe(a[1]?.hash);
    expect(state(h, 0).tree.tip.work).toBe(2 * 10_000_000);
  });

  it("keeps the first-seen tip when a competing branch has only equal work", () => {
    const h = nakamotoHarness(3, NO_MINING);
    const a = makeChain(GENESIS_HASH, 0, 2, 1);
    const b = makeChain(GENESIS_HASH, 0, 2, 2);
    feed(h, 1, a);
    feed(h, 2, b);
    expect(state(h, 0).tree.tip.hash).toBe(a[1]?.hash);
    expect(state(h, 0).stats.reorgs).toBe(0);
    expect(state(h, 0).tree.size).toBe(5); // genesis + both branches are stored
  });

  it("reorganises onto a heavier branch, disconnecting the lighter one", () => {
    const h = nakamotoHarness(3, NO_MINING);
    const a = makeChain(GENESIS_HASH, 0, 2, 1);
    const b = makeChain(GENESIS_HASH, 0, 3, 2);
    feed(h, 1, a);
    feed(h, 2, b);
    const s = state(h, 0);
    expect(s.tree.tip.hash).toBe(b[2]?.hash);
    expect(s.stats.reorgs).toBe(1);
    expect(s.stats.deepestReorg).toBe(2);
  });

  it("commits height h once its best chain reaches h + confirmations, on the winning branch", () => {
    const h = nakamotoHarness(3, NO_MINING); // confirmations: 2
    const a = makeChain(GENESIS_HASH, 0, 2, 1);
    const b = makeChain(GENESIS_HASH, 0, 4, 2);
    feed(h, 1, a);
    expect(h.commits[0]).toHaveLength(0);
    feed(h, 2, b);
    expect(h.commits[0]?.map((c) => c.block.height)).toEqual([1, 2]);
    expect(h.commits[0]?.map((c) => c.block.hash)).toEqual([b[0]?.hash, b[1]?.hash]);
  });

  it("keeps an orphan until its parent arrives, and asks the sender for the parent", () => {
    const h = nakamotoHarness(3, NO_MINING);
    const [first, second] = makeChain(GENESIS_HASH, 0, 2, 1);
    if (first === undefined || second === undefined) throw new Error("chain");
    h.inject(1, 0, blockMsg(second.block));
    h.runUntil(h.now + 10_000);
    const s = state(h, 0);
    expect(s.tree.has(second.hash)).toBe(false);
    expect(s.tree.orphanCount).toBe(1);
    const asked = h.sent.filter((r) => r.from === 0 && r.type === "GETDATA");
    expect(asked.map((r) => [r.to, r.msg.type === "GETDATA" && r.msg.hash])).toEqual([[1, first.hash]]);
    h.inject(1, 0, blockMsg(first.block));
    h.runUntil(h.now + 10_000);
    expect(s.tree.tip.hash).toBe(second.hash);
    expect(s.tree.orphanCount).toBe(0);
  });
});
