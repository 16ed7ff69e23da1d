/**
 * The view-change protocol (§4.4) and its liveness rules (§4.5.2): the view-change timer of a waiting backup,
 * VIEW-CHANGE with the checkpoint proof C and prepared certificates P, the f+1 rule for joining a higher
 * view, NEW-VIEW with V and O from the new primary, its validation by backups, and entering the new view.
 */
import { bytesEqual } from "../codec.js";
import type { NodeId } from "../types.js";
import type { NewViewMsg, PrePrepareMsg, PreparedCertificate, ViewChangeMsg } from "./messages.js";
import { primaryOf } from "./messages.js";
import type { CertificateCrypto, NewViewPlan } from "./certificates.js";
import { computeNewViewO, viewChangeCertificateValid } from "./certificates.js";
import { adoptStableCheckpoint, releaseInFlight } from "./checkpoint.js";
import type { Ctx } from "./effects.js";
import { armTimer, batchDigest, disarmTimer, isArmed, sign, verifySignature } from "./effects.js";
import { installPrePrepare } from "./normal-case.js";
import { forwardRequest } from "./requests.js";
import { viewChangeTimeoutUs, viewToJoin } from "./rules.js";
import type { ReplicaState } from "./state.js";
import { isPrimary, persistView } from "./state.js";

export function certificateCrypto(ctx: Ctx, s: ReplicaState): CertificateCrypto {
  return {
    verify: (msg) => verifySignature(ctx, s.n, msg),
    digest: (seq, proposer, batch) => batchDigest(ctx, seq, proposer, batch),
    quorum: s.quorum,
  };
}

/**
 * §4.5.2: "A backup is waiting for a request if it received a valid request and has not executed it. A
 * backup starts a timer when it receives a request and the timer is not already running. It stops the timer
 * when it is no longer waiting to execute the request, but restarts it if at that point it is waiting to
 * execute some other request." Requests in accepted pre-prepares count as received.
 */
export function refreshViewChangeTimer(ctx: Ctx, s: ReplicaState, progressed: boolean): void {
  if (!s.active) return; // during a view change the timer waits for NEW-VIEW (afterViewChangeStored)
  const waiting = s.outstanding.size > 0 || s.inFlight.size > 0;
  if (!waiting) {
    disarmTimer(ctx, s.timers.viewChange);
    disarmTimer(ctx, s.timers.probe);
    return;
  }
  const timeoutUs = viewChangeTimeoutUs(s.cfg.viewChangeTimeoutUs, s.viewChangeAttempts);
  if (isPrimary(s)) disarmTimer(ctx, s.timers.viewChange);
  else if (progressed || !isArmed(s.timers.viewChange)) armTimer(ctx, s, s.timers.viewChange, "view-change", timeoutUs);
  // Every half timeout without progress, a waiting replica (primary included) asks its peers how far they
  // got (catch-up.ts, onProbeTimer): if it merely lost the last messages of a batch that did commit, it
  // catches up instead of changing views.
  if (progressed || !isArmed(s.timers.probe)) armTimer(ctx, s, s.timers.probe, "probe", Math.floor(timeoutUs / 2));
}

/** The timer expired: move to the next view (from view v, or from a view change to v+1 that stalled). */
export function onViewChangeTimer(ctx: Ctx, s: ReplicaState): void {
  startViewChange(ctx, s, s.view + 1);
}

/**
 * §4.4: the backup "enters view v+1 [...] multicasts a ⟨VIEW-CHANGE, v+1, n, C, P, i⟩ message to all
 * replicas" and stops accepting messages other than checkpoint, view-change and new-view messages.
 */
export function startViewChange(ctx: Ctx, s: ReplicaState, target: number): void {
  if (target <= s.view) return;
  s.view = target;
  s.active = false;
  s.viewChangeAttempts++;
  s.stats.viewChangesStarted++;
  disarmTimer(ctx, s.timers.viewChange);
  disarmTimer(ctx, s.timers.probe);
  disarmTimer(ctx, s.timers.batch);
  s.queue.clear();
  const prepared: PreparedCertificate[] = [];
  for (const seq of [...s.log.keys()].sort((a, b) => a - b)) {
    const cert = s.log.get(seq)?.preparedCert;
    if (cert !== undefined && seq > s.lowWatermark) prepared.push(cert);
  }
  const vc = sign<ViewChangeMsg>(ctx, {
    type: "VIEW-CHANGE",
    newView: target,
    stableSeq: s.lowWatermark,
    checkpointProof: s.stableProof,
    prepared,
    replica: s.id,
  });
  ctx.log("pbft.view-change", { newView: target, stableSeq: s.lowWatermark, prepared: prepared.length });
  for (const v of [...s.viewChanges.keys()]) if (v < target) s.viewChanges.delete(v);
  ctx.broadcast(vc);
  storeViewChange(s, vc);
  s.pendingProbes = 0;
  armTimer(ctx, s, s.timers.probe, "probe", Math.floor(s.cfg.viewChangeTimeoutUs / 2));
  afterViewChangeStored(ctx, s);
}

