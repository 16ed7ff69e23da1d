/**
 * Chained HotStuff messages (Yin, Malkhi, Reiter, Gueta & Abraham, "HotStuff: BFT Consensus with Linearity and
 * Responsiveness", PODC 2019, Algorithm 3 and §4.4) as a discriminated union on `type`.
 *
 * - A block ("node" in the paper) carries its parent's hash, its height, the view it was proposed in, its
 *   proposer, the QC that justifies it (`justify`, always a QC for its parent) and a batch of full transactions.
 * - A quorum certificate (QC) is n−f (voter, signature) pairs over (view, block hash): every pair is one
 *   authenticator on the wire and is verified by every receiver.
 * - Every message is signed by its sender. A PROPOSAL's and a VOTE's signatures cover (view, block hash), so
 *   votes can be gathered into QCs; the others cover their whole encoding without the signature (wire.ts).
 *
 * Not in the paper: BLOCK-REQUEST / BLOCK-RESPONSE (a replica fetching blocks it missed, self-authenticating by
 * hash links from a verified QC), and the sender's last vote piggybacked on NEW-VIEW (see pacemaker.ts).
 */
import type { NodeId, SignedTx } from "../types.js";

/** One authenticator of a QC: replica `voter`'s signature over voteBytes(view, blockHash). */
export interface VoteSig {
  readonly voter: NodeId;
  readonly sig: Uint8Array;
}

/** A quorum certificate: n−f distinct votes for the block `blockHash` in `view`. Genesis has view 0, no votes. */
export interface QuorumCert {
  readonly view: number;
  readonly blockHash: Uint8Array;
  readonly votes: readonly VoteSig[];
}

/** A tree node of Algorithm 3 (createLeaf(parent, cmd, qc)). Its hash is computed, never carried. */
export interface Block {
  readonly view: number;
  readonly height: number;
  readonly parent: Uint8Array;
  readonly proposer: NodeId;
  readonly justify: QuorumCert;
  readonly txs: readonly SignedTx[];
}

/** A client transaction forwarded to a leader (or relayed to everyone after a timeout). */
export interface RequestMsg {
  readonly type: "REQUEST";
  readonly sender: NodeId;
  readonly tx: SignedTx;
  readonly sig: Uint8Array;
}

/** Alg. 3: the leader of view v broadcasts ⟨generic, b_leaf, ⊥⟩ — signed by leaderOf(block.view). */
export interface ProposalMsg {
  readonly type: "PROPOSAL";
  readonly block: Block;
  readonly sig: Uint8Array;
}

/** Alg. 3: voteMsg(generic, b, ⊥) sent to leader(v+1); `sig` over voteBytes(view, blockHash) joins the QC. */
export interface VoteMsg {
  readonly type: "VOTE";
  readonly view: number;
  readonly blockHash: Uint8Array;
  readonly voter: NodeId;
  readonly sig: Uint8Array;
}

/** A vote carried inside NEW-VIEW: the sender's most recent vote (its signature is a VOTE signature). */
export interface CarriedVote {
  readonly view: number;
  readonly blockHash: Uint8Array;
  readonly sig: Uint8Array;
}

/** §4.4 / Alg. 3 nextView: ⟨new-view, v, genericQC⟩ sent to leader(v) when view v−1 timed out. */
export interface NewViewMsg {
  readonly type: "NEW-VIEW";
  readonly view: number;
  readonly highQC: QuorumCert;
  readonly lastVote: CarriedVote | null;
  readonly sender: NodeId;
  readonly sig: Uint8Array;
}

/** "Send me the block `hash` and up to maxBlocks−1 of its ancestors" (empty hash: your highQC's block). */
export interface BlockRequestMsg {
  readonly type: "BLOCK-REQUEST";
  readonly hash: Uint8Array;
  readonly maxBlocks: number;
  readonly sender: NodeId;
  readonly sig: Uint8Array;
}

/** Blocks in ascending height, each the parent of the next; `tipQC` certifies the last one (tip requests). */
export interface BlockResponseMsg {
  readonly type: "BLOCK-RESPONSE";
  readonly blocks: readonly Block[];
  readonly tipQC: QuorumCert | null;
  readonly sender: NodeId;
  readonly sig: Uint8Array;
}

export type HotStuffMessage =
  | RequestMsg
  | ProposalMsg
  | VoteMsg
  | NewViewMsg
  | BlockRequestMsg
  | BlockResponseMsg;

export type HotStuffMessageType = HotStuffMessage["type"];

/** A message before it is signed (distributes over the union, so `type` still discriminates). */
export type Unsigned<M extends HotStuffMessage> = M extends HotStuffMessage ? Omit<M, "sig"> : never;

/** The leader of view v is v mod n: a new leader every view, as in the paper's chained form. */
export function leaderOf(view: number, n: number): NodeId {
  return view % n;
}

/** The replica whose signature `msg` must carry. */
export function signerOf(msg: Unsigned<HotStuffMessage>, n: number): NodeId {
  switch (msg.type) {
    case "PROPOSAL":
      return leaderOf(msg.block.view, n);
    case "VOTE":
      return msg.voter;
    default:
      return msg.sender;
  }
}
