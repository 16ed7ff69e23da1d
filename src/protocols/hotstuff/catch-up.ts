/**
 * Fetching missed blocks (not in the paper, which assumes every replica eventually receives every proposal).
 * A replica misses blocks when messages are lost, when it receives a QC (in votes or a NEW-VIEW) for a
 * block whose proposal has not arrived, or when it restarts after a crash with only its persisted state.
 * It sends BLOCK-REQUEST(hash, maxBlocks) to a peer and retries with the next peer after fetchRetryUs.
 * Answers are self-authenticating: the top block's hash must be one this replica wants (it is certified by a
 * verified QC or named by a verified block), or be certified by the response's tipQC; each block below must be
 * the parent of the one above; and each block's own justify QC is verified when it is stored (proposal.ts).
 * A recovered replica first asks for a peer's highest certified block (an empty hash) until one answers.
 */
import { bytesEqual, fromHex } from "../codec.js";
import type { NodeId } from "../types.js";
import type { Block, BlockRequestMsg, BlockResponseMsg } from "./messages.js";
import { leaderOf } from "./messages.js";
import { processQC } from "./chain.js";
import type { Ctx } from "./effects.js";
import { armTimer, disarmTimer, isArmed, qcValid, sign, storedBlockOf } from "./effects.js";
import { admitBlock } from "./proposal.js";
import type { MissingBlock, ReplicaState, StoredBlock } from "./state.js";
import { hexOf } from "./state.js";

/** Peers asked for one block before giving up on it (a later proposal or NEW-VIEW asks again if needed). */
const MAX_TRIES_PER_PEER = 2;

/** Turns waiting QCs into missing blocks, sends urgent requests, and keeps the retry timer armed while needed. */
export function scheduleFetch(ctx: Ctx, s: ReplicaState): void {
  const highKnown = s.blocks.has(hexOf(s.highQC.blockHash));
  for (const [hex, qc] of s.awaitingQCs) {
    // A certified block below the highQC that is not here is on an abandoned fork: every ancestor of the
    // highQC's block is stored.
    if (s.blocks.has(hex) || (highKnown && qc.view < s.highQC.view)) {
      s.awaitingQCs.delete(hex);
      if (!s.blocks.has(hex)) s.missing.delete(hex);
      continue;
    }
    // The proposal is probably still on its way: ask only after a retry period.
    if (!s.missing.has(hex) && !s.parkedHashes.has(hex)) {
      s.missing.set(hex, { peer: leaderOf(qc.view, s.n), maxBlocks: s.cfg.fetchBlockLimit, requestedAtUs: ctx.now(), tries: 0 });
    }
  }
  for (const [hex, m] of s.missing) {
    if (s.blocks.has(hex) || s.parkedHashes.has(hex) || m.tries >= MAX_TRIES_PER_PEER * s.n) s.missing.delete(hex);
    else if (m.requestedAtUs < 0) sendRequest(ctx, s, hex, m);
  }
  if (s.missing.size === 0 && !s.syncing) {
    disarmTimer(ctx, s.timers.fetch);
    return;
  }
  if (!isArmed(s.timers.fetch)) armTimer(ctx, s, s.timers.fetch, "fetch", s.cfg.fetchRetryUs);
}

/** Each block still missing after a retry period is asked for again, of the next peer in turn. */
export function onFetchTimer(ctx: Ctx, s: ReplicaState): void {
  const cutoff = ctx.now() - s.cfg.fetchRetryUs;
  for (const [hex, m] of s.missing) {
    if (m.requestedAtUs > cutoff) continue;
    if (m.tries > 0) m.peer = nextPeer(s); // the first ask goes to the replica that should have it
    sendRequest(ctx, s, hex, m);
  }
  if (s.syncing) requestTip(ctx, s, nextPeer(s));
}

/** A recovered replica: "send me your highest certified block and its ancestors". */
export function requestTip(ctx: Ctx, s: ReplicaState, peer: NodeId): void {
  s.stats.blockRequests++;
  const msg = sign<BlockRequestMsg>(ctx, { type: "BLOCK-REQUEST", hash: new Uint8Array(0), maxBlocks: s.cfg.fetchBlockLimit, sender: s.id });
  ctx.send(peer, msg);
}

