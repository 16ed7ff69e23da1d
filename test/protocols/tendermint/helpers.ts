/**
 * Shared set-up for the Tendermint tests: a harness running `tendermintModule` with a small configuration,
 * typed access to a node's snapshot, and builders for hand-made, correctly signed proposals and votes (to
 * drive one node through exact message sequences of Algorithm 1).
 */
import { toHex } from "../../../src/protocols/codec.js";
import {
  blockId,
  GENESIS_ID,
  signTendermintMessage,
  tendermintModule,
  TendermintNode,
  type Block,
  type ProposalMsg,
  type TendermintConfig,
  type TendermintMessage,
  type TendermintSnapshot,
  type VoteMsg,
} from "../../../src/protocols/tendermint/index.js";
import { Harness, makeTx, type DelayFn } from "../../support/harness.js";

export const BASE_CONFIG: TendermintConfig = {
  name: "tendermint",
  batch: { maxTxs: 10, maxWaitUs: 2_000 },
  timeoutProposeUs: 50_000,
  timeoutPrevoteUs: 20_000,
  timeoutPrecommitUs: 20_000,
  timeoutDeltaUs: 10_000,
};

export type TmHarness = Harness<TendermintMessage, TendermintConfig>;

export function tmHarness(
  n: number,
  config: Partial<TendermintConfig> = {},
  opts: { seed?: number; delayUs?: DelayFn<TendermintMessage>; trace?: boolean } = {},
): TmHarness {
  return new Harness<TendermintMessage, TendermintConfig>({ module: tendermintModule, config: { ...BASE_CONFIG, ...config }, n, ...opts });
}

export function snapshot(h: TmHarness, node: number): TendermintSnapshot {
  const p = h.protocol(node);
  if (!(p instanceof TendermintNode)) throw new Error(`node ${node} does not run TendermintNode`);
  const snap = p.snapshot();
  if (snap === undefined) throw new Error(`node ${node} not started`);
  return snap;
}

/** A block at `height` (parent: genesis unless given) holding transactions with the given ids. */
export function block(txIds: number[], opts: { height?: number; proposer?: number; parentId?: Uint8Array } = {}): Block {
  return { height: opts.height ?? 1, proposer: opts.proposer ?? 0, parentId: opts.parentId ?? GENESIS_ID, txs: txIds.map((id) => makeTx(id)) };
}

export function idOf(h: TmHarness, b: Block): string {
  return toHex(blockId(h.ctx(0), b));
}

/** ⟨PROPOSAL, height, round, b, validRound⟩ signed by `sender`. */
export function proposal(h: TmHarness, sender: number, round: number, b: Block, validRound = -1): ProposalMsg {
  return signTendermintMessage<ProposalMsg>(h.ctx(sender), { type: "PROPOSAL", height: b.height, round, block: b, validRound, sender });
}

/** A vote of `type` by `sender` for `b` (undefined: nil). */
export function vote(h: TmHarness, type: VoteMsg["type"], sender: number, round: number, b: Block | undefined, height = 1): VoteMsg {
  const id = b === undefined ? null : blockId(h.ctx(0), b);
  return signTendermintMessage<VoteMsg>(h.ctx(sender), { type, height, round, blockId: id, sender });
}

/** Drops everything `node` sends (its sends stay in h.sent, flagged dropped) and everything sent to it. */
export function isolate(h: TmHarness, node: number): () => void {
  return h.addFilter((from, to) => from !== node && to !== node);
}

/** Sends of `type` by `from`, not counting the n−1 copies of one broadcast twice. */
export function sentBy(h: TmHarness, from: number, type: string): TendermintMessage[] {
  const seen = new Set<TendermintMessage>();
  for (const r of h.sent) if (r.from === from && r.type === type) seen.add(r.msg);
  return [...seen];
}

export function voteValue(msg: TendermintMessage): string | null {
  if (msg.type !== "PREVOTE" && msg.type !== "PRECOMMIT") throw new Error(`not a vote: ${msg.type}`);
  return msg.blockId === null ? null : toHex(msg.blockId);
}
