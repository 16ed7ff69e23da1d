/**
 * The pacemaker (§4.4; Alg. 3 nextView / onReceiveNewView). A replica arms a timer for its current view while it
 * knows of uncommitted transactions (an idle network does not time out). When it fires, the replica moves to
 * view v+1 and sends ⟨NEW-VIEW, v+1, highQC⟩ to leader(v+1). The timeout doubles with each consecutive timeout,
 * up to maxViewTimeoutUs, and resets on progress (a higher QC or a commit: chain.ts).
 *
 * Not in the paper's pseudocode: NEW-VIEW also carries the sender's last vote. With a leader per view, the
 * votes for the block before a crashed leader's view went to that crashed leader and would be lost; the next
 * live leader gathers them from n−f NEW-VIEWs into a QC instead, so three consecutive correct leaders suffice
 * to commit (otherwise four would be needed, which n = 4 with one crashed replica never has). And a leader that
 * receives a NEW-VIEW with a highQC below its own answers with its chain (catch-up.ts offerChain): the sender
 * missed blocks, perhaps the last proposal before the network went idle, which no later proposal repeats.
 */
import type { NewViewMsg } from "./messages.js";
import { leaderOf } from "./messages.js";
import { offerChain } from "./catch-up.js";
import { enterViewAtLeast, processQC } from "./chain.js";
import type { Ctx } from "./effects.js";
import { armTimer, disarmTimer, isArmed, qcValid, sign } from "./effects.js";
import { relayForwarded } from "./requests.js";
import { viewTimeoutUs } from "./rules.js";
import type { ReplicaState } from "./state.js";
import { hexOf, persistVote } from "./state.js";
import { addVote } from "./votes.js";
import { voteBytes } from "./wire.js";

export function currentTimeoutUs(s: ReplicaState): number {
  return viewTimeoutUs(s.cfg.viewTimeoutUs, s.cfg.maxViewTimeoutUs, s.consecutiveTimeouts);
}

/** (Re)arms the view timer on entering a view while work is pending; disarms it when idle. */
export function refreshViewTimer(ctx: Ctx, s: ReplicaState): void {
  if (s.pool.size === 0) {
    disarmTimer(ctx, s.timers.view);
    s.timerView = 0;
    return;
  }
  if (isArmed(s.timers.view) && s.timerView === s.curView) return;
  s.timerView = s.curView;
  armTimer(ctx, s, s.timers.view, "view", currentTimeoutUs(s));
}

/** Alg. 3 nextView(curView): the view timed out — NEW-VIEW with highQC to the next leader, and move on. */
export function onViewTimeout(ctx: Ctx, s: ReplicaState): void {
  s.stats.timeouts++;
  s.consecutiveTimeouts++;
  const next = s.curView + 1;
  s.curView = next;
  // Only a view that ends by timeout is reported as a view change: chained HotStuff rotates the leader on every
  // block, and counting that normal rotation would drown the leader changes caused by failures in the metrics.
  ctx.viewChanged?.(next);
  ctx.log("hotstuff.timeout", { view: next - 1, next, timeoutUs: currentTimeoutUs(s) });
  persistVote(ctx, s);
  const lastVote = s.lastVote !== null && s.lastVote.view > s.highQC.view ? s.lastVote : null;
  const msg = sign<NewViewMsg>(ctx, { type: "NEW-VIEW", view: next, highQC: s.highQC, lastVote, sender: s.id });
  const leader = leaderOf(next, s.n);
  if (leader === s.id) onNewView(ctx, s, msg);
  else ctx.send(leader, msg);
  relayForwarded(ctx, s, next - 1);
}

/**
 * Alg. 3 onReceiveNewView: the leader of view v updates highQC from each NEW-VIEW (so it proposes on the highest
 * QC of the n−f it gathers), counts the sender, and takes its carried vote. Returns false if invalid.
 */
export function onNewView(ctx: Ctx, s: ReplicaState, msg: NewViewMsg): boolean {
  if (msg.view < 1 || !qcValid(ctx, s, msg.highQC) || msg.highQC.view >= msg.view) return false;
  processQC(ctx, s, msg.highQC);
  if (msg.highQC.view < s.highQC.view && msg.sender !== s.id) offerChain(ctx, s, msg.sender, hexOf(msg.highQC.blockHash));
  if (leaderOf(msg.view, s.n) !== s.id) return true;
  const vote = msg.lastVote;
  if (vote !== null && vote.view < msg.view && vote.view > s.highQC.view) {
    if (!ctx.crypto.verify(msg.sender, voteBytes(vote.view, vote.blockHash), vote.sig)) return false;
    addVote(ctx, s, vote.view, vote.blockHash, msg.sender, vote.sig);
  }
  if (msg.view < s.curView) return true;
  let senders = s.newViews.get(msg.view);
  if (senders === undefined) {
    senders = new Map();
    s.newViews.set(msg.view, senders);
  }
  senders.set(msg.sender, msg.highQC.view);
  if (senders.size >= s.quorum) enterViewAtLeast(s, msg.view);
  for (const view of [...s.newViews.keys()]) if (view < s.curView) s.newViews.delete(view);
  return true;
}
