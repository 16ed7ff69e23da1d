/**
 * Shared set-up for the Nakamoto tests: a harness over `nakamotoModule` with a small configuration, hand-made
 * blocks on a chosen parent (real hashes: the harness's SHA-256), and typed access to a node's state.
 */
import { Harness, testHash, type DelayFn } from "../../support/harness.js";
import {
  blockHash, GENESIS_HEADER, merkleRoot, nakamotoModule, NakamotoNode, type Block, type NakamotoConfig,
  type NakamotoMessage, type NodeState,
} from "../../../src/protocols/nakamoto/index.js";
import { freezeBlock, type Digest } from "../../../src/protocols/nakamoto/block.js";
import { difficultyFor, resolveConfig } from "../../../src/protocols/nakamoto/config.js";
import type { SignedTx } from "../../../src/protocols/types.js";

export const BASE_CONFIG: NakamotoConfig = {
  name: "nakamoto",
  batch: { maxTxs: 100, maxWaitUs: 0 },
  blockIntervalUs: 10_000_000,
  blockSizeBytes: 20_000,
  confirmations: 2,
  validationPerTxUs: 0,
  validationPerKiBUs: 0,
  txRelayIntervalUs: 100_000,
};

/** A config in which nobody mines (blocks come only from the test). */
export const NO_MINING: Partial<NakamotoConfig> = { hashPower: { kind: "shares", shares: [0] } };

export type NakamotoHarness = Harness<NakamotoMessage, NakamotoConfig>;

export function nakamotoHarness(
  n: number,
  config: Partial<NakamotoConfig> = {},
  opts: { seed?: number; delayUs?: DelayFn<NakamotoMessage> } = {},
): NakamotoHarness {
  return new Harness<NakamotoMessage, NakamotoConfig>({ module: nakamotoModule, config: { ...BASE_CONFIG, ...config }, n, ...opts });
}

export function state(h: NakamotoHarness, node: number): Readonly<NodeState> {
  const p = h.protocol(node);
  if (!(p instanceof NakamotoNode)) throw new Error(`node ${node} does not run NakamotoNode`);
  const s = p.inspect();
  if (s === undefined) throw new Error(`node ${node} not started`);
  return s;
}

export const GENESIS_HASH: Digest = blockHash(GENESIS_HEADER, testHash);

/** A valid block on `parent` (at `height`), mined by `miner`, hashed with the harness's SHA-256. */
export function makeBlock(
  parent: Digest, height: number, opts: { miner?: number; nonce?: number; txs?: SignedTx[]; config?: NakamotoConfig } = {},
): { hash: Digest; block: Block } {
  const txs = opts.txs ?? [];
  const config = resolveConfig(opts.config ?? BASE_CONFIG);
  const block = freezeBlock({
    header: {
      version: 1, height, parent, merkleRoot: merkleRoot(txs, 0, testHash), timeUs: 0,
      difficulty: difficultyFor(config), miner: opts.miner ?? 0, nonce: opts.nonce ?? 0,
    },
    txs,
    paddingBytes: 0,
  });
  return { hash: blockHash(block.header, testHash), block };
}

/** A chain of `length` blocks on `parent`; `nonce` tells competing chains apart. */
export function makeChain(parent: Digest, parentHeight: number, length: number, nonce: number): { hash: Digest; block: Block }[] {
  const out: { hash: Digest; block: Block }[] = [];
  let at = parent;
  for (let i = 1; i <= length; i++) {
    const next = makeBlock(at, parentHeight + i, { nonce, miner: nonce });
    out.push(next);
    at = next.hash;
  }
  return out;
}
