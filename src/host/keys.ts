/**
 * Key material and crypto services for a run: every node's and client's key pair derived from the scenario
 * seed (named streams "keys/node/i", "keys/client/j"), the per-run verification memo, and the cost model
 * scaled by the node's CPU speed factor.
 */
import { RngStreams } from "../engine/rng.js";
import { getSuite } from "../crypto/suites.js";
import { VerifyMemo } from "../crypto/verify-memo.js";
import { hashCostUs, signCostUs, verifyCostUs, type CostProfile } from "../crypto/cost-profile.js";
import type { KeyPair, SignatureSuite, SuiteName } from "../crypto/types.js";
import type { NodeId, SignedTx } from "../protocols/types.js";
import type { HostCosts, HostKeys } from "./types.js";

function seedBytes(streams: RngStreams, name: string): Uint8Array {
  return streams.get(name).bytes(new Uint8Array(32));
}

export class RunKeys {
  readonly memo = new VerifyMemo();
  readonly nodeSuites: SignatureSuite[];
  readonly nodeKeys: KeyPair[];
  readonly clientSuite: SignatureSuite;
  readonly clientKeys: KeyPair[];
  /** The chain hash: the scenario-level suite's, shared by all nodes so block digests agree. */
  readonly chainSuite: SignatureSuite;
  /** Authenticators checked: node signatures verified (charged, memo hits included) and client ones. */
  readonly verified = { nodeSignatures: 0, txSignatures: 0 };

  constructor(seed: number, chainSuiteName: SuiteName, perNode: readonly SuiteName[], clients: number) {
    const streams = new RngStreams(seed);
    this.chainSuite = getSuite(chainSuiteName);
    this.nodeSuites = perNode.map((name) => getSuite(name));
    this.nodeKeys = this.nodeSuites.map((suite, i) => suite.generateKeyPair(seedBytes(streams, `keys/node/${i}`)));
    this.clientSuite = this.chainSuite;
    this.clientKeys = [];
    for (let j = 0; j < clients; j++) {
      this.clientKeys.push(this.clientSuite.generateKeyPair(seedBytes(streams, `keys/client/${j}`)));
    }
  }

  hostKeys(node: NodeId): HostKeys {
    const suite = this.nodeSuites[node] as SignatureSuite;
    const key = this.nodeKeys[node] as KeyPair;
    const chain = this.chainSuite;
    return {
      scheme: suite.signatureName,
      sign: (bytes) => suite.sign(key.privateKey, bytes),
      verifyNode: (signer, bytes, signature) => {
        this.verified.nodeSignatures++;
        const signerSuite = this.nodeSuites[signer];
        const signerKey = this.nodeKeys[signer];
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
