/**
 * The `crypto` section of result.json: per signature scheme, the signatures and verifications charged to
 * simulated CPUs and those really computed (a verification is computed once per distinct input and run,
 * in this thread or the crypto pool; client signatures are computed but never charged), the simulated CPU
 * time charged for them, and which nodes sign with the scheme. Mixed-suite networks (`crypto.nodes`) show
 * each suite's cost side by side.
 *
 * The CPU figures are sums of the per-node `cpuByCategoryMs` (categories `<scheme>.sign` and
 * `<scheme>.verify`, each including the hash of the signed bytes); the counts are the same whether or not a
 * pool was used. The section is derived from the run, so it stays out of the resultHash.
 */
import { getSuite } from "../crypto/suites.js";
import type { SuiteName } from "../crypto/types.js";
import type { SchemeOps } from "../host/keys.js";

export interface CryptoSchemeSection extends SchemeOps {
  /** Simulated CPU milliseconds charged, over all nodes. */
  cpuMs: { sign: number; verify: number; total: number };
  /** Nodes that sign with this scheme. */
  signers: number[];
}

/** Keyed by scheme ("sm2", "ecdsa-p256", "ed25519"), keys sorted. */
export type CryptoSection = Record<string, CryptoSchemeSection>;

const round3 = (ms: number): number => Math.round(ms * 1000) / 1000;

export function cryptoSection(
  ops: Readonly<Record<string, SchemeOps>>,
  nodes: readonly { id: number; cpuByCategoryMs: Readonly<Record<string, number>> }[],
  perNodeSuites: readonly SuiteName[],
): CryptoSection {
  const schemes = new Set(Object.keys(ops));
  const signerScheme = perNodeSuites.map((suite) => getSuite(suite).signatureName as string);
  signerScheme.forEach((scheme) => schemes.add(scheme));
  const out: CryptoSection = {};
  for (const scheme of [...schemes].sort()) {
    let signMs = 0;
    let verifyMs = 0;
    for (const node of nodes) {
      signMs += node.cpuByCategoryMs[`${scheme}.sign`] ?? 0;
      verifyMs += node.cpuByCategoryMs[`${scheme}.verify`] ?? 0;
    }
    const counts = ops[scheme] ?? { sign: { charged: 0, computed: 0 }, verify: { charged: 0, computed: 0 } };
    out[scheme] = {
      sign: { ...counts.sign },
      verify: { ...counts.verify },
      cpuMs: { sign: round3(signMs), verify: round3(verifyMs), total: round3(signMs + verifyMs) },
      signers: signerScheme.flatMap((s, id) => (s === scheme ? [id] : [])),
    };
  }
  return out;
}
