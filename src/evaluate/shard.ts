/**
 * Which slice of a sweep this process runs (ARCHITECTURE §10): `--shard i/N` (1-based), or `--shard auto`,
 * which reads the cluster's own task index:
 *
 * - Slurm job arrays: SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_STEP and
 *   SLURM_ARRAY_TASK_COUNT — shard = (ID − MIN) / STEP + 1 of COUNT, so `--array=0-3`, `1-4` and `0-6:2`
 *   all work;
 * - Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX (0-based) with `--shard-count N` (the Job's completions).
 */
import { EvaluateInputError } from "./errors.js";

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
  /** Where it came from, for logs: "--shard 2/4", "SLURM_ARRAY_TASK_ID=5", … */
  origin: string;
}

type Env = Record<string, string | undefined>;

function integerOf(text: string | undefined, what: string): number {
  if (text === undefined || !/^\d+$/.test(text.trim())) throw new EvaluateInputError(`--shard: ${what} must be a non-negative integer, found '${text ?? ""}'`);
  return Number(text.trim());
}

function checked(index: number, count: number, origin: string): Shard {
  if (count < 1) throw new EvaluateInputError(`--shard: the shard count must be at least 1 (${origin})`);
  if (index < 1 || index > count) throw new EvaluateInputError(`--shard: shard ${index} is outside 1..${count} (${origin})`);
  return { index, count, origin };
}

function fromSlurm(env: Env): Shard {
  const id = integerOf(env["SLURM_ARRAY_TASK_ID"], "SLURM_ARRAY_TASK_ID");
  const count = integerOf(env["SLURM_ARRAY_TASK_COUNT"], "SLURM_ARRAY_TASK_COUNT");
  const min = env["SLURM_ARRAY_TASK_MIN"] === undefined ? 0 : integerOf(env["SLURM_ARRAY_TASK_MIN"], "SLURM_ARRAY_TASK_MIN");
  const step = env["SLURM_ARRAY_TASK_STEP"] === undefined ? 1 : integerOf(env["SLURM_ARRAY_TASK_STEP"], "SLURM_ARRAY_TASK_STEP");
  if (step < 1 || (id - min) % step !== 0) {
    throw new EvaluateInputError(`--shard auto: SLURM_ARRAY_TASK_ID=${id} is not MIN=${min} plus a multiple of STEP=${step}`);
  }
  return checked((id - min) / step + 1, count, `SLURM_ARRAY_TASK_ID=${id} of ${count}`);
}

function fromKubernetes(env: Env, shardCount: string | undefined): Shard {
  const index = integerOf(env["JOB_COMPLETION_INDEX"], "JOB_COMPLETION_INDEX");
  if (shardCount === undefined) {
    throw new EvaluateInputError("--shard auto: JOB_COMPLETION_INDEX is set (Kubernetes Indexed Job) but --shard-count N is missing (use the Job's completions)");
  }
  return checked(index + 1, integerOf(shardCount, "--shard-count"), `JOB_COMPLETION_INDEX=${index} of ${shardCount}`);
}

/** Parses `--shard`; undefined when absent (run every point). */
export function resolveShard(spec: string | undefined, shardCount: string | undefined, env: Env): Shard | undefined {
  if (spec === undefined) {
    if (shardCount !== undefined) throw new EvaluateInputError("--shard-count applies only with --shard auto");
    return undefined;
  }
  if (spec === "auto") {
    if (env["SLURM_ARRAY_TASK_ID"] !== undefined) return fromSlurm(env);
    if (env["JOB_COMPLETION_INDEX"] !== undefined) return fromKubernetes(env, shardCount);
    throw new EvaluateInputError("--shard auto: neither SLURM_ARRAY_TASK_ID (Slurm job array) nor JOB_COMPLETION_INDEX (Kubernetes Indexed Job) is set");
  }
  const match = /^(\d+)\/(\d+)$/.exec(spec.trim());
  if (match === null) throw new EvaluateInputError(`--shard: expected i/N (1-based, e.g. 2/4) or 'auto', found '${spec}'`);
  if (shardCount !== undefined) throw new EvaluateInputError("--shard-count applies only with --shard auto");
  return checked(Number(match[1]), Number(match[2]), `--shard ${spec}`);
}
