/**
 * PBFT messages (Castro & Liskov, OSDI '99 §4; TOCS 2002 §4) as a discriminated union on `type`.
 * Every message carries `sig`: its sender's signature over the message's encoding without the signature
 * (see wire.ts, `signingBytes`). Who must have signed it is fixed by the message itself (`signerOf`): the
 * primary of the view for PRE-PREPARE and NEW-VIEW, the named replica `i` for the others.
 *
 * Two messages are not in the paper: FETCH and FETCH-REPLY, the simple state transfer a lagging or
 * recovered replica uses to obtain committed batches (it accepts a batch once f+1 replicas vouch for it).
 */
import type { NodeId, SignedTx } from "../types.js";

/** A client transaction forwarded by a backup to the primary (§4.1: "the backup forwards the request"). */
export interface RequestMsg {
  readonly type: "REQUEST";
  readonly replica: NodeId;
  readonly tx: SignedTx;
  readonly sig: Uint8Array;
}

/**
 * ⟨PRE-PREPARE, v, n, d⟩σp with the batch m piggybacked (§4.2). `proposer` is the replica that first built the
 * batch; it is part of the digest, so a batch carried into a later view keeps its proposer.
 */
export interface PrePrepareMsg {
  readonly type: "PRE-PREPARE";
  readonly view: number;
  readonly seq: number;
  readonly digest: Uint8Array;
  readonly proposer: NodeId;
  readonly batch: readonly SignedTx[];
  readonly sig: Uint8Array;
}

/** ⟨PREPARE, v, n, d, i⟩σi (§4.2), sent by backups only. */
export interface PrepareMsg {
  readonly type: "PREPARE";
  readonly view: number;
  readonly seq: number;
  readonly digest: Uint8Array;
  readonly replica: NodeId;
  readonly sig: Uint8Array;
}

/** ⟨COMMIT, v, n, D(m), i⟩σi (§4.2), sent by every replica once prepared. */
export interface CommitMsg {
  readonly type: "COMMIT";
  readonly view: number;
  readonly seq: number;
  readonly digest: Uint8Array;
  readonly replica: NodeId;
  readonly sig: Uint8Array;
}

/** ⟨CHECKPOINT, n, d, i⟩σi (§4.3): d is the digest of the state after executing sequence number n. */
export interface CheckpointMsg {
  readonly type: "CHECKPOINT";
  readonly seq: number;
  readonly stateDigest: Uint8Array;
  readonly replica: NodeId;
  readonly sig: Uint8Array;
}

/** P_m (§4.4): a pre-prepare and 2f matching prepares from distinct backups, proving m prepared. */
export interface PreparedCertificate {
  readonly prePrepare: PrePrepareMsg;
  readonly prepares: readonly PrepareMsg[];
}

/** ⟨VIEW-CHANGE, v+1, n, C, P, i⟩σi (§4.4). */
export interface ViewChangeMsg {
  readonly type: "VIEW-CHANGE";
  readonly newView: number;
  /** n: the sequence number of the last stable checkpoint s known to i. */
  readonly stableSeq: number;
  /** C: 2f+1 valid checkpoint messages proving s (empty for the genesis checkpoint 0). */
  readonly checkpointProof: readonly CheckpointMsg[];
  /** P: a certificate for each request prepared at i with a sequence number above n. */
  readonly prepared: readonly PreparedCertificate[];
  readonly replica: NodeId;
  readonly sig: Uint8Array;
}

/** ⟨NEW-VIEW, v+1, V, O⟩σp (§4.4). */
export interface NewViewMsg {
  readonly type: "NEW-VIEW";
  readonly newView: number;
  /** V: 2f+1 valid view-change messages for v+1. */
  readonly viewChanges: readonly ViewChangeMsg[];
  /** O: pre-prepares for view v+1 covering (min-s, max-s], null requests (empty batches) in the gaps. */
  readonly prePrepares: readonly PrePrepareMsg[];
  readonly sig: Uint8Array;
}

/** State transfer request: "send me the committed batches from `fromSeq` on". */
export interface FetchMsg {
  readonly type: "FETCH";
  readonly fromSeq: number;
  readonly replica: NodeId;
  readonly sig: Uint8Array;
}

/**
 * One committed batch as executed by the sender. Its digest is recomputed by the receiver. `commitProof`, when
 * the sender still has it, is a commit certificate: 2f+1 matching signed COMMITs (§4.2's committed-local
 * quorum), which proves the batch decided on its own; without it the receiver needs f+1 matching replies.
 */
export interface CommittedEntry {
  readonly seq: number;
  readonly proposer: NodeId;
  readonly batch: readonly SignedTx[];
  readonly commitProof: readonly CommitMsg[];
}

/**
 * State transfer reply: the sender's view, how far it has executed, its stable checkpoint with proof (so a
 * replica far behind can move its watermarks), and a run of committed batches.
 */
export interface FetchReplyMsg {
  readonly type: "FETCH-REPLY";
  /** The last view the sender entered (a NEW-VIEW it accepted), not a view it is still changing to. */
  readonly view: number;
  readonly lastExecuted: number;
  /** The sender's last stable checkpoint and its proof (2f+1 CHECKPOINTs; empty for genesis 0). */
  readonly stableSeq: number;
  readonly checkpointProof: readonly CheckpointMsg[];
  readonly entries: readonly CommittedEntry[];
  readonly replica: NodeId;
  readonly sig: Uint8Array;
}

export type PbftMessage =
  | RequestMsg
  | PrePrepareMsg
  | PrepareMsg
  | CommitMsg
  | CheckpointMsg
  | ViewChangeMsg
  | NewViewMsg
  | FetchMsg
  | FetchReplyMsg;

export type PbftMessageType = PbftMessage["type"];

/** A message before it is signed (distributes over the union, so `type` still discriminates). */
export type Unsigned<M extends PbftMessage> = M extends PbftMessage ? Omit<M, "sig"> : never;

/** Primary of view v is p = v mod |R| (§4.1); replicas are numbered 0..n−1. */
export function primaryOf(view: number, n: number): NodeId {
  return view % n;
}

/** The replica whose signature `msg` must carry. */
export function signerOf(msg: Unsigned<PbftMessage>, n: number): NodeId {
  switch (msg.type) {
    case "PRE-PREPARE":
      return primaryOf(msg.view, n);
    case "NEW-VIEW":
      return primaryOf(msg.newView, n);
    default:
      return msg.replica;
  }
}