/**
 * While waiting for NEW-VIEW, a replica re-sends its VIEW-CHANGE (TOCS §4.5 has replicas retransmit
 * view-change messages), so a lost one cannot stall the view change, backing off from half a base timeout.
 * (A replica alone in its view change still gets its requests executed: requests.ts relays them.)
 */
export function retransmitViewChange(ctx: Ctx, s: ReplicaState): void {
  if (s.active) return;
  const own = s.viewChanges.get(s.view)?.get(s.id);
  if (own !== undefined) ctx.broadcast(own);
  s.pendingProbes++;
  const backoff = 2 ** Math.min(s.pendingProbes, 5);
  armTimer(ctx, s, s.timers.probe, "probe", Math.floor(s.cfg.viewChangeTimeoutUs / 2) * backoff);
}

function storeViewChange(s: ReplicaState, vc: ViewChangeMsg): void {
  let bySender = s.viewChanges.get(vc.newView);
  if (bySender === undefined) {
    bySender = new Map();
    s.viewChanges.set(vc.newView, bySender);
  }
  bySender.set(vc.replica, vc);
}

/** A signature-checked VIEW-CHANGE from another replica. */
export function onViewChange(ctx: Ctx, s: ReplicaState, msg: ViewChangeMsg): void {
  if (msg.newView === s.view && s.active) {
    // The sender missed our NEW-VIEW (it retransmits its VIEW-CHANGE): the primary sends it again.
    if (s.lastNewView?.newView === s.view && isPrimary(s)) ctx.send(msg.replica, s.lastNewView);
    return;
  }
  if (msg.newView < s.view) return; // stale
  if (!viewChangeCertificateValid(msg, s.n, s.cfg.watermarkWindow, certificateCrypto(ctx, s))) {
    s.stats.droppedInvalidSignature++;
    return;
  }
  storeViewChange(s, msg);
  const join = viewToJoin(smallestHigherViews(s), s.n);
  if (join !== undefined) startViewChange(ctx, s, join);
  else afterViewChangeStored(ctx, s);
}

/** For each other replica, the smallest view above ours it asked to change to (input to the f+1 rule). */
function smallestHigherViews(s: ReplicaState): Map<NodeId, number> {
  const out = new Map<NodeId, number>();
  for (const [view, bySender] of s.viewChanges) {
    if (view <= s.view) continue;
    for (const sender of bySender.keys()) {
      if (sender === s.id) continue;
      const cur = out.get(sender);
      if (cur === undefined || view < cur) out.set(sender, view);
    }
  }
  return out;
}

/**
 * §4.5.2: "when a replica receives 2f+1 view-change messages for view v+1 it starts its timer"; and §4.4:
 * "when the primary p of view v+1 receives 2f valid view-change messages for view v+1 from other replicas,
 * it multicasts a ⟨NEW-VIEW, v+1, V, O⟩ message".
 */
function afterViewChangeStored(ctx: Ctx, s: ReplicaState): void {
  if (s.active) return;
  const bySender = s.viewChanges.get(s.view);
  if (bySender === undefined || bySender.size < s.quorum) return;
  if (!isArmed(s.timers.viewChange)) {
    armTimer(ctx, s, s.timers.viewChange, "view-change", viewChangeTimeoutUs(s.cfg.viewChangeTimeoutUs, s.viewChangeAttempts));
  }
  if (primaryOf(s.view, s.n) === s.id && bySender.has(s.id)) sendNewView(ctx, s, bySender);
}

function sendNewView(ctx: Ctx, s: ReplicaState, bySender: ReadonlyMap<NodeId, ViewChangeMsg>): void {
  const V = [...bySender.keys()]
    .sort((a, b) => a - b)
    .slice(0, s.quorum)
    .map((id) => bySender.get(id) as ViewChangeMsg);
  const plan = computeNewViewO(V, s.view, s.n, certificateCrypto(ctx, s));
  const O = plan.entries.map((e) =>
    sign<PrePrepareMsg>(ctx, { type: "PRE-PREPARE", view: s.view, seq: e.seq, digest: e.digest, proposer: e.proposer, batch: e.batch }),
  );
  const nv = sign<NewViewMsg>(ctx, { type: "NEW-VIEW", newView: s.view, viewChanges: V, prePrepares: O });
  ctx.log("pbft.new-view", { view: s.view, minS: plan.minS, maxS: plan.maxS });
  ctx.broadcast(nv);
  s.lastNewView = nv;
  enterNewView(ctx, s, s.view, plan, O);
}

/** A signature-checked NEW-VIEW from the primary of `msg.newView`. */
export function onNewView(ctx: Ctx, s: ReplicaState, msg: NewViewMsg): void {
  if (msg.newView < s.view || (msg.newView === s.view && s.active)) return;
  const plan = newViewValid(ctx, s, msg);
  if (plan === undefined) {
    s.stats.droppedInvalidSignature++;
    return;
  }
  enterNewView(ctx, s, msg.newView, plan, msg.prePrepares);
}

