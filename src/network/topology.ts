/**
 * Who is connected to whom. BFT and Raft clusters talk over a full mesh; public proof-of-work networks gossip
 * over a sparse random graph, where each node opens a few outbound connections (Bitcoin Core: 8) and accepts
 * inbound ones, so a node's degree is its own picks plus whoever picked it.
 *
 * Graphs are undirected and returned as adjacency lists, each sorted ascending, so iteration order (and thus
 * gossip order) is defined (ARCHITECTURE §1). A random graph depends only on `(n, degree, rng)`.
 */
import type { Rng } from "../engine/rng.js";
import type { Scenario } from "../scenario/types.js";

/** adjacency[i] = the peers of node i, ascending, without i itself. */
export type Adjacency = number[][];

function checkNodeCount(n: number, fn: string): void {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`${fn}: n must be an integer >= 0, got ${n}`);
}

/** Every node connected to every other. */
export function fullMesh(n: number): Adjacency {
  checkNodeCount(n, "fullMesh");
  const adjacency: Adjacency = [];
  for (let i = 0; i < n; i++) {
    const peers: number[] = [];
    for (let j = 0; j < n; j++) if (j !== i) peers.push(j);
    adjacency.push(peers);
  }
  return adjacency;
}

/**
 * A connected random graph in which every node has at least `degree` peers (about `degree` to `2·degree`,
 * typically degree + a little more). Each node, in id order, picks `degree` distinct peers uniformly at random
 * (its outbound connections, `pickOutboundPeers`); edges are symmetric. If the result has more than one
 * component, consecutive components (ordered by their smallest node) are joined by one edge between random
 * members. `degree >= n − 1` gives the full mesh.
 */
export function randomPeerGraph(n: number, degree: number, rng: Rng): Adjacency {
  checkNodeCount(n, "randomPeerGraph");
  checkDegree(degree, "randomPeerGraph");
  if (degree >= n - 1) return fullMesh(n);

  const peers: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  const addEdge = (a: number, b: number): void => {
    peers[a]!.add(b);
    peers[b]!.add(a);
  };
  pickOutboundPeers(n, degree, rng).forEach((picks, node) => picks.forEach((peer) => addEdge(node, peer)));

  const components = connectedComponents(peers);
  for (let c = 1; c < components.length; c++) {
    const previous = components[c - 1]!;
    const current = components[c]!;
    addEdge(previous[rng.int(previous.length)]!, current[rng.int(current.length)]!);
  }

  return peers.map((set) => Array.from(set).sort((a, b) => a - b));
}

/**
 * The first step of `randomPeerGraph`: for each node in id order, `degree` distinct peers other than itself,
 * uniformly at random, in the order drawn. Requires 1 <= degree <= n − 1.
 */
export function pickOutboundPeers(n: number, degree: number, rng: Rng): number[][] {
  checkNodeCount(n, "pickOutboundPeers");
  checkDegree(degree, "pickOutboundPeers");
  if (n > 0 && degree > n - 1) {
    throw new RangeError(`pickOutboundPeers: degree ${degree} needs at least ${degree + 1} nodes, got ${n}`);
  }
  // `pool` stays a permutation of 0..n-1 and `positionOf` its inverse, so each node's picks are a partial
  // Fisher–Yates shuffle of O(degree) swaps, with no reset between nodes.
  const pool = new Int32Array(n);
  const positionOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    pool[i] = i;
    positionOf[i] = i;
  }
  const swap = (p: number, q: number): void => {
    const a = pool[p]!;
    const b = pool[q]!;
    pool[p] = b;
    pool[q] = a;
    positionOf[b] = p;
    positionOf[a] = q;
  };
  const picks: number[][] = [];
  for (let node = 0; node < n; node++) {
    swap(positionOf[node]!, n - 1); // exclude the node itself: candidates are pool[0 .. n-2]
    const chosen: number[] = [];
    for (let k = 0; k < degree; k++) {
      swap(k, k + rng.int(n - 1 - k));
      chosen.push(pool[k]!);
    }
    picks.push(chosen);
  }
  return picks;
}

function checkDegree(degree: number, fn: string): void {
  if (!(Number.isInteger(degree) && degree >= 1)) {
    throw new RangeError(`${fn}: degree must be an integer >= 1, got ${degree}`);
  }
}

/** Components of an undirected graph, each ascending, ordered by their smallest node. */
export function connectedComponents(adjacency: readonly Iterable<number>[]): number[][] {
  const n = adjacency.length;
  const seen = new Uint8Array(n);
  const components: number[][] = [];
  for (let root = 0; root < n; root++) {
    if (seen[root]) continue;
    seen[root] = 1;
    const members = [root];
    for (let head = 0; head < members.length; head++) {
      for (const peer of adjacency[members[head]!]!) {
        if (!seen[peer]) {
          seen[peer] = 1;
          members.push(peer);
        }
      }
    }
    components.push(members.sort((a, b) => a - b));
  }
  return components;
}

/** True when every node can reach every other (an empty graph counts as connected). */
export function isConnected(adjacency: readonly Iterable<number>[]): boolean {
  return connectedComponents(adjacency).length <= 1;
}

/** The graph a scenario's `network.topology` block asks for; only `random` draws from `rng`. */
export function buildTopology(topology: Scenario["network"]["topology"], n: number, rng: Rng): Adjacency {
  switch (topology.kind) {
    case "mesh":
      return fullMesh(n);
    case "random":
      return randomPeerGraph(n, topology.degree, rng);
  }
}
