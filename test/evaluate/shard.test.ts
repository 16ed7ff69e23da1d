/**
 * --shard: i/N, and `auto` from Slurm job-array or Kubernetes Indexed Job variables; points are dealt
 * round-robin, so the shards partition the plan.
 */
import { describe, expect, it } from "vitest";
import { EvaluateInputError } from "../../src/evaluate/errors.js";
import { resolveShard } from "../../src/evaluate/shard.js";

describe("resolveShard", () => {
  it("reads i/N", () => {
    expect(resolveShard("2/3", undefined, {})).toMatchObject({ index: 2, count: 3 });
    expect(resolveShard(undefined, undefined, {})).toBeUndefined();
  });

  it("reads a Slurm array of any range and step", () => {
    const env = (id: number, min: number, step: number, count: number) => ({
      SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: String(min), SLURM_ARRAY_TASK_STEP: String(step), SLURM_ARRAY_TASK_COUNT: String(count),
    });
    expect(resolveShard("auto", undefined, env(0, 0, 1, 4))).toMatchObject({ index: 1, count: 4 });
    expect(resolveShard("auto", undefined, env(4, 1, 1, 4))).toMatchObject({ index: 4, count: 4 });
    expect(resolveShard("auto", undefined, env(6, 0, 2, 4))).toMatchObject({ index: 4, count: 4 });
  });

  it("reads a Kubernetes Indexed Job with --shard-count", () => {
    expect(resolveShard("auto", "8", { JOB_COMPLETION_INDEX: "0" })).toMatchObject({ index: 1, count: 8 });
    expect(resolveShard("auto", "8", { JOB_COMPLETION_INDEX: "7" })).toMatchObject({ index: 8, count: 8 });
  });

  it.each([
    ["0/3", undefined, {}, /outside 1..3/],
    ["4/3", undefined, {}, /outside 1..3/],
    ["two/3", undefined, {}, /expected i\/N/],
    ["auto", undefined, {}, /neither SLURM_ARRAY_TASK_ID/],
    ["auto", undefined, { JOB_COMPLETION_INDEX: "1" }, /--shard-count N is missing/],
    ["auto", "2", { JOB_COMPLETION_INDEX: "2" }, /outside 1..2/],
    ["1/2", "2", {}, /applies only with --shard auto/],
  ] as const)("refuses %s (count %s)", (spec, count, env, message) => {
    expect(() => resolveShard(spec, count, env)).toThrow(EvaluateInputError);
    expect(() => resolveShard(spec, count, env)).toThrow(message);
  });
});
