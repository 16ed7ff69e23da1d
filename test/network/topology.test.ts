import { describe, expect, it } from "vitest";
import { createRng } from "../../src/engine/rng.js";
import {
  buildTopology,
  connectedComponents,
  fullMesh,
  isConnected,
  pickOutboundPeers,
  randomPeerGraph,
  type Adjacency,
} from "../../src/network/topology.js";

/** Everything an adjacency list must satisfy: sorted, no self-loops, no duplicates, in range, symmetric. */
function structuralProblems(adjacency: Adjacency): string[] {
  const problems: string[] = [];
  const n = adjacency.length;
  adjacency.forEach((peers, node) => {
    peers.forEach((peer, k) => {
      if (!Number.isInteger(peer) || peer < 0 || peer >= n) problems.push(`${node}: peer ${peer} out of range`);
      if (peer === node) problems.push(`${node}: self-loop`);
      if (k > 0 && peers[k - 1]! >= peer) problems.push(`${node}: not strictly ascending at ${k}`);
      if (!adjacency[peer]?.includes(node)) problems.push(`${node} -> ${peer} has no ${peer} -> ${node}`);
    });
  });
  return problems;
}

describe("fullMesh", () => {
  it("connects every node to every other", () => {
    expect(fullMesh(0)).toEqual([]);
    expect(fullMesh(1)).toEqual([[]]);
    expect(fullMesh(4)).toEqual([
      [1, 2, 3],
      [0, 2, 3],
      [0, 1, 3],
      [0, 1, 2],
    ]);
    expect(structuralProblems(fullMesh(50))).toEqual([]);
  });

  it("rejects a bad node count", () => {
    expect(() => fullMesh(-1)).toThrow(/fullMesh: n must be an integer >= 0/);
    expect(() => fullMesh(2.5)).toThrow(/fullMesh/);
  });
});

describe("randomPeerGraph", () => {
  const cases: [n: number, degree: number][] = [
    [2, 1], [3, 1], [10, 1], [10, 3], [50, 2], [100, 8], [1_000, 1], [1_000, 8], [2_000, 4],
  ];
  for (const [n, degree] of cases) {
    it(`n = ${n}, degree = ${degree}: symmetric, connected, every degree >= ${degree}`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const graph = randomPeerGraph(n, degree, createRng(seed, "net/topology"));
        expect(graph).toHaveLength(n);
        expect(structuralProblems(graph)).toEqual([]);
        expect(isConnected(graph)).toBe(true);
        expect(Math.min(...graph.map((peers) => peers.length))).toBeGreaterThanOrEqual(Math.min(degree, n - 1));
      }
    });
  }

  it("has about `degree` outbound plus as many inbound peers on average (2·degree), not a full mesh", () => {
    const graph = randomPeerGraph(1_000, 8, createRng(3, "net/topology"));
    const edges = graph.reduce((sum, peers) => sum + peers.length, 0) / 2;
    // n·degree picks, minus the few pairs that picked each other, plus at most a few joining edges.
    expect(edges).toBeLessThanOrEqual(8_000 + 10);
    expect(edges).toBeGreaterThan(7_900);
    expect(Math.max(...graph.map((peers) => peers.length))).toBeLessThan(40);
  });

  it("is the outbound picks plus exactly one joining edge per extra component", () => {
    // With one outbound pick per node, most seeds leave several components before joining.
    let joinedSeeds = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const picks = pickOutboundPeers(200, 1, createRng(seed, "net/topology"));
      const picked: Set<number>[] = picks.map(() => new Set<number>());
      picks.forEach((peers, node) => peers.forEach((peer) => (picked[node]!.add(peer), picked[peer]!.add(node))));
      const componentsBefore = connectedComponents(picked).length;
      if (componentsBefore > 1) joinedSeeds++;

      const graph = randomPeerGraph(200, 1, createRng(seed, "net/topology"));
      expect(isConnected(graph)).toBe(true);
      const missing = picked.flatMap((peers, node) => [...peers].filter((p) => !graph[node]!.includes(p)));
      expect(missing).toEqual([]);
      const extraEdges = graph.reduce((sum, peers, node) => sum + peers.filter((p) => !picked[node]!.has(p)).length, 0) / 2;
      expect(extraEdges).toBe(componentsBefore - 1);
    }
    expect(joinedSeeds).toBeGreaterThan(0);
  });

  it("outbound picks are distinct, exclude the node, and cover the candidates uniformly", () => {
    const picks = pickOutboundPeers(10, 3, createRng(8, "net/topology"));
    picks.forEach((peers, node) => {
      expect(new Set(peers).size).toBe(3);
      expect(peers).not.toContain(node);
    });
    // Node 0 picks 3 of 9 candidates: each should be chosen about 1/3 of the time.
    const counts = new Array<number>(10).fill(0);
    const rng = createRng(9, "net/topology-uniform");
    for (let i = 0; i < 30_000; i++) for (const peer of pickOutboundPeers(10, 3, rng)[0]!) counts[peer]!++;
    expect(counts[0]).toBe(0);
    for (let peer = 1; peer < 10; peer++) expect(Math.abs(counts[peer]! / 30_000 - 1 / 3)).toBeLessThan(0.02);
    expect(() => pickOutboundPeers(3, 3, rng)).toThrow(/needs at least 4 nodes/);
  });

  it("is deterministic for a stream, and differs between streams", () => {
    const a = randomPeerGraph(300, 8, createRng(42, "net/topology"));
    const b = randomPeerGraph(300, 8, createRng(42, "net/topology"));
    const c = randomPeerGraph(300, 8, createRng(43, "net/topology"));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("gives the full mesh when degree >= n − 1", () => {
    expect(randomPeerGraph(5, 4, createRng(1, "t"))).toEqual(fullMesh(5));
    expect(randomPeerGraph(5, 9, createRng(1, "t"))).toEqual(fullMesh(5));
    expect(randomPeerGraph(1, 8, createRng(1, "t"))).toEqual([[]]);
    expect(randomPeerGraph(0, 8, createRng(1, "t"))).toEqual([]);
  });

  it("rejects a degree below 1 or not an integer", () => {
    expect(() => randomPeerGraph(10, 0, createRng(1, "t"))).toThrow(/degree must be an integer >= 1/);
    expect(() => randomPeerGraph(10, 2.5, createRng(1, "t"))).toThrow(/degree/);
  });
});

describe("connectedComponents", () => {
  it("lists components ascending, ordered by their smallest node", () => {
    const graph = [[3], [4], [], [0], [1]];
    expect(connectedComponents(graph)).toEqual([[0, 3], [1, 4], [2]]);
    expect(isConnected(graph)).toBe(false);
    expect(isConnected([])).toBe(true);
  });
});

describe("buildTopology", () => {
  it("follows the scenario's topology block", () => {
    expect(buildTopology({ kind: "mesh" }, 4, createRng(1, "t"))).toEqual(fullMesh(4));
    expect(buildTopology({ kind: "random", degree: 3 }, 40, createRng(1, "t"))).toEqual(
      randomPeerGraph(40, 3, createRng(1, "t")),
    );
  });
});
