/**
 * Tendermint messages (Buchman, Kwon & Milosevic, "The latest gossip on BFT consensus", 2018, Algorithm 1) as a
 * discriminated union on `type`. Every message names its `sender` and carries `sig`, the sender's signature
 * over the message's encoding without the signature (wire.ts, `signingBytes`).
 *
 * - PROPOSAL ⟨h, r, v, validRound⟩, PREVOTE ⟨h, r, id(v) | nil⟩, PRECOMMIT ⟨h, r, id(v) | nil⟩: the paper's three.
 * - REQUEST: client transactions a node received, forwarded to the next proposers (mempool.ts). It carries a
 *   list, so one signature covers a small batch.
 * - COMMIT and FETCH are not in Algorithm 1: catch-up. COMMIT carries decided blocks, each with the 2f+1
 *   PRECOMMITs that decided it (a self-certifying commit certificate); FETCH asks for them from a height on.
 */
import type { NodeId, SignedTx } from "../types.js";

/** The value v of Algorithm 1: a block of client transactions chained to its parent. */
export interface Block {
  readonly height: number;
  /** The node that built the block (a later round may re-propose it: validValue, l.15–16). */
  readonly proposer: NodeId;
  /** id() of the block decided at height − 1 (GENESIS_ID at height 1). */
  readonly parentId: Uint8Array;
  readonly txs: readonly SignedTx[];
}

/** Client transactions forwarded by `sender` (transactions it received from clients). */
export interface RequestMsg {
  readonly type: "REQUEST";
  readonly sender: NodeId;
  readonly txs: readonly SignedTx[];
  readonly sig: Uint8Array;
}

/** ⟨PROPOSAL, h, r, v, validRound⟩ (l.19); validRound is −1 for a fresh value. Sent by proposer(h, r). */
export interface ProposalMsg {
  readonly type: "PROPOSAL";
  readonly height: number;
  readonly round: number;
  readonly block: Block;
  readonly validRound: number;
  readonly sender: NodeId;
  readonly sig: Uint8Array;
}

/** ⟨PREVOTE | PRECOMMIT, h, r, id(v)⟩; `blockId` null is nil. */
export interface VoteMsg {
  readonly type: "PREVOTE" | "PRECOMMIT";
  readonly height: number;
  readonly round: number;
  readonly blockId: Uint8Array | null;
  readonly sender: NodeId;
  readonly sig: Uint8Array;
}

/** A decided block with its commit certificate: PRECOMMITs of one round for id(block), > 2/3 of the power. */
export interface DecidedEntry {
  readonly block: Block;
  readonly round: number;
  readonly precommits: readonly VoteMsg[];
}

/** Catch-up reply: decided blocks in ascending height order. */
export interface CommitMsg {
  readonly type: "COMMIT";
  readonly sender: NodeId;
  readonly entries: readonly DecidedEntry[];
  readonly sig: Uint8Array;
}

/** Catch-up request: "send me the decided blocks from `fromHeight` on". */
export interface FetchMsg {
  readonly type: "FETCH";
  readonly sender: NodeId;
  readonly fromHeight: number;
  readonly sig: Uint8Array;
}

export type TendermintMessage = RequestMsg | ProposalMsg | VoteMsg | CommitMsg | FetchMsg;
export type TendermintMessageType = TendermintMessage["type"];

/** A message before it is signed (distributes over the union, so `type` still discriminates). */
export type Unsigned<M extends TendermintMessage> = M extends TendermintMessage ? Omit<M, "sig"> : never;

/** Messages that belong to one (height, round) of the consensus instance. */
export type RoundMessage = ProposalMsg | VoteMsg;

export function isRoundMessage(msg: TendermintMessage): msg is RoundMessage {
  return msg.type === "PROPOSAL" || msg.type === "PREVOTE" || msg.type === "PRECOMMIT";
}

/** id of the (empty) block before height 1. */
export const GENESIS_ID: Uint8Array = new Uint8Array(32);
