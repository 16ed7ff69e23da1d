/**
 * The fault schedule (issue 6, part 1–2): every fault kind loads and compiles, targets resolve deterministically
 * at the fault's time, fault windows reach result.json with resolved nodes and the time series counts active
 * faults, and each kind does what it says in the simulator.
 */
import { describe, expect, it } from "vitest";
import { RngStreams } from "../../src/engine/rng.js";
import { NetworkFaults } from "../../src/faults/network.js";
import { activeFaultCount, expandFaults, lastHealUs } from "../../src/faults/schedule.js";
import { resolveTarget, type TargetWorld } from "../../src/faults/targets.js";
import { runTiny, tinyScenario } from "./support.js";

const world = (leader: number | undefined, down: number[] = []): TargetWorld => ({
  nodeCount: 7,
  regions: ["eu", "us", "eu", "us", "eu", "us", "eu"],
  isUp: (node) => !down.includes(node),
  leaderHint: () => leader,
});

describe("fault targets", () => {
  it("resolve ids, all, region, minority and majority with the right sizes, deterministically", () => {
    const rng = (): ReturnType<RngStreams["get"]> => new RngStreams(9).get("faults/0");
    expect(resolveTarget([5, 1], world(0), rng())).toEqual([1, 5]);
    expect(resolveTarget({ kind: "all" }, world(0), rng())).toHaveLength(7);
    expect(resolveTarget({ kind: "region", region: "us" }, world(0), rng())).toEqual([1, 3, 5]);
    expect(resolveTarget({ kind: "minority" }, world(0), rng())).toHaveLength(3);
    expect(resolveTarget({ kind: "majority" }, world(0), rng())).toHaveLength(4);
    expect(resolveTarget({ kind: "one" }, world(0), rng())).toEqual(resolveTarget({ kind: "one" }, world(0), rng()));
  });

  it("leader asks the lowest-id live node, and falls back to that node when it knows no leader", () => {
    expect(resolveTarget({ kind: "leader" }, world(4), new RngStreams(1).get("x"))).toEqual([4]);
    expect(resolveTarget({ kind: "leader" }, world(undefined, [0, 1]), new RngStreams(1).get("x"))).toEqual([2]);
  });
});

describe("network fault state", () => {
  it("one-way partitions cut only what the first group sends; isolation cuts both ways; removal restores", () => {
    const net = new NetworkFaults(4);
    net.partition(0, [[0], [1, 2, 3]], true);
    expect(net.canTalk(0, 1)).toBe(false);
    expect(net.canTalk(1, 0)).toBe(true);
    net.isolate(1, [3]);
    expect(net.canTalk(3, 2)).toBe(false);
    expect(net.canTalk(2, 3)).toBe(false);
    net.remove(0);
    net.remove(1);
    expect(net.canTalk(0, 1) && net.canTalk(3, 2)).toBe(true);
  });

  it("link effects compose: delay factors multiply, added delays add, losses are independent", () => {
    const net = new NetworkFaults(3);
    net.link(0, [0], [1], false, { delayFactor: 2, addedDelayUs: 100, loss: 0.5 });
    net.link(1, [0, 1, 2], [1], true, { delayFactor: 3, addedDelayUs: 50, loss: 0.5 });
    expect(net.linkEffect(0, 1)).toEqual({ delayFactor: 6, addedDelayUs: 150, loss: 0.75 });
    expect(net.linkEffect(1, 0)).toEqual({ delayFactor: 2, addedDelayUs: 100, loss: 0.5 });
    expect(net.linkEffect(2, 0)).toEqual({ delayFactor: 1, addedDelayUs: 0, loss: 0 });
  });
});

const ALL_KINDS = `faults:
  - { at: 500ms, kind: crash, nodes: one, recover: 1s }
  - { at: 600ms, kind: partition, nodes: minority, oneWay: true, heal: 900ms }
  - { at: 700ms, kind: isolate, nodes: leader, heal: 1100ms }
  - { at: 800ms, kind: link, from: [0], to: all, delayFactor: 3, addDelay: 20ms, loss: 0.2, until: 1200ms }
  - { at: 900ms, kind: slow, nodes: "region:lan", factor: 0.25, until: 1300ms }
  - { at: 1s, kind: clock, nodes: [1, 2], factor: 2, until: 1400ms }
`;

describe("fault schedule in the simulator", () => {
  const scenario = tinyScenario("pbft", { seconds: 3, extra: ALL_KINDS });

  it("compiles every kind; the liveness phase starts when the last one ends", () => {
    expect(scenario.faults.map((f) => f.kind)).toEqual(["crash", "partition", "isolate", "link", "slow", "clock"]);
    expect(lastHealUs(scenario.faults)).toBe(1_400_000);
    const actions = expandFaults(scenario.faults);
    expect(actions).toHaveLength(12);
    expect(actions.map((a) => a.atUs)).toEqual([...actions.map((a) => a.atUs)].sort((a, b) => a - b));
  });

  it("reports each fault window with resolved nodes, counts active faults per second, stays safe and live", () => {
    const first = runTiny(scenario).outcome;
    const again = runTiny(scenario).outcome;
    expect(first.faults).toEqual(again.faults);
    expect(first.faults.map((f) => [f.kind, f.atMs, f.untilMs])).toEqual([
      ["crash", 500, 1000], ["partition", 600, 900], ["isolate", 700, 1100], ["link", 800, 1200], ["slow", 900, 1300], ["clock", 1000, 1400],
    ]);
    for (const record of first.faults) expect(record.nodes.length).toBeGreaterThan(0);
    expect(first.faults[1]?.groups).toHaveLength(2);
    expect(first.faults[4]?.nodes).toEqual(scenario.nodes.regions.flatMap((r, i) => (r === "lan" ? [i] : [])));
    expect(first.metrics.timeseries.map((row) => row.faults)).toEqual([
      activeFaultCount(first.faults, 0, 1e6), activeFaultCount(first.faults, 1e6, 2e6), 0,
    ]);
    expect(first.metrics.timeseries[0]?.faults).toBe(5);
    expect(first.safety.ok).toBe(true);
    expect(first.liveness.ok).toBe(true);
  });

  it("a slow fault makes the node's CPU busier; a link fault slows confirmations", () => {
    const base = runTiny(tinyScenario("pbft", { seconds: 3 })).outcome;
    const slow = runTiny(tinyScenario("pbft", { seconds: 3, extra: "faults: [{ at: 0s, kind: slow, nodes: all, factor: 0.1 }]" })).outcome;
    const busy = (o: typeof base): number => o.metrics.nodes.reduce((sum, n) => sum + n.cpuUtilization, 0);
    expect(busy(slow)).toBeGreaterThan(5 * busy(base));
    const link = runTiny(tinyScenario("pbft", { seconds: 3, extra: "faults: [{ at: 0s, kind: link, addDelay: 40ms }]" })).outcome;
    expect(link.metrics.latency.p50Ms).toBeGreaterThan(base.metrics.latency.p50Ms + 100);
  });

  it("a clock fault stretches a node's timers: a slow-clock primary's batches wait longer", () => {
    const extra = "faults: [{ at: 0s, kind: clock, nodes: [0], factor: 8 }]";
    const fast = runTiny(tinyScenario("pbft", { seconds: 3, rate: 5 })).outcome;
    const drift = runTiny(tinyScenario("pbft", { seconds: 3, rate: 5, extra })).outcome;
    expect(drift.metrics.latency.p50Ms).toBeGreaterThan(1.5 * fast.metrics.latency.p50Ms);
  });
});
