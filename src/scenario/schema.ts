/**
 * The scenario document's JSON Schema (draft-07): every key with a one-line description and its default, closed
 * mappings everywhere (a typo silently ignored would change what was simulated), and protocol-specific keys
 * chosen by `protocol.name`. `ledgersim schema` prints it for editor completion; the loader validates against
 * it; `schemaFor` types `--set` values; scripts/scenario-reference.ts renders it as Markdown.
 */
import { NETWORK_PRESETS, presetNames } from "../network/presets.js";
import type { PathSegment } from "./errors.js";
import { parsePath } from "./paths.js";
import {
  bandwidth, branchFor, duration, integer, isPlainObject, object, oneOfStrings, size,
  type SchemaNode,
} from "./schema-node.js";
import { adversariesSchema, faultsSchema, quorumOverrideSchema } from "./fault-schema.js";

export type { SchemaNode } from "./schema-node.js";

export const PROTOCOL_NAMES = ["pbft", "hotstuff", "tendermint", "raft", "nakamoto"] as const;
export const SUITES = ["sm", "intl", "ed25519"] as const;
export const DISTRIBUTIONS = ["constant", "uniform", "normal", "lognormal", "pareto"] as const;
export const ARRIVAL_KINDS = ["constant", "poisson", "ramp", "steps"] as const;
export const TARGETS = ["random", "leader", "round-robin"] as const;

const batch = object("How a leader groups transactions into a proposal.", {
  maxTxs: integer("Largest number of transactions in one batch (block).", 500, 1),
  maxWait: duration("Longest a non-full batch waits before it is proposed (0 = propose at once).", "50ms"),
});

function protocolBranch(name: string, summary: string, specific: Record<string, SchemaNode>): SchemaNode {
  return object(
    summary,
    {
      name: { type: "string", const: name, description: "Consensus protocol: pbft | hotstuff | tendermint | raft | nakamoto." },
      batch,
      ...specific,
    },
    ["name"],
  );
}

const protocol: SchemaNode = {
  description: "The consensus protocol and its parameters; the keys allowed depend on `name`.",
  oneOf: [
    protocolBranch("pbft", "PBFT (Castro & Liskov 1999).", {
      viewChangeTimeout: duration("Base view-change timeout; doubles with each consecutive view change.", "2s"),
      checkpointInterval: integer("A checkpoint every this many sequence numbers (K in the paper).", 100, 1),
      watermarkWindow: integer("High watermark = low watermark + this (L; a multiple of checkpointInterval).", 200, 1),
      quorumOverride: quorumOverrideSchema,
    }),
    protocolBranch("hotstuff", "Chained HotStuff (Yin et al. 2019).", {
      viewTimeout: duration("Pacemaker: base time a replica waits for progress in a view; doubles with each consecutive timeout.", "1s"),
      maxViewTimeout: duration("Upper bound of the pacemaker's exponential back-off.", "30s"),
      quorumOverride: quorumOverrideSchema,
    }),
    protocolBranch("tendermint", "Tendermint (Buchman, Kwon & Milosevic 2018).", {
      timeoutPropose: duration("timeoutPropose(0): how long to wait for a proposal in round 0.", "1s"),
      timeoutPrevote: duration("timeoutPrevote(0): how long to wait after 2f+1 prevotes for any value.", "500ms"),
      timeoutPrecommit: duration("timeoutPrecommit(0): how long to wait after 2f+1 precommits for any value.", "500ms"),
      timeoutDelta: duration("Added to each timeout per round, so timeouts grow with the round number.", "500ms"),
      votingPower: {
        type: "array",
        description: "Voting power of each node, in node-id order; proposers rotate weighted by power.",
        $comment: "default: 1 for every node",
        minItems: 1,
        items: integer("Voting power of one node.", undefined, 1),
      },
      quorumOverride: quorumOverrideSchema,
    }),
    protocolBranch("raft", "Raft (Ongaro & Ousterhout 2014); crash faults only.", {
      electionTimeout: duration("Election timeout lower bound; each follower draws its timeout uniformly in [T, 2T].", "1s"),
      heartbeatInterval: duration("How often a leader sends AppendEntries when idle (must be well below electionTimeout).", "100ms"),
      maxEntriesPerAppend: integer("Most log entries (batches) in one AppendEntries message.", 64, 1),
      quorumOverride: quorumOverrideSchema,
    }),
    protocolBranch("nakamoto", "Nakamoto proof of work (Bitcoin).", {
      blockInterval: duration("Mean time between blocks over the whole network.", "600s"),
      blockSize: size("Largest block, header included.", "1MB"),
      confirmations: integer("A transaction is confirmed this many blocks deep.", 6, 1),
      hashPower: {
        description: "How hash power is split over the nodes: equal, Pareto-distributed (node 0 largest), or explicit shares.",
        default: "equal",
        anyOf: [
          { title: "'equal'", type: "string", const: "equal" },
          object("Pareto(alpha) shares: node i gets the ((i + 1/2)/n) quantile, so node 0 mines most.", {
            kind: { type: "string", const: "pareto", description: "Hash-power distribution: pareto | shares." },
            alpha: { type: "number", exclusiveMinimum: 0, description: "Pareto shape (1.16 gives the 80/20 rule)." },
          }, ["kind", "alpha"]),
          object("Relative shares in node-id order; nodes beyond the list only relay.", {
            kind: { type: "string", const: "shares", description: "Hash-power distribution: pareto | shares." },
            shares: { type: "array", minItems: 1, description: "One relative share per node, from node 0.", items: { type: "number", minimum: 0, description: "A share (>= 0)." } },
          }, ["kind", "shares"]),
        ],
      },
      maxHeight: integer("Miners stop once their best chain reaches this height (0 = mine until the end).", 0, 0),
      compactBlocks: { type: "boolean", default: false, description: "Relay BIP 152 compact blocks (header + short ids) instead of full blocks." },
      padBlocks: { type: "boolean", default: true, description: "Fill blocks to blockSize with background transactions when the workload does not." },
      validationPerTx: duration("Block validation CPU per transaction (background ones included), charged before relaying.", "10us"),
      validationPerKiB: duration("Block validation CPU per KiB of block, charged before relaying.", "1us"),
      txRelayInterval: duration("How often a node announces new transactions to its peers (Bitcoin's trickle).", "2s"),
    }),
  ],
};

