/**
 * Key material and crypto services for a run: every node's and client's key pair derived from the scenario
 * seed (named streams "keys/node/i", "keys/client/j"), the per-run verification memo, counters of the
 * signatures made, and the cost model scaled by the node's CPU speed factor.
 */
import { RngStreams } from "../engine/rng.js";
import { getSuite } from "../crypto/suites.js";
import { VerifyMemo } from "../crypto/verify-memo.js";
import { hashCostUs, signCostUs, verifyCostUs, type CostProfile } from "../crypto/cost-profile.js";
import type { KeyPair, SignatureSuite, SuiteName } from "../crypto/types.js";
import type { NodeId, SignedTx } from "../protocols/types.js";
import type { HostCosts, HostKeys } from "./types.js";

/** Signatures and verifications of one scheme over a run: charged to simulated CPUs, and really computed. */
export interface SchemeOps {
  sign: { charged: number; computed: number };
  verify: { charged: number; computed: number };
}

function seedBytes(streams: RngStreams, name: string): Uint8Array {
  return streams.get(name).bytes(new Uint8Array(32));
}

export class RunKeys {
  readonly memo = new VerifyMemo();
  readonly nodeSuites: SignatureSuite[];
  /** Node keys are derived on first use (each from its own named stream, so the order never matters):
   * a 10,000-node proof-of-work run that never signs saves seconds of key generation. */
  private readonly nodeKeys: (KeyPair | undefined)[];
  private readonly streams: RngStreams;
  readonly clientSuite: SignatureSuite;
  readonly clientKeys: KeyPair[];
  /** The chain hash: the scenario-level suite's, shared by all nodes so block digests agree. */
  readonly chainSuite: SignatureSuite;
  /** Node signatures per scheme (each charged and computed). */
  private readonly nodeSigns = new Map<string, number>();
  /** Client transaction signatures (computed, never charged: clients are not simulated CPUs). */
  private clientSigns = 0;
  /** Authenticators checked: node signatures verified (charged, memo hits included) and client ones. */
  readonly verified = { nodeSignatures: 0, txSignatures: 0 };
  /**
   * Called with every signature made here (node and client): the parallel engine's worker verifies it once
   * where the signer lives and hands the answer to the other workers (engine/parallel/worker.ts).
   */
  onSigned: ((suite: SignatureSuite, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => void) | undefined;

  constructor(seed: number, chainSuiteName: SuiteName, perNode: readonly SuiteName[], clients: number) {
    const streams = new RngStreams(seed);
    this.streams = streams;
    this.chainSuite = getSuite(chainSuiteName);
    this.nodeSuites = perNode.map((name) => getSuite(name));
    this.nodeKeys = new Array<KeyPair | undefined>(perNode.length);
    this.clientSuite = this.chainSuite;
    this.clientKeys = [];
    for (let j = 0; j < clients; j++) {
      this.clientKeys.push(this.clientSuite.generateKeyPair(seedBytes(streams, `keys/client/${j}`)));
    }
  }

  /** Node `node`'s key pair, derived from the stream "keys/node/<node>" the first time it is needed. */
  nodeKey(node: NodeId): KeyPair | undefined {
    const suite = this.nodeSuites[node];
    if (suite === undefined) return undefined;
    let key = this.nodeKeys[node];
    if (key === undefined) {
      key = suite.generateKeyPair(seedBytes(this.streams, `keys/node/${node}`));
      this.nodeKeys[node] = key;
    }
    return key;
  }

  hostKeys(node: NodeId): HostKeys {
    const suite = this.nodeSuites[node] as SignatureSuite;
    const chain = this.chainSuite;
    return {
      scheme: suite.signatureName,
      sign: (bytes) => {
        this.nodeSigns.set(suite.signatureName, (this.nodeSigns.get(suite.signatureName) ?? 0) + 1);
        const key = this.nodeKey(node) as KeyPair;
        const signature = suite.sign(key.privateKey, bytes);
        this.onSigned?.(suite, key.publicKey, bytes, signature);
        return signature;
      },
      verifyNode: (signer, bytes, signature) => {
        this.verified.nodeSignatures++;
        const signerSuite = this.nodeSuites[signer];
        const signerKey = this.nodeKey(signer);
        if (signerSuite === undefined || signerKey === undefined) return { ok: false, scheme: suite.signatureName };
        const ok = this.memo.verify(signerSuite, signerKey.publicKey, bytes, signature);
        return { ok, scheme: signerSuite.signatureName };
      },
      verifyTx: (tx: SignedTx) => {
        this.verified.txSignatures++;
        const clientKey = this.clientKeys[tx.clientId];
        const scheme = this.clientSuite.signatureName;
        if (clientKey === undefined) return { ok: false, scheme };
        return { ok: this.memo.verify(this.clientSuite, clientKey.publicKey, tx.payload, tx.signature), scheme };
      },
      hashName: chain.hashName,
      hash: (bytes) => chain.hash(bytes),
    };
  }

  /** Counts a client transaction signature (made by the workload, here or in the crypto pool). */
  countClientSign(): void {
    this.clientSigns++;
  }

  /** A client transaction was signed (see onSigned). */
  clientSigned(tx: SignedTx): void {
    const key = this.clientKeys[tx.clientId];
    if (key !== undefined) this.onSigned?.(this.clientSuite, key.publicKey, tx.payload, tx.signature);
  }

  /** Sign/verify counts per scheme, keys sorted: what was charged to simulated CPUs and what was computed. */
  schemeOps(): Record<string, SchemeOps> {
    const verifications = this.memo.stats();
    const clientScheme = this.clientSuite.signatureName;
    const schemes = new Set([...this.nodeSigns.keys(), ...Object.keys(verifications)]);
    if (this.clientSigns > 0) schemes.add(clientScheme);
    const out: Record<string, SchemeOps> = {};
    for (const scheme of [...schemes].sort()) {
      const nodeSigns = this.nodeSigns.get(scheme) ?? 0;
      const verify = verifications[scheme] ?? { charged: 0, executed: 0 };
      out[scheme] = {
        sign: { charged: nodeSigns, computed: nodeSigns + (scheme === clientScheme ? this.clientSigns : 0) },
        verify: { charged: verify.charged, computed: verify.executed },
      };
    }
    return out;
  }
}

/** The host cost model for one node: profile figures divided by the node's speed factor. */
export function hostCosts(profile: CostProfile, speedFactor: number): HostCosts {
  const scale = (us: number): number => Math.max(0, Math.round(us / speedFactor));
  const cost = (key: string): number => scale(profile.costsUs[key] ?? 0);
  return {
    eventBaseUs: cost("event.base"),
    messagePerKiBUs: (profile.costsUs["message.perKiB"] ?? 0) / speedFactor,
    txExecuteUs: cost("tx.execute"),
    signUs: (scheme) => scale(signCostUs(profile, scheme)),
    verifyUs: (scheme) => scale(verifyCostUs(profile, scheme)),
    hashUs: (hashName, bytes) => scale(hashCostUs(profile, hashName, bytes)),
  };
}
