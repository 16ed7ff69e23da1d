/**
 * Collecting votes into quorum certificates (Alg. 3: "wait for (n−f) votes: V ← {v | matchingMsg(v, generic,
 * curView)}; genericQC ← QC(V)"). Votes for a block of view v go to leader(v+1); a leader also takes the votes
 * piggybacked on NEW-VIEW messages (pacemaker.ts), so a block whose next leader crashed can still be certified.
 */
import type { NodeId } from "../types.js";
import type { QuorumCert, VoteMsg } from "./messages.js";
import { leaderOf } from "./messages.js";
import { processQC } from "./chain.js";
import type { Ctx } from "./effects.js";
import { rememberCertified } from "./effects.js";
import type { ReplicaState } from "./state.js";
import { hexOf, qcKey } from "./state.js";

/** A VOTE (signature already verified): only the leader of the next view gathers it. */
export function onVote(ctx: Ctx, s: ReplicaState, msg: VoteMsg): void {
  if (leaderOf(msg.view + 1, s.n) !== s.id) return;
  addVote(ctx, s, msg.view, msg.blockHash, msg.voter, msg.sig);
}

/** Counts one verified vote; the (n−f)-th distinct voter for (view, hash) forms the QC and runs update(). */
export function addVote(ctx: Ctx, s: ReplicaState, view: number, blockHash: Uint8Array, voter: NodeId, sig: Uint8Array): void {
  if (view <= s.highQC.view) return; // a QC at or above this view is known already
  const key = qcKey(view, hexOf(blockHash));
  if (s.certified.has(key)) return;
  let byVoter = s.votes.get(key);
  if (byVoter === undefined) {
    byVoter = new Map();
    s.votes.set(key, byVoter);
  }
  if (byVoter.has(voter)) return;
  byVoter.set(voter, sig);
  if (byVoter.size < s.quorum) return;
  const votes = [...byVoter]
    .sort((a, b) => a[0] - b[0])
    .slice(0, s.quorum)
    .map(([v, sg]) => ({ voter: v, sig: sg }));
  const qc: QuorumCert = { view, blockHash, votes };
  s.votes.delete(key);
  rememberCertified(s, key, view);
  s.stats.qcsFormed++;
  processQC(ctx, s, qc);
  pruneVotes(s);
}

function pruneVotes(s: ReplicaState): void {
  for (const key of [...s.votes.keys()]) {
    if (Number(key.slice(0, key.indexOf("/"))) <= s.highQC.view) s.votes.delete(key);
  }
}