const nodes = object("How many nodes, where they are, and how fast their CPUs are.", {
  count: integer("Number of nodes taking part in consensus.", 4, 1),
  placement: object("Which regions the nodes are in: round-robin over `regions`, or split by `weights`.", {
    regions: {
      type: "array",
      description: "Regions to place nodes in, in order (names from the network preset).",
      $comment: "default: every region of the network preset (or network.regions for a custom matrix)",
      minItems: 1,
      items: { type: "string", description: "A region name from the network preset." },
    },
    weights: {
      type: "array",
      description: "Relative share of nodes per region, one per entry of `regions` (default: equal shares, round-robin).",
      minItems: 1,
      items: { type: "number", exclusiveMinimum: 0, description: "A positive weight." },
    },
  }),
  cpu: object("Simulated CPU of every node.", {
    profile: { type: "string", minLength: 1, default: "default", description: "Crypto cost profile (from `ledgersim calibrate`)." },
    speedFactor: { type: "number", exclusiveMinimum: 0, default: 1, description: "CPU speed relative to the profile (2 = twice as fast)." },
  }),
});

const network = object("Latency, jitter, bandwidth, loss and topology between nodes.", {
  preset: oneOfStrings(presetNames(), "Latency preset: simblock-2019 | cloud-10 | lan | custom (use `regions` + `latencyMs`).", "cloud-10"),
  regions: {
    type: "array",
    description: "Region names of a custom latency matrix, in matrix order (preset: custom only).",
    minItems: 1,
    items: { type: "string", minLength: 1, description: "A region name." },
  },
  latencyMs: {
    type: "array",
    description: "Custom mean one-way delay in ms, [from][to], square in `regions` order (preset: custom only).",
    minItems: 1,
    items: { type: "array", description: "One row: delays from one region.", items: { type: "number", minimum: 0, description: "One-way delay, ms." } },
  },
  jitter: object("Per-message delay distribution around the mean.", {
    distribution: {
      ...oneOfStrings(DISTRIBUTIONS, "Delay distribution: constant | uniform | normal | lognormal | pareto."),
      $comment: "default: the preset's distribution (cloud-10, lan: lognormal; simblock-2019: pareto)",
    },
    sigma: { type: "number", minimum: 0, default: 0.1, description: "Spread of the distribution, relative to the mean delay." },
  }),
  bandwidth: object("Per-node link rates; absent keys take the preset's per-region figures or its default.", {
    upload: bandwidth("Upload rate of every node.", undefined, "default: the preset's per-region upload (or its default, cloud-10: 1Gbps)"),
    download: bandwidth("Download rate of every node.", undefined, "default: the preset's per-region download (or its default, cloud-10: 1Gbps)"),
  }),
  loss: { type: "number", minimum: 0, exclusiveMaximum: 1, default: 0, description: "Probability in [0, 1) that a message is dropped." },
  topology: object("Which nodes are directly linked.", {
    kind: oneOfStrings(["mesh", "random"], "mesh (every pair linked) | random (each node linked to `degree` peers).", "mesh"),
    degree: integer("Peers per node for a random topology (must be below nodes.count).", 8, 1),
  }),
});

