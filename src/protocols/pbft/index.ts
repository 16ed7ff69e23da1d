/**
 * PBFT (Castro & Liskov, OSDI '99; TOCS 2002) as a ledgersim protocol module: n ≥ 4 replicas tolerate
 * f = ⌊(n−1)/3⌋ Byzantine faults. See replica.ts for the state machine and rules.ts for the paper's rules.
 */
import type { ProtocolModule } from "../types.js";
import type { PbftMessage } from "./messages.js";
import { PbftReplica } from "./replica.js";
import { maxFaulty } from "./rules.js";
import type { PbftConfig } from "./state.js";
import { pbftCodec } from "./wire.js";

export const pbftModule: ProtocolModule<PbftMessage, PbftConfig> = {
  name: "pbft",
  minNodes: 4,
  // Two workers on the pipeline: pbft-16-cloud whole 97.4 → 80.9 s, 64 nodes ×1.6 (bench/RESULTS.md).
  parallelAutoMinNodes: 16,
  faultsTolerated: maxFaulty,
  codec: pbftCodec,
  create: (config) => new PbftReplica(config),
};

export type {
  CheckpointMsg,
  CommitMsg,
  CommittedEntry,
  FetchMsg,
  FetchReplyMsg,
  NewViewMsg,
  PbftMessage,
  PbftMessageType,
  PrePrepareMsg,
  PrepareMsg,
  PreparedCertificate,
  RequestMsg,
  Unsigned,
  ViewChangeMsg,
} from "./messages.js";
export { primaryOf, signerOf } from "./messages.js";
export type { PbftConfig, PbftStats } from "./state.js";
export type { PbftSnapshot } from "./replica.js";
export { PbftReplica } from "./replica.js";
export { maxFaulty, quorumSize } from "./rules.js";
export { batchDigestInput, decodePbftMessage, encodePbftMessage, pbftCodec, signingBytes } from "./wire.js";
export { sign as signPbftMessage, batchDigest } from "./effects.js";
