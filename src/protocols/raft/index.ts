/**
 * Raft (Ongaro & Ousterhout, "In Search of an Understandable Consensus Algorithm", USENIX ATC 2014) as a
 * ledgersim protocol module: a crash-fault-tolerant ordering service where n ≥ 3 servers tolerate
 * f = ⌊(n−1)/2⌋ crashes. Each log entry carries a batch of client transactions and commits as one block at
 * height = its log index. See node.ts for the state machine and rules.ts for the paper's rules.
 */
import type { ProtocolModule } from "../types.js";
import type { RaftMessage } from "./messages.js";
import { RaftNode } from "./node.js";
import { maxFaulty } from "./rules.js";
import type { RaftConfig } from "./state.js";
import { raftCodec } from "./wire.js";

export const raftModule: ProtocolModule<RaftMessage, RaftConfig> = {
  name: "raft",
  minNodes: 3,
  faultsTolerated: maxFaulty,
  codec: raftCodec,
  create: (config) => new RaftNode(config),
};

export type {
  AppendEntriesMsg,
  AppendResponseMsg,
  LogEntry,
  RaftMessage,
  RaftMessageType,
  RequestMsg,
  RequestVoteMsg,
  Unsigned,
  VoteMsg,
} from "./messages.js";
export type { RaftConfig, RaftStats, Role } from "./state.js";
export type { RaftSnapshot } from "./node.js";
export { RaftNode } from "./node.js";
export { writeDurableState } from "./durable.js";
export { backOffNextIndex, candidateLogUpToDate, leaderCommitIndex, maxFaulty, quorumSize, randomElectionTimeoutUs } from "./rules.js";
export { decodeRaftMessage, encodeRaftMessage, entryDigestInput, raftCodec, signingBytes } from "./wire.js";
export { sign as signRaftMessage } from "./effects.js";