const crypto = object("Signature and hash suites.", {
  suite: oneOfStrings(SUITES, "sm (SM2/SM3) | intl (ECDSA P-256/SHA-256) | ed25519.", "sm"),
  nodes: {
    type: "object",
    description: "Per-node overrides: node id → suite, e.g. { \"3\": intl }.",
    default: {},
    propertyNames: { pattern: "^\\d+$", description: "A node id." },
    additionalProperties: oneOfStrings(SUITES, "The suite this node uses."),
  },
});

const arrival = object("When transactions are submitted.", {
  kind: oneOfStrings(ARRIVAL_KINDS, "constant | poisson | ramp (startRate → endRate) | steps (a list of {at, rate}).", "poisson"),
  rate: { type: "number", minimum: 0, default: 1000, description: "Offered load in tx/s (constant, poisson; before the first step)." },
  startRate: { type: "number", minimum: 0, description: "ramp: rate at the start of the run, tx/s (required for ramp)." },
  endRate: { type: "number", minimum: 0, description: "ramp: rate at the end of the run, tx/s (required for ramp)." },
  steps: {
    type: "array",
    description: "steps: from `at` on, submit at `rate` tx/s (required for steps; `at` increasing).",
    minItems: 1,
    items: object("One step of the load.", {
      at: duration("When this rate starts."),
      rate: { type: "number", minimum: 0, description: "Offered load from then on, tx/s." },
    }, ["at", "rate"]),
  },
});

const workload = object("The transaction load.", {
  arrival,
  txSize: size("Size of each transaction, header and signature included (at least 64B).", "256B"),
  target: oneOfStrings(TARGETS, "Which node a client sends to: random | leader | round-robin.", "random"),
  clients: integer("Number of client key pairs that sign transactions.", 16, 1),
});

const metrics = object("How results are measured.", {
  confirmation: {
    description: "When a transaction counts as confirmed: all-honest, or a share of nodes (0.9 or \"90%\").",
    $comment: "default: all-honest (nakamoto: 0.9, at protocol.confirmations deep)",
    anyOf: [
      { title: "'all-honest'", type: "string", const: "all-honest" },
      { title: "a fraction in (0, 1] such as 0.9", type: "number", exclusiveMinimum: 0, maximum: 1 },
      { title: "a percentage such as '90%'", type: "string", pattern: "^\\s*\\d+(\\.\\d+)?\\s*%\\s*$" },
    ],
  },
  warmup: duration("Measurement starts this long after the start of the run.", "5s"),
  cooldown: duration("Measurement ends this long before the end of the run.", "0s"),
  livenessBound: duration("Liveness: some block must commit at least this often once faults have healed.", "10s"),
});

const engine = object("Limits and parallelism of the simulation engine.", {
  maxEvents: integer("Stop after this many events (0 = no limit).", 500_000_000, 0),
  stall: duration("Report a stall when nothing commits for this long while transactions are pending (0 = off).", "30s"),
  workers: {
    description:
      "Worker threads for the nodes; results are identical for every value. auto: one per core (at most 8) for " +
      "protocols that gain from it (pbft from 16 nodes, hotstuff and tendermint from 32), otherwise 1.",
    default: "auto",
    anyOf: [
      { title: "'auto'", type: "string", const: "auto" },
      { title: "a number of workers", type: "integer", minimum: 1, maximum: 256 },
    ],
  },
});

