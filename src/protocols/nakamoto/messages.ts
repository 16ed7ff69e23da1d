/**
 * Nakamoto messages, after Bitcoin's P2P protocol: blocks are announced by hash (`inv`), fetched on request
 * (`getdata` → `block`), or relayed as BIP 152 compact blocks (`cmpctblock`, with `getblocktxn`/`blocktxn`
 * for the transactions the receiver lacks). Transactions are announced in batches (`inv` of MSG_TX, here TXINV)
 * and fetched with GETTX → TX. Nothing is signed: blocks carry proof of work, transactions their clients'
 * signatures.
 */
import type { SignedTx } from "../types.js";
import type { Block, BlockHeader, Digest } from "./block.js";

export interface InvMsg {
  readonly type: "INV";
  /** Hashes of blocks the sender has validated and holds. */
  readonly blocks: readonly Digest[];
}

export interface GetDataMsg {
  readonly type: "GETDATA";
  readonly hash: Digest;
  /** Ask for a compact block (BIP 152 MSG_CMPCT_BLOCK) rather than the full block. */
  readonly compact: boolean;
}

export interface BlockMsg {
  readonly type: "BLOCK";
  readonly block: Block;
}

/** BIP 152 compact block: the header plus short ids of its transactions (no prefilled transactions). */
export interface CmpctBlockMsg {
  readonly type: "CMPCTBLOCK";
  readonly header: BlockHeader;
  /** The block's transactions by id, in block order (6-byte short ids on the wire). */
  readonly txIds: readonly number[];
  /** The block's background padding; on the wire, one 6-byte short id per background transaction. */
  readonly paddingBytes: number;
}

export interface GetBlockTxnMsg {
  readonly type: "GETBLOCKTXN";
  readonly hash: Digest;
  /** Positions in the block of the transactions the receiver lacks. */
  readonly indexes: readonly number[];
}

export interface BlockTxnMsg {
  readonly type: "BLOCKTXN";
  readonly hash: Digest;
  readonly txs: readonly SignedTx[];
}

export interface TxInvMsg {
  readonly type: "TXINV";
  readonly txIds: readonly number[];
}

export interface GetTxMsg {
  readonly type: "GETTX";
  readonly txIds: readonly number[];
}

export interface TxMsg {
  readonly type: "TX";
  readonly txs: readonly SignedTx[];
}

export type NakamotoMessage =
  | InvMsg
  | GetDataMsg
  | BlockMsg
  | CmpctBlockMsg
  | GetBlockTxnMsg
  | BlockTxnMsg
  | TxInvMsg
  | GetTxMsg
  | TxMsg;

export type NakamotoMessageType = NakamotoMessage["type"];

export const inv = (blocks: readonly Digest[]): InvMsg => ({ type: "INV", blocks });
export const getData = (hash: Digest, compact: boolean): GetDataMsg => ({ type: "GETDATA", hash, compact });
export const blockMsg = (block: Block): BlockMsg => ({ type: "BLOCK", block });
export const cmpctBlock = (block: Block): CmpctBlockMsg => ({
  type: "CMPCTBLOCK", header: block.header, txIds: block.txs.map((tx) => tx.id), paddingBytes: block.paddingBytes,
});
export const getBlockTxn = (hash: Digest, indexes: readonly number[]): GetBlockTxnMsg => ({ type: "GETBLOCKTXN", hash, indexes });
export const blockTxn = (hash: Digest, txs: readonly SignedTx[]): BlockTxnMsg => ({ type: "BLOCKTXN", hash, txs });
export const txInv = (txIds: readonly number[]): TxInvMsg => ({ type: "TXINV", txIds });
export const getTx = (txIds: readonly number[]): GetTxMsg => ({ type: "GETTX", txIds });
export const txMsg = (txs: readonly SignedTx[]): TxMsg => ({ type: "TX", txs });
