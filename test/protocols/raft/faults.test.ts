/**
 * Crash faults and partitions (§5, §5.4.3): progress with f servers crashed, a new leader after the leader
 * crashes within a stated bound, and a partition that isolates the leader.
 *
 * The election bound. With election timeout T (draws in [T, 2T]) and one-way delay δ: the crashed leader's last
 * AppendEntries reached every follower by t_crash + δ, and each follower's timer was reset then with a draw of
 * at most 2T, so the first candidate starts by t_crash + δ + 2T — always. It wins one round trip later unless
 * another timer fires within about a round trip of it (a split vote); each split costs at most another 2T + RTT.
 * The tests assert the hard bound on the first candidate and "leader within 3T + 4·RTT" over 20 seeds.
 */
import { describe, expect, it } from "vitest";
import { toHex } from "../../../src/protocols/codec.js";
import { entryDigestInput, type LogEntry } from "../../../src/protocols/raft/index.js";
import { committedTxIds, makeTx, safetyViolations, testHash } from "../../support/harness.js";
import { BASE_CONFIG, currentLeader, leaders, raftHarness, runUntilLeader, snapshot } from "./helpers.js";

const T = BASE_CONFIG.electionTimeoutUs;
const DELAY_US = 1_000; // the harness's default one-way delay
const RTT_US = 2 * DELAY_US;

describe("crash faults", () => {
  for (const n of [3, 5]) {
    it(`commits continue with f = ${Math.floor((n - 1) / 2)} of n = ${n} crashed`, () => {
      const f = Math.floor((n - 1) / 2);
      const h = raftHarness(n);
      const crashed = Array.from({ length: f }, (_, i) => n - 1 - i);
      for (const node of crashed) h.crash(node);
      for (let i = 0; i < 40; i++) h.submit(i % (n - f), makeTx(i), 250_000 + i * 2_000);
      h.runUntil(600_000);
      expect(safetyViolations(h)).toEqual([]);
      for (let node = 0; node < n - f; node++) expect(committedTxIds(h, node).sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
    });
  }

  it(`after a leader crash, a candidate starts within 2T + δ and a new leader leads within 3T + 4·RTT; commits resume`, () => {
    for (let seed = 1; seed <= 20; seed++) {
      const h = raftHarness(5, {}, { seed });
      runUntilLeader(h, 1_000_000);
      const old = currentLeader(h);
      for (let i = 0; i < 20; i++) h.submit((old + 1) % 5, makeTx(i), h.now + i * 2_000);
      h.runUntil(h.now + 100_000);
      const crashUs = h.now;
      h.crash(old);
      for (let i = 20; i < 40; i++) h.submit((old + 1 + (i % 4)) % 5, makeTx(i), crashUs + i * 2_000);
      const electedUs = runUntilLeader(h, crashUs + 10 * T, 500);
      const firstVoteUs = Math.min(...h.sent.filter((r) => r.type === "REQUEST-VOTE" && r.atUs > crashUs).map((r) => r.atUs));
      expect(firstVoteUs - crashUs, `seed ${seed}`).toBeLessThanOrEqual(2 * T + DELAY_US);
      expect(electedUs - crashUs, `seed ${seed}`).toBeLessThanOrEqual(3 * T + 4 * RTT_US);
      h.runUntil(electedUs + 200_000);
      expect(safetyViolations(h), `seed ${seed}`).toEqual([]);
      const live = h.nodes.filter((node) => node !== old);
      for (const node of live) expect(committedTxIds(h, node).sort((a, b) => a - b), `seed ${seed}`).toEqual([...Array(40).keys()]);
    }
  });

  it("§5.4.3: a partition that isolates the leader produces a new leader on the majority side, and the old leader's uncommitted entries never commit", () => {
    const h = raftHarness(5);
    runUntilLeader(h, 1_000_000);
    const old = currentLeader(h);
    const oldTerm = snapshot(h, old).term;
    for (let i = 0; i < 10; i++) h.submit(old, makeTx(i), h.now + i * 2_000);
    h.runUntil(h.now + 60_000);
    let isolated = true;
    h.addFilter((from, to) => !isolated || (from !== old && to !== old));
    const cutUs = h.now;
    // The old leader keeps accepting transactions it can no longer commit.
    for (let i = 10; i < 20; i++) h.submit(old, makeTx(i), cutUs + 1_000 + i * 1_000);
    h.runUntil(cutUs + 40_000);
    const stranded: { index: number; entry: LogEntry }[] = snapshot(h, old)
      .log.map((entry, i) => ({ index: i + 1, entry }))
      .filter(({ index }) => index > snapshot(h, old).commitIndex);
    expect(stranded.length).toBeGreaterThan(0);
    h.runUntil(cutUs + 3 * T + 4 * RTT_US);
    const majorityLeaders = leaders(h).filter((l) => l.node !== old);
    expect(majorityLeaders.length).toBe(1);
    expect(majorityLeaders[0]?.term).toBeGreaterThan(oldTerm);
    for (let i = 20; i < 30; i++) h.submit((old + 1) % 5, makeTx(i), h.now + i * 1_000);
    h.runUntil(h.now + 100_000);
    expect(snapshot(h, old).role).toBe("leader"); // it cannot know yet (no check-quorum)
    isolated = false;
    h.runUntil(h.now + 200_000);
    expect(snapshot(h, old).role).toBe("follower");
    const strandedHashes = new Set(stranded.map(({ index, entry }) => toHex(testHash(entryDigestInput(index, entry)))));
    for (const node of h.nodes) {
      for (const c of h.commits[node] ?? []) expect(strandedHashes.has(c.block.hash), `node ${node} height ${c.block.height}`).toBe(false);
    }
    expect(safetyViolations(h)).toEqual([]);
    // Those transactions were not lost: the old leader still held them and handed them to the new leader.
    for (const node of h.nodes) expect(committedTxIds(h, node).sort((a, b) => a - b)).toEqual([...Array(30).keys()]);
  });
});