/**
 * §4.4: "A backup accepts a new-view message for view v+1 if it is signed properly, if the view-change
 * messages it contains are valid for view v+1, and if the set O is correct; it verifies the correctness of O
 * by performing a computation similar to the one used by the primary to create O."
 */
export function newViewValid(ctx: Ctx, s: ReplicaState, msg: NewViewMsg): NewViewPlan | undefined {
  const crypto = certificateCrypto(ctx, s);
  const V = msg.viewChanges;
  if (V.length < s.quorum || new Set(V.map((vc) => vc.replica)).size !== V.length) return undefined;
  for (const vc of V) {
    if (vc.newView !== msg.newView || !viewChangeCertificateValid(vc, s.n, s.cfg.watermarkWindow, crypto)) return undefined;
  }
  const plan = computeNewViewO(V, msg.newView, s.n, crypto);
  const O = msg.prePrepares;
  if (O.length !== plan.entries.length) return undefined;
  for (let i = 0; i < O.length; i++) {
    const pp = O[i] as PrePrepareMsg;
    const want = plan.entries[i] as (typeof plan.entries)[number];
    const same =
      pp.view === msg.newView &&
      pp.seq === want.seq &&
      pp.proposer === want.proposer &&
      bytesEqual(pp.digest, want.digest) &&
      bytesEqual(pp.digest, crypto.digest(pp.seq, pp.proposer, pp.batch));
    if (!same || !crypto.verify(pp) || !pp.batch.every((tx) => ctx.crypto.verifyTx(tx))) return undefined;
  }
  return plan;
}

/**
 * §4.4: a replica "adds the new information to its log [...] multicasts a prepare for each message in O to
 * all the other replicas, adds these prepares to its log, and enters view v+1". If min-s is above its low
 * watermark it takes the checkpoint proof from V and discards the log below it. Pre-prepares from earlier
 * views that O does not carry are discarded; requests still waiting go (again) to the new primary.
 */
export function enterNewView(ctx: Ctx, s: ReplicaState, view: number, plan: NewViewPlan, O: readonly PrePrepareMsg[]): void {
  s.view = view;
  s.active = true;
  s.lastActiveView = view;
  s.stats.newViewsEntered++;
  persistView(ctx, s);
  ctx.viewChanged?.(view);
  disarmTimer(ctx, s.timers.viewChange);
  for (const v of [...s.viewChanges.keys()]) if (v <= view) s.viewChanges.delete(v);
  if (plan.minS > s.lowWatermark) {
    const from = plan.checkpointFrom;
    const digest = from.checkpointProof[0]?.stateDigest ?? new Uint8Array(32);
    adoptStableCheckpoint(ctx, s, plan.minS, digest, from.checkpointProof);
  }
  const reproposed = new Set(O.map((pp) => pp.seq));
  discardOlderPrePrepares(s, view, reproposed);
  for (const pp of O) if (pp.seq > s.lowWatermark) installPrePrepare(ctx, s, pp);
  resumeAfterViewChange(ctx, s, plan.maxS);
}

function discardOlderPrePrepares(s: ReplicaState, view: number, keep: ReadonlySet<number>): void {
  for (const slot of s.log.values()) {
    const pp = slot.prePrepare;
    if (pp !== undefined && pp.view < view && !keep.has(slot.seq)) {
      releaseInFlight(s, pp);
      slot.prePrepare = undefined;
    }
  }
}

/** The new primary continues numbering after max-s; backups (re-)forward the requests they proxy to it. */
function resumeAfterViewChange(ctx: Ctx, s: ReplicaState, maxS: number): void {
  s.queue.clear();
  if (isPrimary(s)) {
    s.nextSeq = Math.max(maxS, s.lowWatermark, s.lastExecuted) + 1;
    for (const tx of s.outstanding.values()) {
      if (!s.inFlight.has(tx.id) && !s.executedTxIds.has(tx.id)) s.queue.set(tx.id, { tx, atUs: ctx.now() });
    }
  } else {
    // Only the proxy re-forwards: relayed requests already reached the new primary with the relay.
    for (const tx of s.outstanding.values()) {
      if (!s.inFlight.has(tx.id) && s.proxied.has(tx.id)) forwardRequest(ctx, s, tx);
    }
  }
}

/**
 * Enters `view` on the word of f+1 peers that they entered it (state transfer after a recovery), without the
 * NEW-VIEW: at least one of them is correct, so the view was properly started. The replica learns the
 * batches of that view's O through state transfer.
 */
export function adoptPeerView(ctx: Ctx, s: ReplicaState, view: number): void {
  s.view = view;
  s.active = true;
  s.lastActiveView = view;
  persistView(ctx, s);
  ctx.viewChanged?.(view);
  disarmTimer(ctx, s.timers.viewChange);
  for (const v of [...s.viewChanges.keys()]) if (v <= view) s.viewChanges.delete(v);
  discardOlderPrePrepares(s, view, new Set());
  resumeAfterViewChange(ctx, s, Math.max(s.nextSeq - 1, s.lowWatermark, s.lastExecuted));
}
