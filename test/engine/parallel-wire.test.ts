/**
 * The parallel engine's wire (engine/parallel/wire.ts), worker choice (auto.ts) and partitioning
 * (partition.ts), below the whole-run equality tests of parallel.test.ts:
 * - a broadcast's bytes go in a batch once and decode to one object;
 * - content named by the codec crosses a pair of partitions once, later batches carry only its key, and the
 *   sender's and receiver's tables stay in step under a tight byte budget over random traffic;
 * - `auto` picks one worker per core only where the parallel engine pays, and says why it did not;
 * - close regions share a partition, so the lookahead is a long link.
 */
import { describe, expect, it } from "vitest";
import { chooseWorkers } from "../../src/engine/parallel/auto.js";
import { partitionNodes } from "../../src/engine/parallel/partition.js";
import { BatchWriter, MessageCache, readBatch, type MessageBatch, type MessageCodecLike } from "../../src/engine/parallel/wire.js";
import type { Transmission } from "../../src/engine/events.js";
import { createRng } from "../../src/engine/rng.js";
import { DelayModel } from "../../src/network/distributions.js";
import { loadScenarioFile } from "../../src/scenario/load.js";

interface Msg {
  kind: string;
  body: string;
  name?: string;
}

/** JSON on the wire; a message with `name` is content the codec names. Counts its encodings and decodings. */
function codec(): MessageCodecLike & { encodes: number; decodes: number } {
  const c = {
    encodes: 0,
    decodes: 0,
    encode(msg: unknown): Uint8Array {
      c.encodes++;
      return new TextEncoder().encode(JSON.stringify(msg));
    },
    decode(bytes: Uint8Array): unknown {
      c.decodes++;
      return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    },
    contentKey(msg: unknown): string | undefined {
      return (msg as Msg).name;
    },
  };
  return c;
}

function send(msg: Msg, to: number, seq: number): Transmission {
  return { from: 0, to, msg, sizeBytes: 100, firstBitUs: 1000 + seq, lastBitUs: 1000 + seq };
}

function deliver(batch: MessageBatch, cache: MessageCache): { t: Transmission; seq: number }[] {
  const out: { t: Transmission; seq: number }[] = [];
  readBatch(batch, cache, (t, seq) => out.push({ t, seq }));
  return out;
}

describe("message batches", () => {
  it("puts a broadcast's bytes in once and hands the receivers one decoded object", () => {
    const a = codec();
    const b = codec();
    const writer = new BatchWriter(new MessageCache(0, 2, a), 1);
    const receiver = new MessageCache(1, 2, b);
    const vote: Msg = { kind: "VOTE", body: "x".repeat(200) };
    for (let to = 10; to < 15; to++) writer.push(send(vote, to, to), to);
    const batch = writer.take();
    expect(a.encodes).toBe(1);
    expect(batch.bytes.length).toBeLessThan(300);
    const got = deliver(batch, receiver);
    expect(got.map((g) => g.t.to)).toEqual([10, 11, 12, 13, 14]);
    expect(got.map((g) => g.seq)).toEqual([10, 11, 12, 13, 14]);
    expect(new Set(got.map((g) => g.t.msg)).size).toBe(1);
    expect(got[0]?.t.msg).toEqual(vote);
    expect(b.decodes).toBe(1);
  });

  it("carries named content between two partitions once, then only its key", () => {
    const sender = new MessageCache(0, 2, codec());
    const receiver = new MessageCache(1, 2, codec());
    const writer = new BatchWriter(sender, 1);
    const block = "B".repeat(10_000);
    // Three relays of one block, each in an envelope of its own, in two windows.
    writer.push(send({ kind: "BLOCK", body: block, name: "block:1" }, 5, 1), 1);
    writer.push(send({ kind: "BLOCK", body: block, name: "block:1" }, 6, 2), 2);
    const first = writer.take();
    writer.push(send({ kind: "BLOCK", body: block, name: "block:1" }, 7, 3), 3);
    const second = writer.take();
    expect(first.bytes.length).toBeGreaterThan(10_000);
    expect(first.bytes.length).toBeLessThan(10_100);
    expect(second.bytes.length).toBe(0);
    const got = [...deliver(first, receiver), ...deliver(second, receiver)];
    expect(got.map((g) => (g.t.msg as Msg).body.length)).toEqual([10_000, 10_000, 10_000]);
    expect(got[2]?.t.msg).toBe(got[0]?.t.msg);
  });

  it("keeps the sender's and receiver's content tables in step under a tight budget (random traffic)", () => {
    for (let seed = 0; seed < 20; seed++) {
      const rng = createRng(seed, "wire-test");
      const budget = 2_000 + rng.int(3_000);
      const sender = new MessageCache(0, 3, codec(), budget);
      const receivers = [new MessageCache(1, 3, codec(), budget), new MessageCache(2, 3, codec(), budget)];
      const writers = [new BatchWriter(sender, 1), new BatchWriter(sender, 2)];
      const bodies = Array.from({ length: 12 }, (_, i) => String.fromCharCode(65 + i).repeat(200 + rng.int(900)));
      let shipped = 0;
      for (let window = 0; window < 60; window++) {
        const expected: Msg[][] = [[], []];
        for (let k = 0, count = rng.int(8); k < count; k++) {
          const p = rng.int(2);
          const i = rng.int(bodies.length);
          const named = rng.next() < 0.8;
          const msg: Msg = named ? { kind: "BLOCK", body: bodies[i] as string, name: `c${i}` } : { kind: "INV", body: `inv${i}` };
          writers[p]?.push(send(msg, 10 + p, k), k);
          expected[p]?.push(msg);
        }
        writers.forEach((writer, p) => {
          if (writer.count === 0) return;
          const batch = writer.take();
          shipped += batch.bytes.length;
          const got = deliver(batch, receivers[p] as MessageCache).map((g) => ({ kind: (g.t.msg as Msg).kind, body: (g.t.msg as Msg).body }));
          expect(got).toEqual((expected[p] as Msg[]).map((m) => ({ kind: m.kind, body: m.body })));
        });
      }
      expect(shipped).toBeGreaterThan(0);
    }
  });
});

