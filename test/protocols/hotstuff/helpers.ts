/**
 * Shared set-up for the HotStuff tests: a harness running `hotstuffModule` with a small default configuration,
 * typed access to a replica's snapshot, a steady transaction load, a delay function with random jitter, and
 * hand-made blocks, QCs and messages signed with the harness's test keys (for scripted and Byzantine inputs).
 */
import { Harness, makeTx, testHash, testSign, type DelayFn } from "../../support/harness.js";
import {
  blockHashInput,
  genesisBlock,
  hotstuffModule,
  HotStuffReplica,
  proposalBytes,
  signingBytes,
  voteBytes,
  type Block,
  type HotStuffConfig,
  type HotStuffMessage,
  type HotStuffSnapshot,
  type ProposalMsg,
  type QuorumCert,
  type Unsigned,
} from "../../../src/protocols/hotstuff/index.js";

export const BASE_CONFIG: HotStuffConfig = {
  name: "hotstuff",
  batch: { maxTxs: 20, maxWaitUs: 2_000 },
  viewTimeoutUs: 100_000,
  maxViewTimeoutUs: 1_600_000,
};

export type HotStuffHarness = Harness<HotStuffMessage, HotStuffConfig>;

export function hotstuffHarness(
  n: number,
  config: Partial<HotStuffConfig> = {},
  opts: { seed?: number; delayUs?: DelayFn<HotStuffMessage>; trace?: boolean } = {},
): HotStuffHarness {
  return new Harness<HotStuffMessage, HotStuffConfig>({ module: hotstuffModule, config: { ...BASE_CONFIG, ...config }, n, ...opts });
}

export function snapshot(h: HotStuffHarness, node: number): HotStuffSnapshot {
  const p = h.protocol(node);
  if (!(p instanceof HotStuffReplica)) throw new Error(`node ${node} does not run HotStuffReplica`);
  const snap = p.snapshot();
  if (snap === undefined) throw new Error(`node ${node} not started`);
  return snap;
}

/** Submits `count` transactions, ids from `firstId`, every `everyUs` from `startUs`, round-robin over live nodes. */
export function load(h: HotStuffHarness, opts: { count: number; startUs: number; everyUs: number; firstId?: number; nodes?: readonly number[] }): void {
  const first = opts.firstId ?? 0;
  const targets = opts.nodes ?? h.nodes;
  for (let i = 0; i < opts.count; i++) {
    const atUs = opts.startUs + i * opts.everyUs;
    const node = targets[i % targets.length] as number;
    h.at(atUs, () => {
      if (h.isUp(node)) h.submit(node, makeTx(first + i, { submitUs: atUs }));
    });
  }
}

/** Uniform random delay in [minUs, maxUs] per message, from the harness's seeded network stream. */
export function jitter(minUs: number, maxUs: number): DelayFn<HotStuffMessage> {
  return (_from, _to, _msg, rng) => minUs + rng.int(maxUs - minUs + 1);
}

/** Transaction ids committed by `node`, sorted. */
export function committedSorted(h: HotStuffHarness, node: number): number[] {
  return (h.commits[node] ?? []).flatMap((c) => [...c.block.txIds]).sort((a, b) => a - b);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** The hash a replica computes for `block` (the harness hash is SHA-256, as ctx.crypto.hash). */
export function hashOf(block: Block): Uint8Array {
  return testHash(blockHashInput(block));
}

export const GENESIS_HASH = hashOf(genesisBlock());
export const GENESIS_QC: QuorumCert = { view: 0, blockHash: GENESIS_HASH, votes: [] };

/** A QC signed with the test keys of `voters` (what those replicas' votes would be). */
export function qcOf(view: number, blockHash: Uint8Array, voters: readonly number[]): QuorumCert {
  return { view, blockHash, votes: voters.map((voter) => ({ voter, sig: testSign(voter, voteBytes(view, blockHash)) })) };
}

/** A proposal for `block`, signed by its proposer's test key. */
export function proposalOf(block: Block): ProposalMsg {
  return { type: "PROPOSAL", block, sig: testSign(block.proposer, proposalBytes(block.view, hashOf(block))) };
}

/** Signs any non-proposal message with `signer`'s test key. */
export function signedBy<M extends HotStuffMessage>(signer: number, unsigned: Unsigned<M>): M {
  return { ...unsigned, sig: testSign(signer, signingBytes(unsigned)) } as unknown as M;
}
