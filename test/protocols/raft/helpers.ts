/**
 * Shared set-up for the Raft tests: a harness running `raftModule` with a small default configuration (T = 100
 * ms, heartbeats every 20 ms, 1 ms links), typed access to a server's snapshot, scripted elections (etcd's
 * MsgHup) and a way to give a server the durable state of one of the paper's figures.
 */
import { Harness, makeTx, type DelayFn } from "../../support/harness.js";
import {
  RaftNode,
  raftModule,
  writeDurableState,
  type LogEntry,
  type RaftConfig,
  type RaftMessage,
  type RaftSnapshot,
} from "../../../src/protocols/raft/index.js";

export const BASE_CONFIG: RaftConfig = {
  name: "raft",
  batch: { maxTxs: 10, maxWaitUs: 2_000 },
  electionTimeoutUs: 100_000,
  heartbeatIntervalUs: 20_000,
  maxEntriesPerAppend: 8,
};

export type RaftHarness = Harness<RaftMessage, RaftConfig>;

export function raftHarness(
  n: number,
  config: Partial<RaftConfig> = {},
  opts: { seed?: number; delayUs?: DelayFn<RaftMessage>; trace?: boolean } = {},
): RaftHarness {
  return new Harness<RaftMessage, RaftConfig>({ module: raftModule, config: { ...BASE_CONFIG, ...config }, n, ...opts });
}

export function raftNode(h: RaftHarness, node: number): RaftNode {
  const p = h.protocol(node);
  if (!(p instanceof RaftNode)) throw new Error(`node ${node} does not run RaftNode`);
  return p;
}

export function snapshot(h: RaftHarness, node: number): RaftSnapshot {
  const snap = raftNode(h, node).snapshot();
  if (snap === undefined) throw new Error(`node ${node} not started`);
  return snap;
}

/** Live servers that believe they lead, with their terms. */
export function leaders(h: RaftHarness): { node: number; term: number }[] {
  return h.nodes.filter((node) => h.isUp(node) && snapshot(h, node).role === "leader").map((node) => ({ node, term: snapshot(h, node).term }));
}

/** The leader of the highest term among live servers (throws if none). */
export function currentLeader(h: RaftHarness): number {
  const all = leaders(h).sort((a, b) => b.term - a.term);
  const top = all[0];
  if (top === undefined) throw new Error(`no leader at ${h.now}us`);
  return top.node;
}

/** Makes `node` start an election at `atUs` (default now), as if its election timer had fired. */
export function campaignAt(h: RaftHarness, node: number, atUs = h.now): void {
  h.at(atUs, () => raftNode(h, node).campaign(h.ctx(node)));
}

/** A log entry of `term` by `leader` carrying the given transaction ids. */
export function entry(term: number, leader: number, txIds: number[] = []): LogEntry {
  return { term, leader, txs: txIds.map((id) => makeTx(id)) };
}

/** Terms of a server's log, index 1 first. */
export function logTerms(h: RaftHarness, node: number): number[] {
  return snapshot(h, node).log.map((e) => e.term);
}

/**
 * Gives each listed server a durable state (term, vote, log) and restarts it from that state, now. Servers
 * listed with `down: true` stay crashed.
 */
export function installStates(
  h: RaftHarness,
  states: Record<number, { term: number; votedFor?: number; log: LogEntry[]; down?: boolean }>,
): void {
  for (const [key, state] of Object.entries(states)) {
    const node = Number(key);
    h.crash(node);
    writeDurableState(h.ctx(node), state);
    if (state.down !== true) h.recover(node);
  }
}

/** Runs until some live server leads (checking every `stepUs`), returning the time; throws after `limitUs`. */
export function runUntilLeader(h: RaftHarness, limitUs: number, stepUs = 1_000): number {
  while (h.now < limitUs) {
    if (leaders(h).length > 0) return h.now;
    h.runUntil(h.now + stepUs);
  }
  throw new Error(`no leader by ${limitUs}us`);
}
