import { describe, expect, it } from "vitest";
import { editDistance, suggest } from "../../src/scenario/suggest.js";

describe("edit distance and suggestions", () => {
  it("counts a swapped pair as one edit", () => {
    expect(editDistance("pbtf", "pbft")).toBe(1);
    expect(editDistance("duraton", "duration")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("suggests the nearest plausible candidate, case-insensitively", () => {
    expect(suggest("pbtf", ["pbft", "hotstuff", "raft"])).toBe("pbft");
    expect(suggest("PBFT", ["pbft", "raft"])).toBe("pbft");
    expect(suggest("duraton", ["name", "duration", "seed"])).toBe("duration");
  });

  it("suggests nothing when no candidate is close", () => {
    expect(suggest("zzzzzz", ["pbft", "raft"])).toBeUndefined();
  });
});
