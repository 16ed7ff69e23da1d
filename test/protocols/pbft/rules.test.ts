/**
 * The paper's rules as pure functions (rules.ts, certificates.ts): quorum arithmetic, watermarks, the
 * prepared / committed-local predicates, the doubling timeout, the f+1 join rule, and O in NEW-VIEW.
 */
import { describe, expect, it } from "vitest";
import {
  inWatermarks,
  isCommittedLocal,
  isPrepared,
  maxFaulty,
  quorumSize,
  viewChangeTimeoutUs,
  viewToJoin,
  vouchedValue,
} from "../../../src/protocols/pbft/rules.js";
import { computeNewViewO, type CertificateCrypto } from "../../../src/protocols/pbft/certificates.js";
import type { CommitMsg, PrePrepareMsg, PrepareMsg, ViewChangeMsg } from "../../../src/protocols/pbft/index.js";
import { toHex } from "../../../src/protocols/codec.js";
import { makeTx } from "../../support/harness.js";

const d = (k: number): Uint8Array => new Uint8Array(32).fill(k);
const sig = new Uint8Array(32);
const pp = (view: number, seq: number, k: number): PrePrepareMsg => ({
  type: "PRE-PREPARE", view, seq, digest: d(k), proposer: view % 4, batch: [makeTx(k)], sig,
});
const prepare = (view: number, seq: number, k: number, replica: number): PrepareMsg => ({ type: "PREPARE", view, seq, digest: d(k), replica, sig });
const commit = (view: number, seq: number, k: number, replica: number): CommitMsg => ({ type: "COMMIT", view, seq, digest: d(k), replica, sig });
const fakeCrypto: CertificateCrypto = { verify: () => true, digest: (seq, proposer, batch) => d(200 + seq + proposer + batch.length) };

describe("quorums (§3, §4.2)", () => {
  it("f = ⌊(n−1)/3⌋ and quorums of 2f+1 when n = 3f+1", () => {
    expect([4, 7, 10, 16].map(maxFaulty)).toEqual([1, 2, 3, 5]);
    expect([4, 7, 10, 16].map(quorumSize)).toEqual([3, 5, 7, 11]);
  });
  it("for n ≠ 3f+1 two quorums still intersect in f+1 replicas", () => {
    for (let n = 4; n <= 40; n++) {
      const q = quorumSize(n);
      expect(2 * q - n).toBeGreaterThanOrEqual(maxFaulty(n) + 1);
      expect(q).toBeLessThanOrEqual(n - maxFaulty(n)); // live with f faulty
    }
  });
});

describe("watermarks (§4.2)", () => {
  it("accept h < n ≤ H", () => {
    expect([10, 11, 20, 21].map((n) => inWatermarks(n, 10, 10))).toEqual([false, true, true, false]);
  });
});

describe("prepared and committed-local (§4.2)", () => {
  const slot = (prepares: PrepareMsg[], commits: CommitMsg[], pre = pp(0, 1, 1)) => ({
    prePrepare: pre,
    prepares: new Map(prepares.map((p) => [p.replica, p])),
    commits: new Map(commits.map((c) => [c.replica, c])),
  });
  it("prepared needs the pre-prepare and 2f matching prepares from distinct backups", () => {
    expect(isPrepared(slot([prepare(0, 1, 1, 1)], []), 0, 4)).toBe(false);
    expect(isPrepared(slot([prepare(0, 1, 1, 1), prepare(0, 1, 1, 2)], []), 0, 4)).toBe(true);
    // The primary's prepare does not count; neither does one with another digest or view.
    expect(isPrepared(slot([prepare(0, 1, 1, 0), prepare(0, 1, 1, 2)], []), 0, 4)).toBe(false);
    expect(isPrepared(slot([prepare(0, 1, 2, 1), prepare(0, 1, 1, 2)], []), 0, 4)).toBe(false);
    expect(isPrepared(slot([prepare(0, 1, 1, 1), prepare(0, 1, 1, 2)], []), 1, 4)).toBe(false);
  });
  it("committed-local needs prepared and 2f+1 matching commits", () => {
    const prepares = [prepare(0, 1, 1, 1), prepare(0, 1, 1, 2)];
    expect(isCommittedLocal(slot(prepares, [commit(0, 1, 1, 0), commit(0, 1, 1, 1)]), 0, 4)).toBe(false);
    expect(isCommittedLocal(slot(prepares, [commit(0, 1, 1, 0), commit(0, 1, 1, 1), commit(0, 1, 1, 3)]), 0, 4)).toBe(true);
    expect(isCommittedLocal(slot([prepares[0]!], [commit(0, 1, 1, 0), commit(0, 1, 1, 1), commit(0, 1, 1, 3)]), 0, 4)).toBe(false);
  });
});

describe("view-change liveness rules (§4.5.2)", () => {
  it("the timeout is T for the first view change and doubles for each consecutive one", () => {
    expect([0, 1, 2, 3, 4].map((a) => viewChangeTimeoutUs(100, a))).toEqual([100, 100, 200, 400, 800]);
  });
  it("f+1 view-changes for higher views: join the smallest", () => {
    expect(viewToJoin(new Map([[1, 5]]), 4)).toBeUndefined();
    expect(viewToJoin(new Map([[1, 5], [2, 3]]), 4)).toBe(3);
  });
  it("a value vouched by f+1 replicas is the (f+1)-th highest", () => {
    expect(vouchedValue(new Map([[0, 100], [1, 7], [2, 9]]), 4)).toBe(9);
  });
});

describe("O in NEW-VIEW (§4.4)", () => {
  const vc = (replica: number, stableSeq: number, certs: PrePrepareMsg[]): ViewChangeMsg => ({
    type: "VIEW-CHANGE", newView: 2, stableSeq, checkpointProof: [],
    prepared: certs.map((p) => ({ prePrepare: p, prepares: [] })), replica, sig,
  });
  it("re-proposes the highest-view certificate per number between min-s and max-s, null requests in gaps", () => {
    const V = [vc(0, 4, [pp(0, 5, 1), pp(0, 8, 3)]), vc(1, 2, [pp(0, 3, 9), pp(1, 5, 2)]), vc(2, 4, [])];
    const plan = computeNewViewO(V, 2, 4, fakeCrypto);
    expect(plan.minS).toBe(4);
    expect(plan.maxS).toBe(8);
    expect(plan.entries.map((e) => [e.seq, e.batch.length])).toEqual([[5, 1], [6, 0], [7, 0], [8, 1]]);
    expect(toHex(plan.entries[0]!.digest)).toBe(toHex(d(2))); // view 1 beats view 0 at n = 5
    expect(plan.entries[1]!.proposer).toBe(2); // null requests come from the new primary
  });
  it("with nothing prepared above min-s, O is empty", () => {
    const plan = computeNewViewO([vc(0, 8, []), vc(1, 8, [pp(0, 8, 1)]), vc(3, 4, [])], 2, 4, fakeCrypto);
    expect([plan.minS, plan.maxS, plan.entries.length]).toEqual([8, 8, 0]);
  });
});
