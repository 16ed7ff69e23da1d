/**
 * Thin helpers over the NodeContext: signing and verifying messages, block ids, and timers whose stale
 * firings are recognised by tag. Everything that asks the host for an effect goes through here, so the rule
 * files stay readable.
 */
import { toHex } from "../codec.js";
import type { NodeContext, TimerTag } from "../types.js";
import type { Block, TendermintMessage, Unsigned } from "./messages.js";
import { blockIdInput, signingBytes } from "./wire.js";
import { signMessage, verifyMessage } from "../signing.js";

export type Ctx = NodeContext<TendermintMessage>;

/** Signs `unsigned` over its encoding without the signature. */
export function sign<M extends TendermintMessage>(ctx: Ctx, unsigned: Unsigned<M>): M {
  return signMessage<M>(ctx as NodeContext<unknown>, unsigned as never, signingBytes as never);
}

/** Checks that `msg` carries a valid signature by its `sender`, a member of the validator set. */
export function verifySignature(ctx: Ctx, n: number, msg: TendermintMessage): boolean {
  return verifyMessage(ctx as NodeContext<unknown>, n, msg.sender, msg, signingBytes as never);
}

/** id(v) = H(domain ‖ height ‖ proposer ‖ parent id ‖ transactions). */
export function blockId(ctx: Ctx, block: Block): Uint8Array {
  return ctx.crypto.hash(blockIdInput(block));
}

export function blockIdHex(ctx: Ctx, block: Block): string {
  return toHex(blockId(ctx, block));
}

export { armTimer, disarmTimer, firedNow, isArmed } from "../timers.js";

/**
 * The round timeouts of Algorithm 1 are tagged with their (height, round) and kind, as in the paper's
 * "schedule OnTimeoutPropose(h_p, round_p)": the handler itself checks they still apply (l.58, l.62, l.66).
 */
export type RoundTimeoutKind = "propose" | "prevote" | "precommit";

export function roundTimerTag(kind: RoundTimeoutKind, height: number, round: number): TimerTag {
  return `timeout-${kind}/${height}/${round}`;
}

export function parseRoundTimerTag(tag: TimerTag): { kind: RoundTimeoutKind; height: number; round: number } | undefined {
  const match = /^timeout-(propose|prevote|precommit)\/(\d+)\/(\d+)$/.exec(tag);
  if (match === null) return undefined;
  return { kind: match[1] as RoundTimeoutKind, height: Number(match[2]), round: Number(match[3]) };
}