const sweep: SchemaNode = {
  type: "object",
  description: "Grid for `ledgersim sweep`: key path → list of values (e.g. nodes.count: [4, 7, 16]), plus `seeds`.",
  properties: { seeds: integer("Seeds per grid point (seed, seed+1, …).", 1, 1) },
  propertyNames: { minLength: 1, description: "A key path such as nodes.count or workload.arrival.rate." },
  additionalProperties: { type: "array", minItems: 1, description: "Values to try for this key path." },
};

export const scenarioSchema: SchemaNode = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://ledgersim.dev/schema/scenario.schema.json",
  title: "ledgersim scenario",
  ...object("A deterministic blockchain network simulation: protocol, nodes, network, workload, faults and criteria.", {
    name: {
      type: "string",
      title: "a name of letters, digits, '.', '_' and '-' (it names the results directory)",
      pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$",
      description: "Scenario name; results go to results/<name>/.",
      $comment: "default: the file's base name",
    },
    description: { type: "string", default: "", description: "Free text shown in reports." },
    seed: integer("Seed of every random stream; the same seed gives the same result.", 1, 0),
    duration: duration("Simulated time to run.", "60s"),
    protocol,
    nodes,
    network,
    crypto,
    workload,
    faults: faultsSchema,
    adversaries: adversariesSchema,
    metrics,
    criteria: {
      type: "array",
      description: "Pass/fail expressions over result.json, e.g. \"latency.p99Ms <= 2000\" or \"safety.ok\".",
      default: [],
      items: { type: "string", minLength: 1, description: "One criterion." },
    },
    engine,
    sweep,
  }, ["protocol"]),
};

/** Region names a placement may use for a preset (custom: the scenario's own `network.regions`). */
export function presetRegions(preset: string): readonly string[] | undefined {
  return Object.hasOwn(NETWORK_PRESETS, preset) ? NETWORK_PRESETS[preset].regions : undefined;
}

/**
 * The schema node at a key path, or undefined when no such key exists. `document` (optional) picks the branch
 * of protocol-specific keys by its `protocol.name`; without it any protocol's keys are found.
 */
export function schemaFor(path: string | readonly PathSegment[], document?: unknown): SchemaNode | undefined {
  const segments = typeof path === "string" ? parsePath(path) : path;
  if (typeof segments === "string") return undefined;
  let node: SchemaNode | undefined = scenarioSchema;
  let value: unknown = document;
  for (const segment of segments) {
    if (node === undefined) return undefined;
    node = childSchema(node, segment, value);
    value = isPlainObject(value) || Array.isArray(value) ? (value as Record<string, unknown>)[String(segment)] : undefined;
  }
  return node;
}

function childSchema(node: SchemaNode, segment: PathSegment, value: unknown): SchemaNode | undefined {
  if (node.oneOf !== undefined) {
    const chosen = branchFor(node, value);
    const branches = chosen === undefined ? node.oneOf : [chosen];
    for (const branch of branches) {
      const child = childSchema(branch, segment, value);
      if (child !== undefined) return child;
    }
    return undefined;
  }
  if (node.items !== undefined && (typeof segment === "number" || /^\d+$/.test(segment))) return node.items;
  const key = String(segment);
  if (node.properties !== undefined && Object.hasOwn(node.properties, key)) return node.properties[key];
  if (typeof node.additionalProperties === "object") return node.additionalProperties;
  return undefined;
}

/** Every key path the schema defines, in schema order ("faults[].at" style for list items). */
export function allKeyPaths(node: SchemaNode = scenarioSchema, prefix = ""): string[] {
  const out: string[] = [];
  const branches = node.oneOf ?? [node];
  for (const branch of branches) {
    if (branch.items !== undefined) out.push(...allKeyPaths(branch.items, `${prefix}[]`));
    for (const [key, child] of Object.entries(branch.properties ?? {})) {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      if (!out.includes(path)) out.push(path);
      for (const sub of allKeyPaths(child, path)) if (!out.includes(sub)) out.push(sub);
    }
  }
  return out;
}
