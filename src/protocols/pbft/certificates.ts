/**
 * Certificates of the view-change protocol (§4.4, and TOCS 2002 §4.4–4.5): checking a VIEW-CHANGE's
 * checkpoint proof C and prepared certificates P, and computing a NEW-VIEW's O from V. Every embedded message
 * is verified — a certificate is only as good as its signatures. Signature checks and digests are passed in
 * as a `CertificateCrypto`, so these rules stay pure and testable.
 */
import { bytesEqual, toHex } from "../codec.js";
import type { NodeId, SignedTx } from "../types.js";
import type { CheckpointMsg, CommitMsg, PbftMessage, PreparedCertificate, ViewChangeMsg } from "./messages.js";
import { primaryOf } from "./messages.js";
import { quorumSize } from "./rules.js";

export interface CertificateCrypto {
  /** True when `msg` carries a valid signature by the replica that must have signed it. */
  verify(msg: PbftMessage): boolean;
  digest(seq: number, proposer: NodeId, batch: readonly SignedTx[]): Uint8Array;
  /** The quorum in force (protocol.quorumOverride); absent: quorumSize(n). */
  readonly quorum?: number;
}

/** One entry of O: the batch the new primary must pre-prepare again at `seq` (empty = null request). */
export interface NewViewEntry {
  readonly seq: number;
  readonly digest: Uint8Array;
  readonly proposer: NodeId;
  readonly batch: readonly SignedTx[];
}

export interface NewViewPlan {
  /** min-s: the latest stable checkpoint in V. */
  readonly minS: number;
  /** max-s: the highest sequence number in a prepared certificate in V (≥ min-s). */
  readonly maxS: number;
  /** The VIEW-CHANGE in V that proves the checkpoint min-s. */
  readonly checkpointFrom: ViewChangeMsg;
  readonly entries: readonly NewViewEntry[];
}

function distinct(ids: readonly NodeId[]): boolean {
  return new Set(ids).size === ids.length;
}

/** C (§4.4): 2f+1 valid checkpoint messages from distinct replicas for (n, d); nothing needed for genesis 0. */
export function checkpointProofValid(stableSeq: number, proof: readonly CheckpointMsg[], n: number, c: CertificateCrypto): boolean {
  if (stableSeq === 0) return proof.length === 0;
  const first = proof[0];
  if (first === undefined || proof.length < (c.quorum ?? quorumSize(n)) || !distinct(proof.map((m) => m.replica))) return false;
  return proof.every((m) => m.seq === stableSeq && bytesEqual(m.stateDigest, first.stateDigest) && c.verify(m));
}

/**
 * A commit certificate: 2f+1 COMMITs from distinct replicas matching one view, `seq` and `digest` (§4.2:
 * committed-local needs exactly this many), so at least f+1 correct replicas prepared the batch there and no
 * other batch can ever commit at `seq`.
 */
export function commitCertificateValid(
  seq: number,
  digest: Uint8Array,
  proof: readonly CommitMsg[],
  n: number,
  c: CertificateCrypto,
): boolean {
  const first = proof[0];
  if (first === undefined || proof.length < (c.quorum ?? quorumSize(n)) || !distinct(proof.map((m) => m.replica))) return false;
  return proof.every((m) => m.view === first.view && m.seq === seq && bytesEqual(m.digest, digest) && c.verify(m));
}

/**
 * P_m (§4.4): "a valid pre-prepare message (without the corresponding client message) and 2f matching, valid
 * prepare messages signed by different backups with the same view, sequence number, and digest". Its number
 * must lie in the sender's window (h, h+L] and its view below the view being changed to.
 */
export function preparedCertificateValid(
  cert: PreparedCertificate,
  vc: ViewChangeMsg,
  n: number,
  window: number,
  c: CertificateCrypto,
): boolean {
  const pp = cert.prePrepare;
  if (pp.seq <= vc.stableSeq || pp.seq > vc.stableSeq + window || pp.view >= vc.newView) return false;
  if (!bytesEqual(pp.digest, c.digest(pp.seq, pp.proposer, pp.batch)) || !c.verify(pp)) return false;
  const primary = primaryOf(pp.view, n);
  const prepares = cert.prepares;
  if (prepares.length < (c.quorum ?? quorumSize(n)) - 1 || !distinct(prepares.map((p) => p.replica))) return false;
  return prepares.every(
    (p) => p.replica !== primary && p.view === pp.view && p.seq === pp.seq && bytesEqual(p.digest, pp.digest) && c.verify(p),
  );
}

/** A VIEW-CHANGE is valid when it is signed and its C and every P_m are (§4.4), with one P_m per number. */
export function viewChangeCertificateValid(vc: ViewChangeMsg, n: number, window: number, c: CertificateCrypto): boolean {
  if (!c.verify(vc)) return false;
  if (!checkpointProofValid(vc.stableSeq, vc.checkpointProof, n, c)) return false;
  if (!distinct(vc.prepared.map((cert) => cert.prePrepare.seq))) return false;
  return vc.prepared.every((cert) => preparedCertificateValid(cert, vc, n, window, c));
}

/**
 * O (§4.4): "The primary determines the sequence number min-s of the latest stable checkpoint in V and the
 * highest sequence number max-s in a prepare message in V. The primary creates a new pre-prepare message for
 * view v+1 for each sequence number n between min-s and max-s. There are two cases: (1) there is at least one
 * set in the P component of some view-change message in V with sequence number n, or (2) there is no such
 * set. In the first case, the primary creates ⟨PRE-PREPARE, v+1, n, d⟩ where d is the request digest in the
 * pre-prepare message for sequence number n with the highest view number in V. In the second case, it
 * creates ⟨PRE-PREPARE, v+1, n, d_null⟩, where d_null is the digest of a special null request."
 * `V` must be non-empty and already validated. Ties between equal views (impossible with honest quorums) are
 * broken by digest so that every replica computes the same O.
 */
export function computeNewViewO(V: readonly ViewChangeMsg[], newView: number, n: number, c: CertificateCrypto): NewViewPlan {
  let checkpointFrom = V[0] as ViewChangeMsg;
  for (const vc of V) if (vc.stableSeq > checkpointFrom.stableSeq) checkpointFrom = vc;
  const minS = checkpointFrom.stableSeq;
  const best = new Map<number, PreparedCertificate>();
  for (const vc of V) {
    for (const cert of vc.prepared) {
      const seq = cert.prePrepare.seq;
      if (seq <= minS) continue;
      const cur = best.get(seq);
      if (cur === undefined || higherCertificate(cert, cur)) best.set(seq, cert);
    }
  }
  const maxS = Math.max(minS, ...best.keys());
  const entries: NewViewEntry[] = [];
  for (let seq = minS + 1; seq <= maxS; seq++) {
    const cert = best.get(seq);
    if (cert !== undefined) {
      const pp = cert.prePrepare;
      entries.push({ seq, digest: pp.digest, proposer: pp.proposer, batch: pp.batch });
    } else {
      const proposer = primaryOf(newView, n);
      entries.push({ seq, digest: c.digest(seq, proposer, []), proposer, batch: [] });
    }
  }
  return { minS, maxS, checkpointFrom, entries };
}

function higherCertificate(a: PreparedCertificate, b: PreparedCertificate): boolean {
  if (a.prePrepare.view !== b.prePrepare.view) return a.prePrepare.view > b.prePrepare.view;
  return toHex(a.prePrepare.digest) > toHex(b.prePrepare.digest);
}
