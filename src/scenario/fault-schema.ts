/**
 * The `faults:` and `adversaries:` parts of the scenario schema (issue 6): a timed fault schedule — crash,
 * partition, isolate, link, slow, clock — whose node sets are explicit ids or Jepsen-style targets resolved when
 * the fault starts, and the Byzantine strategies some nodes run for the whole run. Kept apart from schema.ts so
 * that file stays readable; schema.ts places these nodes in the document.
 */
import { duration, integer, nodeIdList, object, oneOfStrings, size, type SchemaNode } from "./schema-node.js";

export const FAULT_KINDS = ["crash", "partition", "isolate", "link", "slow", "clock"] as const;
export const TARGET_WORDS = ["one", "minority", "majority", "leader", "all"] as const;
export const ADVERSARY_STRATEGIES = [
  "silent", "delay", "drop-votes", "replay", "forge", "flood", "equivocate", "twins",
] as const;

const KIND_DOC = `Fault kind: ${FAULT_KINDS.join(" | ")}.`;

/** A node target: explicit ids, or a word resolved when the fault starts (from the seeded stream faults/<index>). */
export function nodeTarget(description: string, comment = "default: none (required)"): SchemaNode {
  return {
    $comment: comment,
    description: `${description} Ids, or one | minority | majority | leader | all | region:<name>, chosen when the fault starts.`,
    anyOf: [
      { ...nodeIdList("Node ids."), title: "a list of node ids" },
      {
        title: "one | minority | majority | leader | all | region:<name>",
        type: "string",
        pattern: "^(one|minority|majority|leader|all|region:[A-Za-z0-9._-]+)$",
        description: "one: a random node; minority/majority: a random ⌊(n−1)/2⌋ / ⌊n/2⌋+1 nodes; leader: who the lowest-id live node thinks leads.",
      },
    ],
  };
}

function kind(name: string): SchemaNode {
  return { type: "string", const: name, description: KIND_DOC };
}

const at = duration("When the fault starts (from the start of the run).");
const factor = (what: string): SchemaNode => ({ type: "number", exclusiveMinimum: 0, description: what, $comment: "default: none (required)" });

export const faultsSchema: SchemaNode = {
  type: "array",
  description: "Scheduled faults: each starts at `at` and (optionally) ends at its recover/heal/until time.",
  default: [],
  items: {
    description: "One fault; `kind` says which.",
    oneOf: [
      object("Crash nodes at `at`; they recover at `recover` (state from durable storage only) if given.", {
        kind: kind("crash"), at, nodes: nodeTarget("Nodes that crash."), recover: duration("When the nodes come back (absent: never)."),
      }, ["kind", "at", "nodes"]),
      object("Split the network into groups that cannot reach each other; heals at `heal` if given.", {
        kind: kind("partition"),
        at,
        groups: {
          type: "array",
          description: "Disjoint groups of node ids; nodes in no group form one more group.",
          minItems: 2,
          items: nodeIdList("One group of node ids."),
        },
        nodes: nodeTarget("Instead of groups: these nodes against the rest."),
        oneWay: { type: "boolean", $comment: "default: false", description: "Cut only what the first group (or `nodes`) sends; it still hears the others." },
        heal: duration("When the partition heals (absent: never)."),
      }, ["kind", "at"]),
      object("Cut nodes off from every other node (both ways) until `heal`.", {
        kind: kind("isolate"), at, nodes: nodeTarget("Nodes to cut off."), heal: duration("When the nodes are reconnected (absent: never)."),
      }, ["kind", "at", "nodes"]),
      object("Degrade links from `from` to `to` (both ways unless oneWay): slower, lossier, until `until`.", {
        kind: kind("link"),
        at,
        from: nodeTarget("Senders whose links degrade.", "default: all"),
        to: nodeTarget("Receivers.", "default: all"),
        oneWay: { type: "boolean", default: false, description: "Degrade only from → to, not to → from." },
        delayFactor: { type: "number", minimum: 0, default: 1, description: "Multiplies each message's propagation delay." },
        addDelay: duration("Added to each message's propagation delay.", "0ms"),
        loss: { type: "number", minimum: 0, maximum: 1, default: 0, description: "Extra probability a message on these links is dropped." },
        until: duration("When the links recover (absent: never).", undefined, "default: never"),
      }, ["kind", "at"]),
      object("Slow the CPUs of nodes by a speed factor until `until`.", {
        kind: kind("slow"), at, nodes: nodeTarget("Nodes to slow down."),
        factor: factor("CPU speed relative to normal (0.25 = four times slower)."), until: duration("When the CPUs recover (absent: never).", undefined, "default: never"),
      }, ["kind", "at", "nodes", "factor"]),
      object("Clock drift: the nodes' timers fire after factor × the asked delay until `until`.", {
        kind: kind("clock"), at, nodes: nodeTarget("Nodes whose clocks drift."),
        factor: factor("Timer rate: 2 = timers fire twice as late, 0.5 = twice as early."), until: duration("When the clocks are right again (absent: never).", undefined, "default: never"),
      }, ["kind", "at", "nodes", "factor"]),
    ],
  },
};

export const adversariesSchema: SchemaNode = {
  type: "array",
  description: "Byzantine nodes: each entry gives nodes a strategy for the whole run; they are not honest for the safety and liveness observers.",
  $comment: "default: none (every node honest)",
  items: object("Nodes and the Byzantine strategy they run.", {
    nodes: { ...nodeIdList("Node ids that run the strategy (≤ f for the protocol's guarantees to hold)."), $comment: "default: none (required)" },
    strategy: { ...oneOfStrings(ADVERSARY_STRATEGIES, `What they do: ${ADVERSARY_STRATEGIES.join(" | ")}.`), $comment: "default: none (required)" },
    delay: duration("delay: how long outgoing messages are held; replay: how much later old messages are re-sent.", "500ms"),
    budget: size("flood: most extra bytes sent per simulated second.", "256KB"),
    split: {
      type: "array",
      description: "twins: two disjoint groups of peer ids; the node runs twice (same id and keys), each copy reachable by one group.",
      $comment: "default: none (required with strategy: twins)",
      minItems: 2,
      items: nodeIdList("Peers that reach one copy.", 0),
    },
  }, ["nodes", "strategy"]),
};

/** protocol.quorumOverride: documented as unsafe, placed in each BFT protocol's branch and Raft's. */
export const quorumOverrideSchema: SchemaNode = {
  ...integer(
    "UNSAFE research knob: use this quorum size (voting power for tendermint) instead of the protocol's own; lowering it breaks safety on purpose.",
    undefined,
    1,
  ),
  $comment: "default: the protocol's own quorum (pbft ⌈(n+f+1)/2⌉, hotstuff n−f, tendermint > 2/3 of the power, raft ⌊n/2⌋+1)",
};
