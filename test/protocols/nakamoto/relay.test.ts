/**
 * Block and transaction relay, as Bitcoin specifies it: inv → getdata → block; an inv is never sent to a peer
 * that announced the block; a block is validated (its CPU charged) before it is relayed, and an invalid one is
 * not relayed at all; a silent peer is replaced by the next announcer; compact blocks are rebuilt from the
 * mempool, fetching only the missing transactions; transactions reach every mempool and get mined.
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/engine/rng.js";
import { freezeBlock } from "../../../src/protocols/nakamoto/block.js";
import { blockMsg, inv } from "../../../src/protocols/nakamoto/messages.js";
import { FETCH_TIMEOUT_US } from "../../../src/protocols/nakamoto/relay.js";
import { nakamotoModule, NakamotoNode, type NakamotoMessage } from "../../../src/protocols/nakamoto/index.js";
import type { NodeContext, NodeId } from "../../../src/protocols/types.js";
import { makeTx, testHash, verifyTestTx } from "../../support/harness.js";
import { BASE_CONFIG, GENESIS_HASH, makeBlock, nakamotoHarness, NO_MINING, state } from "./helpers.js";

/** A one-node context with a CPU clock: chargeCpu advances now(), sends are recorded with their time. */
function clockedContext(peers: NodeId[]): { ctx: NodeContext<NakamotoMessage>; sent: { to: NodeId; atUs: number; msg: NakamotoMessage }[] } {
  let nowUs = 0;
  const sent: { to: NodeId; atUs: number; msg: NakamotoMessage }[] = [];
  const ctx: NodeContext<NakamotoMessage> = {
    id: 0, nodes: [0, ...peers], peers, now: () => nowUs,
    send: (to, msg) => sent.push({ to, atUs: nowUs, msg }),
    broadcast: () => undefined, setTimer: () => 1, cancelTimer: () => undefined,
    crypto: { sign: () => new Uint8Array(), verify: () => true, verifyTx: verifyTestTx, hash: testHash },
    commit: () => undefined, persist: () => undefined, restore: () => undefined,
    rng: createRng(1, "node/0"), chargeCpu: (us) => (nowUs += us), log: () => undefined,
  };
  return { ctx, sent };
}

describe("nakamoto block relay", () => {
  it("relays a block only after validating it, and not back to the peer it came from", () => {
    const node = nakamotoModule.create({ ...BASE_CONFIG, ...NO_MINING, validationPerTxUs: 500, validationPerKiBUs: 0 });
    const { ctx, sent } = clockedContext([1, 2, 3]);
    node.start(ctx);
    const txs = [makeTx(1), makeTx(2), makeTx(3), makeTx(4)];
    const { hash, block } = makeBlock(GENESIS_HASH, 1, { txs });
    node.onMessage(ctx, 1, blockMsg(block));
    const invs = sent.filter((s) => s.msg.type === "INV");
    expect(invs.map((s) => s.to)).toEqual([2, 3]);
    for (const s of invs) expect(s.atUs).toBeGreaterThanOrEqual(4 * 500); // after 4 txs × 500 µs of validation
    expect(invs[0]?.msg).toEqual(inv([hash]));
  });

  it("neither stores nor relays a block whose Merkle root does not match", () => {
    const node = nakamotoModule.create({ ...BASE_CONFIG, ...NO_MINING });
    const { ctx, sent } = clockedContext([1, 2]);
    node.start(ctx);
    const { block } = makeBlock(GENESIS_HASH, 1, { txs: [makeTx(1)] });
    node.onMessage(ctx, 1, blockMsg(freezeBlock({ ...block, txs: [makeTx(2)] })));
    expect(sent).toHaveLength(0);
    expect((node as NakamotoNode).inspect()?.stats.invalidBlocks).toBe(1);
  });

  it("fetches a block once, and never sends inv to a peer that announced it", () => {
    const h = nakamotoHarness(4, NO_MINING);
    const { hash, block } = makeBlock(GENESIS_HASH, 1);
    h.inject(3, 1, blockMsg(block)); // node 1 learns the block; it announces to 0 and 2
    h.runUntil(50_000);
    for (const node of [0, 1, 2, 3]) if (node !== 3) expect(state(h, node).tree.tip.hash).toBe(hash);
    const invs = h.sent.filter((r) => r.type === "INV");
    const pairs = invs.map((r) => `${r.from}->${r.to}`);
    expect(pairs).not.toContain("1->3"); // node 3 sent it to node 1
    expect(pairs).not.toContain("0->1"); // node 1 announced it to node 0
    expect(new Set(pairs).size).toBe(pairs.length); // no peer is told twice
    const fetches = h.sent.filter((r) => r.type === "GETDATA" && r.from === 0);
    expect(fetches).toHaveLength(1);
  });

  it("asks the next announcer when the first does not deliver in time", () => {
    const h = nakamotoHarness(3, NO_MINING);
    const { hash, block } = makeBlock(GENESIS_HASH, 1);
    h.addFilter((from, _to, msg) => !(from === 1 && msg.type === "BLOCK")); // node 1 never delivers
    h.inject(2, 1, blockMsg(block)); // nodes 1 and 2 learn the block; both announce it to node 0, node 1 first
    h.inject(1, 2, blockMsg(block));
    h.runUntil(FETCH_TIMEOUT_US / 2);
    expect(state(h, 0).tree.tip.height).toBe(0);
    h.runUntil(FETCH_TIMEOUT_US + 100_000);
    expect(state(h, 0).tree.tip.hash).toBe(hash);
    expect(state(h, 0).stats.fetchTimeouts).toBe(1);
  });

  it("rebuilds a compact block from the mempool and fetches only the missing transactions", () => {
    const h = nakamotoHarness(3, { ...NO_MINING, compactBlocks: true });
    const txs = [makeTx(1), makeTx(2), makeTx(3)];
    h.submit(0, txs[0]!);
    h.submit(0, txs[1]!);
    h.runUntil(1_000_000); // both relayed to node 1 by the trickle
    const { hash, block } = makeBlock(GENESIS_HASH, 1, { txs });
    h.inject(2, 0, blockMsg(block)); // node 0 learns the block and announces it to node 1
    h.runUntil(2_000_000);
    expect(state(h, 1).tree.tip.hash).toBe(hash);
    const asks = h.sent.filter((r) => r.type === "GETBLOCKTXN");
    expect(asks.length).toBeGreaterThan(0);
    for (const ask of asks) expect(ask.msg.type === "GETBLOCKTXN" && ask.msg.indexes).toEqual([2]); // tx 3 only
    expect(h.sent.some((r) => r.type === "BLOCK")).toBe(false);
    expect(h.sent.filter((r) => r.type === "CMPCTBLOCK").map((r) => `${r.from}->${r.to}`)).toContain("0->1");
  });
});

describe("nakamoto transactions", () => {
  it("relays a transaction to every mempool, mines it and commits it k deep everywhere", () => {
    const h = nakamotoHarness(5, { blockIntervalUs: 1_000_000, confirmations: 2 }, { seed: 3 });
    h.submit(2, makeTx(7));
    h.runUntil(20_000_000);
    for (const node of [0, 1, 2, 3, 4]) {
      const ids = (h.commits[node] ?? []).flatMap((c) => [...c.block.txIds]);
      expect(ids).toEqual([7]);
      expect(state(h, node).mempool.size).toBe(0);
    }
  });
});