describe("workers: auto", () => {
  const load = (file: string, sets: string[] = []) => loadScenarioFile(file, sets).scenario;

  it("uses one worker per core (at most 8) for PBFT from 16 nodes, HotStuff and Tendermint from 32", () => {
    const pbft64 = load("scenarios/pbft-16-cloud.yaml", ["nodes.count=64"]);
    expect(chooseWorkers(pbft64, "auto", 2)).toEqual({ workers: 2 });
    expect(chooseWorkers(pbft64, "auto", 4)).toEqual({ workers: 4 });
    expect(chooseWorkers(pbft64, "auto", 64).workers).toBe(4); // four regions: more workers would split one
    expect(chooseWorkers(load("scenarios/hotstuff-16-cloud.yaml", ["nodes.count=32"]), "auto", 2).workers).toBe(2);
    expect(chooseWorkers(load("scenarios/pbft-16-cloud.yaml"), "auto", 2)).toEqual({ workers: 2 });
  });

  it("stays on one thread where the parallel engine does not pay or cannot run, and says why", () => {
    expect(chooseWorkers(load("scenarios/pbft-16-cloud.yaml", ["nodes.count=12"]), "auto", 8)).toEqual({ workers: 1, why: "auto: fewer than 16 nodes" });
    expect(chooseWorkers(load("scenarios/hotstuff-16-cloud.yaml"), "auto", 8)).toEqual({ workers: 1, why: "auto: fewer than 32 nodes" });
    expect(chooseWorkers(load("scenarios/nakamoto-10k.yaml"), "auto", 8).why).toMatch(/nakamoto runs on one thread/);
    expect(chooseWorkers(load("scenarios/pbft-16-cloud.yaml", ["nodes.count=64"]), "auto", 1).why).toBe("auto: one core");
    const leader = load("scenarios/pbft-16-cloud.yaml", ["nodes.count=64", "workload.target=leader"]);
    expect(chooseWorkers(leader, "auto", 4).why).toMatch(/workload.target leader ends a window at every transaction/);
  });

  it("takes a number as given", () => {
    expect(chooseWorkers(load("scenarios/nakamoto-10k.yaml"), 3, 1)).toEqual({ workers: 3 });
  });
});

describe("proximity-aware partitions", () => {
  it("pairs the close regions: four cloud regions on two workers put us-east with us-west", () => {
    const { scenario } = loadScenarioFile("scenarios/pbft-16-cloud.yaml", ["nodes.count=64"]);
    const { partitionOf, lookaheadUs } = partitionNodes(scenario, 2);
    const partOf = (region: string): number => partitionOf[scenario.nodes.regions.indexOf(region)] as number;
    expect(partOf("us-east-1")).toBe(partOf("us-west-1"));
    expect(partOf("eu-central-1")).toBe(partOf("ap-northeast-1"));
    expect(partOf("us-east-1")).not.toBe(partOf("eu-central-1"));
    // The lookahead is then the us-east ↔ eu-central bound, longer than us-east ↔ us-west.
    const model = DelayModel.fromScenario(scenario);
    const node = (region: string): number => scenario.nodes.regions.indexOf(region);
    const bound = (a: string, b: string): number => Math.min(model.minDelayUs(node(a), node(b)), model.minDelayUs(node(b), node(a)));
    expect(lookaheadUs).toBe(bound("us-east-1", "eu-central-1"));
    expect(lookaheadUs).toBeGreaterThan(bound("us-east-1", "us-west-1"));
  });

  it("keeps partitions within the balance slack: Europe alone against the rest for the 10,000-node network", () => {
    const { scenario } = loadScenarioFile("scenarios/nakamoto-10k.yaml", []);
    const { partitionOf } = partitionNodes(scenario, 2);
    const sizes = [0, 0];
    for (const p of partitionOf) sizes[p] = (sizes[p] as number) + 1;
    expect(Math.max(...sizes)).toBeLessThanOrEqual(Math.ceil(5000 * 1.15));
    const eu = new Set(scenario.nodes.regions.flatMap((r, i) => (r === "EU" ? [partitionOf[i]] : [])));
    expect(eu.size).toBe(1);
  });
});
