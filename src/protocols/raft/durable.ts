/**
 * What survives a crash (§5.1; Figure 2, "Persistent state on all servers … updated on stable storage before
 * responding to RPCs"): currentTerm and votedFor under one key, the log one key per entry (log.ts). Handlers
 * run to completion before the host sends anything, so writing here before returning is writing before
 * responding.
 *
 * One more key is not in Figure 2: the state machine's applied index. Figure 2 treats lastApplied as volatile
 * because its state machine is rebuilt by replaying the log; here the state machine is the ledger the node has
 * already reported to its observers, which is durable, and a restarted node must not report a height twice.
 * Entries up to lastApplied are committed, so commitIndex restarts there too; beyond it, commitIndex is
 * re-learned from the leader.
 */
import type { NodeContext, NodeId } from "../types.js";
import { RaftLog, persistLog } from "./log.js";
import type { LogEntry, RaftMessage } from "./messages.js";
import type { RaftState } from "./state.js";

type Ctx = NodeContext<RaftMessage>;

const HARD_STATE_KEY = "raft/hard-state";
const APPLIED_KEY = "raft/applied";

interface HardState {
  readonly term: number;
  readonly votedFor: NodeId | null;
}

/** Persists currentTerm and votedFor (call whenever either changes, before sending anything). */
export function persistHardState(ctx: Ctx, s: RaftState): void {
  const value: HardState = { term: s.term, votedFor: s.votedFor ?? null };
  ctx.persist(HARD_STATE_KEY, value);
}

export function persistApplied(ctx: Ctx, s: RaftState): void {
  ctx.persist(APPLIED_KEY, s.lastApplied);
}

/** Loads what a previous incarnation persisted into a fresh state; returns false on first boot. */
export function restoreState(ctx: Ctx, s: RaftState): boolean {
  const hard = ctx.restore(HARD_STATE_KEY) as HardState | undefined;
  const log = RaftLog.restore(ctx);
  const applied = ctx.restore(APPLIED_KEY);
  if (hard === undefined && log.lastIndex === 0) return false;
  s.term = hard?.term ?? 0;
  s.reportedTerm = s.term; // a leader change this server already reported before it crashed
  s.votedFor = hard?.votedFor ?? undefined;
  s.log = log;
  s.lastApplied = typeof applied === "number" ? Math.min(applied, log.lastIndex) : 0;
  s.commitIndex = s.lastApplied;
  for (let index = 1; index <= s.lastApplied; index++) {
    for (const tx of log.entry(index).txs) s.appliedTxIds.add(tx.id);
  }
  return true;
}

/**
 * Writes a complete durable state, as if a previous incarnation had left it (tests construct the paper's
 * figures this way: crash a node, write its state, recover it).
 */
export function writeDurableState(
  ctx: Ctx,
  state: { term: number; votedFor?: NodeId; log: readonly LogEntry[]; applied?: number },
): void {
  const hard: HardState = { term: state.term, votedFor: state.votedFor ?? null };
  ctx.persist(HARD_STATE_KEY, hard);
  persistLog(ctx, state.log);
  ctx.persist(APPLIED_KEY, state.applied ?? 0);
}
