/**
 * What a host needs from the simulation around it: a way to put messages on the network, schedule its own
 * local events, report commits and account CPU. Hosts never see the event queue directly.
 */
import type { SimTime } from "../engine/time.js";
import type { CostedHash, CostedSignatureScheme } from "../crypto/cost-profile.js";
import type { CommittedBlock, NodeId, SignedTx } from "../protocols/types.js";

export interface HostEnvironment<Msg> {
  /** Puts a message on the network at `atUs` (the sender's CPU time when it was sent). */
  transmit(from: NodeId, to: NodeId, msg: Msg, sizeBytes: number, type: string, atUs: SimTime): void;
  /** Schedules a local event for this node: a timer firing or the CPU becoming free. */
  scheduleTimer(node: NodeId, atUs: SimTime, timerId: number, epoch: number): void;
  scheduleCpuFree(node: NodeId, atUs: SimTime, epoch: number): void;
  committed(node: NodeId, block: CommittedBlock, atUs: SimTime): void;
  cpuBusy(node: NodeId, us: SimTime, category: string): void;
  viewChanged(node: NodeId, view: number, atUs: SimTime): void;
  observe(node: NodeId, atUs: SimTime, event: string, detail: Readonly<Record<string, number | string>>): void;
  trace?(node: NodeId, atUs: SimTime, event: string, detail?: Record<string, unknown>): void;
}

/** Simulated CPU costs of one node, in µs (already scaled by the node's speed factor). */
export interface HostCosts {
  eventBaseUs: number;
  messagePerKiBUs: number;
  txExecuteUs: number;
  signUs(scheme: CostedSignatureScheme): number;
  verifyUs(scheme: CostedSignatureScheme): number;
  hashUs(hashName: CostedHash, bytes: number): number;
}

/** Real cryptography available to a host: its own key, everyone's public keys, the per-run verify memo. */
export interface HostKeys {
  /** Signature scheme and key of this node. */
  readonly scheme: CostedSignatureScheme;
  sign(bytes: Uint8Array): Uint8Array;
  /** Verifies a signature by node `signer` (real arithmetic, memoised per run); also returns the scheme. */
  verifyNode(signer: NodeId, bytes: Uint8Array, signature: Uint8Array): { ok: boolean; scheme: CostedSignatureScheme };
  verifyTx(tx: SignedTx): { ok: boolean; scheme: CostedSignatureScheme };
  /** The chain hash (shared by all nodes so digests agree in mixed-suite networks). */
  readonly hashName: CostedHash;
  hash(bytes: Uint8Array): Uint8Array;
}

export type HostInput<Msg> =
  | { kind: "message"; from: NodeId; msg: Msg; sizeBytes: number }
  | { kind: "timer"; timerId: number }
  | { kind: "tx"; tx: SignedTx };
