/**
 * Chained HotStuff (Yin, Malkhi, Reiter, Gueta & Abraham, PODC 2019, Algorithm 3 with the §4.4 pacemaker) as a
 * ledgersim protocol module: n ≥ 4 replicas tolerate f = ⌊(n−1)/3⌋ Byzantine faults, a QC is n−f votes, and
 * the leader rotates every view. See replica.ts for the state machine and rules.ts for the paper's rules.
 */
import type { ProtocolModule } from "../types.js";
import type { HotStuffMessage } from "./messages.js";
import { HotStuffReplica } from "./replica.js";
import { maxFaulty } from "./rules.js";
import type { HotStuffConfig } from "./state.js";
import { hotstuffCodec } from "./wire.js";

export const hotstuffModule: ProtocolModule<HotStuffMessage, HotStuffConfig> = {
  name: "hotstuff",
  minNodes: 4,
  parallelAutoMinNodes: 32,
  faultsTolerated: maxFaulty,
  codec: hotstuffCodec,
  create: (config) => new HotStuffReplica(config),
};

export type {
  Block,
  BlockRequestMsg,
  BlockResponseMsg,
  CarriedVote,
  HotStuffMessage,
  HotStuffMessageType,
  NewViewMsg,
  ProposalMsg,
  QuorumCert,
  RequestMsg,
  Unsigned,
  VoteMsg,
  VoteSig,
} from "./messages.js";
export { leaderOf, signerOf } from "./messages.js";
export type { HotStuffConfig, HotStuffStats } from "./state.js";
export { genesisBlock } from "./state.js";
export type { HotStuffSnapshot } from "./replica.js";
export { HotStuffReplica } from "./replica.js";
export { distinctQuorum, maxFaulty, quorumSize, safeNode, threeChainCommits, viewTimeoutUs } from "./rules.js";
export {
  blockHashInput,
  decodeHotStuffMessage,
  encodeHotStuffMessage,
  hotstuffCodec,
  proposalBytes,
  signingBytes,
  voteBytes,
} from "./wire.js";
