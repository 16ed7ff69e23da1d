/**
 * Nakamoto proof of work (Nakamoto 2008; Bitcoin's P2P relay) as a ledgersim protocol module: nodes mine as
 * independent Poisson processes weighted by hash power, gossip blocks over the random peer graph
 * (inv → getdata → block, or BIP 152 compact blocks), follow the chain with the most work, and report a block
 * committed once it is `confirmations` deep. See node.ts for the state machine and observer.ts for the PoW
 * metrics (propagation, stale rate, forks).
 */
import type { ProtocolModule } from "../types.js";
import type { NakamotoConfig } from "./config.js";
import type { NakamotoMessage } from "./messages.js";
import { NakamotoNode } from "./node.js";
import { NakamotoObserver } from "./observer.js";
import { nakamotoCodec } from "./wire.js";

export const nakamotoModule: ProtocolModule<NakamotoMessage, NakamotoConfig> = {
  name: "nakamoto",
  minNodes: 2,
  // Safe while honest miners hold a majority of the hash power (§11); as a count of nodes with equal power:
  faultsTolerated: (n) => Math.max(0, Math.ceil(n / 2) - 1),
  codec: nakamotoCodec,
  create: (config) => new NakamotoNode(config),
  createObserver: (_config, options) => new NakamotoObserver(options),
};

export type { Block, BlockHeader, Digest } from "./block.js";
export { blockHash, merkleRoot, GENESIS_HEADER, HEADER_BYTES, blockBytes } from "./block.js";
export type { ChainEntry } from "./chain.js";
export { hasMoreWork, reorgPath } from "./chain.js";
export type { HashPowerSpec, NakamotoConfig } from "./config.js";
export { hashShares, difficultyFor } from "./config.js";
export type { NakamotoMessage, NakamotoMessageType } from "./messages.js";
export { NakamotoNode } from "./node.js";
export { NakamotoObserver } from "./observer.js";
export type { NakamotoStats, NodeState } from "./state.js";
export { decodeNakamotoMessage, encodeNakamotoMessage, nakamotoCodec } from "./wire.js";
