/**
 * Byzantine strategies that wrap a node (ARCHITECTURE §3: adversaries wrap a node's context or its link to the
 * network, never an `if (byzantine)` in protocol code). The node runs the unmodified protocol; what leaves it is
 * altered on the way out:
 *
 * - silent: nothing it sends reaches anyone;
 * - delay: everything it sends leaves `delay` late;
 * - drop-votes: its vote-type messages (votes.ts) are dropped, the rest goes out;
 * - replay: besides its messages, old messages of its own are re-sent `delay` later to random nodes;
 * - forge: every signature it makes is corrupted (receivers' real verification rejects them — counted);
 * - flood: each message is also sent again to its receiver, within `budget` extra bytes per simulated second;
 * - equivocate: protocol-aware conflicting proposals and votes to two halves (strategies/<protocol>.ts).
 *
 * Random choices come from the node's own adversary stream ("adversary/<node>").
 */
import type { Rng } from "../engine/rng.js";
import type { SimTime } from "../engine/time.js";
import type { HostEnvironment } from "../host/types.js";
import type { NodeContext, NodeId } from "../protocols/types.js";
import type { AdversarySpec } from "../scenario/types.js";
import { equivocator } from "./strategies/index.js";
import { isVoteType } from "./votes.js";

export interface AdversaryHooks {
  /** Wraps what the host puts on the network. */
  environment?(env: HostEnvironment<unknown>): HostEnvironment<unknown>;
  /** Wraps the node's context (signing, protocol-aware rewriting). */
  context?(ctx: NodeContext<unknown>): NodeContext<unknown>;
}

type Transmit = HostEnvironment<unknown>["transmit"];

/** Most old messages a replaying node remembers. */
const REPLAY_MEMORY = 64;
/** Chance that a send also replays an old message. */
const REPLAY_CHANCE = 0.25;
/** Most extra copies of one message a flooding node sends. */
const FLOOD_COPIES = 4;

function withTransmit(env: HostEnvironment<unknown>, transmit: Transmit): HostEnvironment<unknown> {
  return { ...env, transmit };
}

/** Flips the last byte: the signature stays well-formed in length but no longer verifies. */
export function corruptSignature(sig: Uint8Array): Uint8Array {
  const out = sig.slice();
  if (out.length > 0) out[out.length - 1] = (out[out.length - 1] as number) ^ 0x5a;
  return out;
}

function replayHooks(delayUs: SimTime, n: number, rng: Rng): AdversaryHooks {
  const memory: { msg: unknown; sizeBytes: number; type: string }[] = [];
  return {
    environment: (env) => withTransmit(env, (from, to, msg, sizeBytes, type, atUs) => {
      env.transmit(from, to, msg, sizeBytes, type, atUs);
      if (from === to) return;
      if (memory.length > 0 && rng.next() < REPLAY_CHANCE) {
        const old = memory[rng.int(memory.length)] as (typeof memory)[number];
        const target = rng.int(n);
        if (target !== from) env.transmit(from, target, old.msg, old.sizeBytes, old.type, atUs + delayUs);
      }
      if (memory.length < REPLAY_MEMORY) memory.push({ msg, sizeBytes, type });
      else memory[rng.int(REPLAY_MEMORY)] = { msg, sizeBytes, type };
    }),
  };
}

function floodHooks(budgetBytes: number): AdversaryHooks {
  let windowStartUs = 0;
  let spentBytes = 0;
  return {
    environment: (env) => withTransmit(env, (from, to, msg, sizeBytes, type, atUs) => {
      env.transmit(from, to, msg, sizeBytes, type, atUs);
      if (from === to) return;
      if (atUs - windowStartUs >= 1_000_000) {
        windowStartUs = atUs - (atUs % 1_000_000);
        spentBytes = 0;
      }
      for (let copy = 0; copy < FLOOD_COPIES && spentBytes + sizeBytes <= budgetBytes; copy++) {
        spentBytes += sizeBytes;
        env.transmit(from, to, msg, sizeBytes, type, atUs);
      }
    }),
  };
}

/** The hooks that make `node` run `spec.strategy` (twins are wired by the simulation itself). */
export function adversaryHooks(spec: AdversarySpec, node: NodeId, protocol: string, nodeCount: number, rng: Rng): AdversaryHooks {
  switch (spec.strategy) {
    case "silent":
      return { environment: (env) => withTransmit(env, (from, to, msg, size, type, atUs) => {
        if (from === to) env.transmit(from, to, msg, size, type, atUs);
      }) };
    case "delay":
      return { environment: (env) => withTransmit(env, (from, to, msg, size, type, atUs) =>
        env.transmit(from, to, msg, size, type, from === to ? atUs : atUs + spec.delayUs)) };
    case "drop-votes":
      return { environment: (env) => withTransmit(env, (from, to, msg, size, type, atUs) => {
        if (from === to || !isVoteType(protocol, type)) env.transmit(from, to, msg, size, type, atUs);
      }) };
    case "replay":
      return replayHooks(spec.delayUs, nodeCount, rng);
    case "forge":
      return { context: (ctx) => ({ ...ctx, crypto: { ...ctx.crypto, sign: (bytes) => corruptSignature(ctx.crypto.sign(bytes)) } }) };
    case "flood":
      return floodHooks(spec.budgetBytes);
    case "equivocate":
      return { context: equivocator(protocol, node) };
    case "twins":
      return {};
  }
}

/** Honest flag per node: false for every node named in an `adversaries:` entry. */
export function honestFlags(nodeCount: number, adversaries: readonly AdversarySpec[] | undefined): boolean[] {
  const honest = new Array<boolean>(nodeCount).fill(true);
  for (const entry of adversaries ?? []) for (const node of entry.nodes) honest[node] = false;
  return honest;
}

/** The strategy spec for `node`, if it has one. */
export function adversaryOf(node: NodeId, adversaries: readonly AdversarySpec[] | undefined): AdversarySpec | undefined {
  return (adversaries ?? []).find((entry) => entry.nodes.includes(node));
}
