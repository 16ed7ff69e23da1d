/**
 * Tendermint (Buchman, Kwon & Milosevic, "The latest gossip on BFT consensus", 2018, Algorithm 1) as a
 * ledgersim protocol module: n ≥ 4 validators with voting power tolerate Byzantine validators holding less
 * than a third of the power (f = ⌊(n−1)/3⌋ nodes at equal power). See node.ts for the state machine,
 * algorithm.ts for the paper's upon-rules and validators.ts for thresholds and proposer rotation.
 */
import type { ProtocolModule } from "../types.js";
import type { TendermintConfig } from "./config.js";
import type { TendermintMessage } from "./messages.js";
import { TendermintNode } from "./node.js";
import { maxFaulty } from "./validators.js";
import { tendermintCodec } from "./wire.js";

export const tendermintModule: ProtocolModule<TendermintMessage, TendermintConfig> = {
  name: "tendermint",
  minNodes: 4,
  parallelAutoMinNodes: 32,
  faultsTolerated: maxFaulty,
  codec: tendermintCodec,
  create: (config) => new TendermintNode(config),
};

export type { TendermintConfig } from "./config.js";
export type {
  Block,
  CommitMsg,
  DecidedEntry,
  FetchMsg,
  ProposalMsg,
  RequestMsg,
  RoundMessage,
  TendermintMessage,
  TendermintMessageType,
  Unsigned,
  VoteMsg,
} from "./messages.js";
export { GENESIS_ID } from "./messages.js";
export type { TendermintSnapshot } from "./node.js";
export { TendermintNode } from "./node.js";
export type { Step, TendermintStats } from "./state.js";
export { isOneThird, isQuorum, maxFaulty, roundTimeoutUs, ValidatorSet } from "./validators.js";
export { blockId, blockIdHex, sign as signTendermintMessage } from "./effects.js";
export { blockIdInput, decodeTendermintMessage, encodeTendermintMessage, signingBytes, tendermintCodec } from "./wire.js";
