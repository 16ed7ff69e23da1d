/**
 * Catch-up (not in Algorithm 1, which assumes every message eventually arrives; CometBFT's block sync plays
 * this role). A node is behind when a peer sent it a message of a higher height, or when more than 2/3 of the
 * power precommitted a value whose proposal it never received. After `catchUpDelayUs` (messages in flight
 * had their chance) it sends FETCH(h_p) to a peer that is ahead, rotating over such peers on each retry. A
 * restarted node broadcasts FETCH at once. Peers answer with COMMIT: decided blocks with their commit
 * certificates. A block is accepted when it extends the chain and its certificate holds PRECOMMITs of one
 * round for its id, correctly signed, from distinct validators with more than 2/3 of the power — then at least
 * one correct validator decided it, and by agreement every correct one decides the same.
 *
 * A node also answers a peer that is still sending messages of a height decided here more than
 * `catchUpDelayUs` ago (it missed the decision; late votes arriving right after a decision get no answer).
 */
import { bytesEqual, toHex } from "../codec.js";
import type { NodeId } from "../types.js";
import { decide } from "./decide.js";
import type { Ctx } from "./effects.js";
import { armTimer, blockIdHex, disarmTimer, isArmed, sign, verifySignature } from "./effects.js";
import { NIL } from "./log.js";
import type { CommitMsg, DecidedEntry, FetchMsg, RoundMessage } from "./messages.js";
import type { NodeState } from "./state.js";

export function notePeerHeight(s: NodeState, peer: NodeId, height: number): void {
  if (peer === s.id || height <= (s.peerHeights.get(peer) ?? 0)) return;
  s.peerHeights.set(peer, height);
  s.maxPeerHeight = Math.max(s.maxPeerHeight, height);
}

/** Peers that can give this node the block it lacks, in id order. */
function peersAhead(s: NodeState): NodeId[] {
  if (s.maxPeerHeight > s.height) {
    return [...s.peerHeights].filter(([, h]) => h > s.height).map(([peer]) => peer).sort((a, b) => a - b);
  }
  for (const log of s.log.rounds.values()) {
    const value = log.precommits.quorumValue;
    if (value === undefined || value === NIL || log.proposalId === value) continue;
    return log.precommits.votesFor(value).map((v) => v.sender).filter((p) => p !== s.id);
  }
  return s.catchUpProbe === undefined ? [] : [s.catchUpProbe];
}

/** Arms the catch-up timer while this node is behind; disarms it once it is not. */
export function scheduleCatchUp(ctx: Ctx, s: NodeState): void {
  if (peersAhead(s).length === 0) {
    disarmTimer(ctx, s.timers.catchUp);
    s.catchUpTries = 0;
    return;
  }
  if (isArmed(s.timers.catchUp) && s.catchUpHeight === s.height) return;
  s.catchUpHeight = s.height;
  armTimer(ctx, s, s.timers.catchUp, "catch-up", s.cfg.catchUpDelayUs);
}

/** Still at the height the timer was armed for: ask the next peer that is ahead. */
export function onCatchUpTimer(ctx: Ctx, s: NodeState): void {
  const peers = peersAhead(s);
  if (s.height !== s.catchUpHeight || peers.length === 0) return;
  const peer = peers[s.catchUpTries % peers.length] as NodeId;
  s.catchUpTries++;
  s.catchUpProbe = undefined;
  s.stats.catchUpFetches++;
  ctx.send(peer, sign<FetchMsg>(ctx, { type: "FETCH", sender: s.id, fromHeight: s.height }));
}

/** After a restart: ask everyone for the heights decided while this node was down. */
export function broadcastFetch(ctx: Ctx, s: NodeState): void {
  s.stats.catchUpFetches++;
  ctx.broadcast(sign<FetchMsg>(ctx, { type: "FETCH", sender: s.id, fromHeight: s.height }));
}

function sendDecided(ctx: Ctx, s: NodeState, to: NodeId, fromHeight: number): void {
  const entries: DecidedEntry[] = [];
  const last = Math.min(s.height - 1, fromHeight + s.cfg.catchUpBatchLimit - 1);
  for (let h = fromHeight; h <= last; h++) {
    const entry = s.decided.get(h);
    if (entry === undefined) break;
    entries.push(entry);
  }
  if (entries.length === 0) return;
  s.stats.commitRepliesSent++;
  s.helpedAtUs.set(to, ctx.now());
  ctx.send(to, sign<CommitMsg>(ctx, { type: "COMMIT", sender: s.id, entries }));
}

export function onFetch(ctx: Ctx, s: NodeState, msg: FetchMsg): void {
  if (msg.sender !== s.id) sendDecided(ctx, s, msg.sender, msg.fromHeight);
}

/** A message of a height this node decided long ago: its sender missed the decision, so send it. */
export function helpStaleSender(ctx: Ctx, s: NodeState, msg: RoundMessage): void {
  const decidedAtUs = s.decidedAtUs.get(msg.height);
  if (decidedAtUs === undefined || ctx.now() - decidedAtUs <= s.cfg.catchUpDelayUs) return;
  const helpedAtUs = s.helpedAtUs.get(msg.sender);
  if (helpedAtUs !== undefined && ctx.now() - helpedAtUs <= s.cfg.catchUpDelayUs) return;
  sendDecided(ctx, s, msg.sender, msg.height);
}

/**
 * Decided blocks from a peer: keep those ahead, apply in height order every one whose certificate holds. A
 * full reply that moved this node forward means the peer may have more: ask it for the rest at once.
 */
export function onCommit(ctx: Ctx, s: NodeState, msg: CommitMsg): void {
  for (const entry of msg.entries) {
    const h = entry.block.height;
    if (h >= s.height && h < s.height + 2 * s.cfg.catchUpBatchLimit) s.pendingEntries.set(h, entry);
  }
  const before = s.height;
  for (let entry = s.pendingEntries.get(s.height); entry !== undefined; entry = s.pendingEntries.get(s.height)) {
    s.pendingEntries.delete(s.height);
    const id = certifiedId(ctx, s, entry);
    if (id === undefined) {
      s.stats.droppedMalformed++;
      continue;
    }
    s.stats.blocksCaughtUp++;
    decide(ctx, s, entry, id);
  }
  if (s.height === before) return;
  if (msg.entries.length >= s.cfg.catchUpBatchLimit) {
    s.stats.catchUpFetches++;
    ctx.send(msg.sender, sign<FetchMsg>(ctx, { type: "FETCH", sender: s.id, fromHeight: s.height }));
  } else {
    // Messages of the height the peer was deciding may have been dropped while this node was further
    // behind: ask the same peer once more after catchUpDelayUs (a no-op reply if it has nothing newer).
    s.catchUpProbe = msg.sender;
  }
}

/** id(block) when `entry` is a valid commit certificate for the current height, else undefined. */
export function certifiedId(ctx: Ctx, s: NodeState, entry: DecidedEntry): string | undefined {
  const { block } = entry;
  if (block.height !== s.height || !bytesEqual(block.parentId, s.lastBlockId)) return undefined;
  const id = blockIdHex(ctx, block);
  const voters = new Set<NodeId>();
  for (const vote of entry.precommits) {
    const matches = vote.type === "PRECOMMIT" && vote.height === block.height && vote.round === entry.round;
    if (!matches || vote.blockId === null || toHex(vote.blockId) !== id || voters.has(vote.sender)) return undefined;
    if (!verifySignature(ctx, s.n, vote)) return undefined;
    voters.add(vote.sender);
  }
  return s.validators.hasQuorum(s.validators.powerOfSet(voters)) ? id : undefined;
}
