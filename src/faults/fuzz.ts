/**
 * The fuzzer's model (TigerBeetle VOPR style, swarm testing): one seed draws everything — which fault kinds this
 * seed uses at all, how many faults, when they start and heal, whom they hit, and whether up to f nodes run a
 * Byzantine strategy. Every draw comes from the seed's own stream ("fuzz/plan"), so a seed always gives the same
 * plan; the plan is plain scenario data (`faults:` and `adversaries:` as a user would write them), which makes a
 * failing seed reproducible with `ledgersim run … --set faults=… --set adversaries=…`.
 *
 * Every fault heals by 70% of the run, so the rest of it is the liveness phase (ARCHITECTURE §5).
 */
import { RngStreams, type Rng } from "../engine/rng.js";
import { sampleNodes } from "./targets.js";

export type FuzzFault = Record<string, unknown>;
export interface FuzzAdversary {
  nodes: number[];
  strategy: string;
  delay?: string;
  budget?: string;
  split?: number[][];
}

export interface FuzzPlan {
  seed: number;
  /** The fault kinds this seed enabled (swarm testing: most seeds leave some out). */
  kinds: string[];
  faults: FuzzFault[];
  adversaries: FuzzAdversary[];
}

export interface FuzzModel {
  protocol: string;
  nodeCount: number;
  durationUs: number;
  /** Byzantine nodes tolerated (f); crash faults hit at most this many nodes at once. */
  maxFaulty: number;
  /** Regions nodes are placed in (for region targets). */
  regions: readonly string[];
}

const FAULT_KINDS = ["crash", "partition", "isolate", "link", "slow", "clock"] as const;
const BYZANTINE = ["silent", "delay", "drop-votes", "replay", "forge", "flood", "equivocate", "twins"] as const;
const BFT = ["pbft", "hotstuff", "tendermint"];
const MAX_FAULTS = 4;

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)] as T;
}

function ms(us: number): string {
  return `${Math.round(us / 1000)}ms`;
}

/**
 * A contiguous split — in half or at a random point — so each side keeps consecutive ids: consecutive leaders in
 * a rotation, the shape that lets both sides of a partition make progress when quorums are (unsafely) small.
 */
function contiguousGroups(rng: Rng, n: number): number[][] {
  const cut = rng.next() < 0.5 ? Math.floor(n / 2) : 1 + rng.int(n - 1);
  const ids = Array.from({ length: n }, (_, i) => i);
  return [ids.slice(0, cut), ids.slice(cut)];
}

function crashTarget(rng: Rng, model: FuzzModel): unknown {
  const f = Math.max(1, model.maxFaulty);
  return pick(rng, ["one", "leader", "ids"]) === "ids" ? sampleNodes(rng, model.nodeCount, 1 + rng.int(f)) : pick(rng, ["one", "leader"]);
}

function anyTarget(rng: Rng, model: FuzzModel): unknown {
  const choice = pick(rng, ["one", "leader", "minority", "ids", "region"]);
  if (choice === "ids") return sampleNodes(rng, model.nodeCount, 1 + rng.int(Math.max(1, model.nodeCount - 1)));
  if (choice === "region") return `region:${pick(rng, model.regions)}`;
  return choice;
}

function drawFault(rng: Rng, kind: string, model: FuzzModel): FuzzFault {
  const runUs = model.durationUs;
  const atUs = Math.round(runUs * (0.1 + 0.45 * rng.next()));
  const endUs = Math.min(Math.round(runUs * 0.7), atUs + Math.round(runUs * (0.05 + 0.25 * rng.next())));
  const at = ms(atUs);
  const end = ms(Math.max(endUs, atUs + 1000));
  switch (kind) {
    case "crash":
      return { kind, at, nodes: crashTarget(rng, model), recover: end };
    case "partition":
      if (rng.next() < 0.5) return { kind, at, groups: contiguousGroups(rng, model.nodeCount), heal: end };
      return { kind, at, nodes: pick(rng, ["one", "minority", "majority", "leader"]), oneWay: rng.next() < 0.25, heal: end };
    case "isolate":
      return { kind, at, nodes: pick(rng, ["one", "leader"]), heal: end };
    case "link":
      return {
        kind, at, from: anyTarget(rng, model), to: "all", delayFactor: 1 + Math.round(rng.next() * 40) / 4,
        addDelay: `${rng.int(200)}ms`, loss: Math.round(rng.next() * 50) / 100, until: end,
      };
    default:
      return { kind, at, nodes: anyTarget(rng, model), factor: pick(rng, [0.1, 0.25, 0.5, 2, 4]), until: end };
  }
}

function drawAdversaries(rng: Rng, model: FuzzModel): FuzzAdversary[] {
  if (!BFT.includes(model.protocol) || model.maxFaulty < 1 || rng.next() < 0.4) return [];
  const strategy = pick(rng, BYZANTINE);
  const nodes = sampleNodes(rng, model.nodeCount, strategy === "twins" ? 1 : 1 + rng.int(model.maxFaulty));
  const entry: FuzzAdversary = { nodes, strategy };
  if (strategy === "twins") {
    const others = Array.from({ length: model.nodeCount }, (_, i) => i).filter((i) => i !== nodes[0]);
    const first = new Set(sampleNodes(rng, others.length, 1 + rng.int(others.length - 1)).map((i) => others[i] as number));
    entry.split = [others.filter((i) => first.has(i)), others.filter((i) => !first.has(i))];
  }
  if (strategy === "delay") entry.delay = `${50 + rng.int(950)}ms`;
  if (strategy === "replay") entry.delay = `${rng.int(2000)}ms`;
  if (strategy === "flood") entry.budget = `${16 + rng.int(240)}KB`;
  return [entry];
}

/** The plan for one seed. */
export function planFuzzSeed(seed: number, model: FuzzModel): FuzzPlan {
  const rng = new RngStreams(seed).get("fuzz/plan");
  const kinds = FAULT_KINDS.filter(() => rng.next() < 0.5);
  const count = kinds.length === 0 ? 0 : 1 + rng.int(MAX_FAULTS);
  const faults: FuzzFault[] = [];
  for (let i = 0; i < count; i++) faults.push(drawFault(rng, pick(rng, kinds), model));
  return { seed, kinds: [...kinds], faults, adversaries: drawAdversaries(rng, model) };
}