export function nextPeer(s: ReplicaState): NodeId {
  s.fetchPeerCursor = (s.fetchPeerCursor + 1) % s.n;
  if (s.fetchPeerCursor === s.id) s.fetchPeerCursor = (s.fetchPeerCursor + 1) % s.n;
  return s.fetchPeerCursor;
}

function sendRequest(ctx: Ctx, s: ReplicaState, hex: string, m: MissingBlock): void {
  m.requestedAtUs = ctx.now();
  m.tries++;
  if (m.peer === s.id) m.peer = nextPeer(s);
  s.stats.blockRequests++;
  const hash = s.awaitingQCs.get(hex)?.blockHash ?? fromHex(hex);
  ctx.send(m.peer, sign<BlockRequestMsg>(ctx, { type: "BLOCK-REQUEST", hash, maxBlocks: m.maxBlocks, sender: s.id }));
}

/** Answers with the block asked for (or this replica's highQC block) and up to maxBlocks−1 ancestors. */
export function onBlockRequest(ctx: Ctx, s: ReplicaState, msg: BlockRequestMsg): void {
  if (msg.sender === s.id) return;
  const tipRequest = msg.hash.length === 0;
  const start = tipRequest ? hexOf(s.highQC.blockHash) : hexOf(msg.hash);
  const limit = Math.max(1, Math.min(msg.maxBlocks, s.cfg.fetchBlockLimit));
  const blocks: Block[] = [];
  for (let cur = s.blocks.get(start); cur !== undefined && !cur.recoveredRoot && cur.block.height > 0 && blocks.length < limit; cur = s.blocks.get(cur.parentHex)) {
    blocks.push(cur.block);
  }
  if (blocks.length === 0) return;
  blocks.reverse();
  const reply = sign<BlockResponseMsg>(ctx, { type: "BLOCK-RESPONSE", blocks, tipQC: tipRequest ? s.highQC : null, sender: s.id });
  ctx.send(msg.sender, reply);
}

/**
 * A NEW-VIEW whose highQC is below ours comes from a replica that missed blocks (often the last proposal
 * before the network went idle, which no later proposal will repeat): send it our highQC and the blocks
 * above its own, as a BLOCK-RESPONSE it can check like any other.
 */
export function offerChain(ctx: Ctx, s: ReplicaState, to: NodeId, theirHighHex: string): void {
  const blocks: Block[] = [];
  for (let cur = s.blocks.get(hexOf(s.highQC.blockHash)); cur !== undefined && !cur.recoveredRoot && cur.hashHex !== theirHighHex && cur.block.height > 0 && blocks.length < s.cfg.fetchBlockLimit; cur = s.blocks.get(cur.parentHex)) {
    blocks.push(cur.block);
  }
  if (blocks.length === 0) return;
  blocks.reverse();
  ctx.send(to, sign<BlockResponseMsg>(ctx, { type: "BLOCK-RESPONSE", blocks, tipQC: s.highQC, sender: s.id }));
}

/** Authenticates the chain top-down by hash links, then admits it bottom-up. Returns false if invalid. */
export function onBlockResponse(ctx: Ctx, s: ReplicaState, msg: BlockResponseMsg): boolean {
  if (msg.blocks.length === 0) return true;
  const chain: StoredBlock[] = msg.blocks.map((b) => storedBlockOf(ctx, b));
  const top = chain[chain.length - 1] as StoredBlock;
  let trusted = s.missing.has(top.hashHex) || s.awaitingQCs.has(top.hashHex) || s.parked.has(top.hashHex);
  if (msg.tipQC !== null && bytesEqual(msg.tipQC.blockHash, top.hash)) {
    if (!qcValid(ctx, s, msg.tipQC)) return false;
    trusted = true;
    s.syncing = false;
    processQC(ctx, s, msg.tipQC); // waits in awaitingQCs until the block is stored just below
  }
  if (!trusted) return true; // an answer nobody here is waiting for any more
  let lowest = chain.length - 1;
  while (lowest > 0 && (chain[lowest - 1] as StoredBlock).hashHex === (chain[lowest] as StoredBlock).parentHex) lowest--;
  s.stats.blocksFetched += chain.length - lowest;
  for (let i = lowest; i < chain.length; i++) admitBlock(ctx, s, chain[i] as StoredBlock, msg.sender, undefined);
  return true;
}
