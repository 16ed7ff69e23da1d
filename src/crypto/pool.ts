/**
 * A pool of worker threads (piscina) for batch signature work: verify, sign, and sign-then-verify, with
 * results in input order whatever the number of workers or the order in which they finish.
 *
 * Batching: a call is cut into chunks of 32–256 items (about two chunks per worker, so both stay busy; at
 * ~0.3 ms an SM2 verification a full chunk is ~80 ms of work against ~0.1 ms of messaging). Each chunk is
 * one postMessage of three typed arrays whose buffers are transferred (pool-codec.ts).
 *
 * Worker loading: the worker is the compiled sibling of this module. Running from `dist/` this file is
 * pool.js and the worker is dist/crypto/pool-worker.js, plain Node. Running from sources (vitest, tsx)
 * this file is pool.ts, and the worker is src/crypto/pool-worker.ts, loaded through tsx (a devDependency):
 * `--import tsx` is added to the workers' execArgv unless the parent already runs under tsx.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, extname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { packTask, unpackSignatures, type PoolOp, type PoolTask, type PoolTaskResult } from "./pool-codec.js";
import { getSuite } from "./suites.js";
import type { SuiteName } from "./types.js";

/** Fewest items worth a message of their own. */
export const POOL_MIN_BATCH = 32;
/** Most items per message (about 80 ms of SM2 verification). */
export const POOL_MAX_BATCH = 256;
/** Chunks aimed at per worker and call, so a worker finishing early finds more work. */
const CHUNKS_PER_WORKER = 2;
/** Tasks piscina may hand a worker at once: queued inside the worker, they run even while the main thread is busy. */
const TASKS_IN_FLIGHT_PER_WORKER = 8;

export interface VerifyRequest {
  suite: SuiteName;
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

export interface SignRequest {
  suite: SuiteName;
  privateKey: Uint8Array;
  message: Uint8Array;
}

export interface SignVerifyRequest extends SignRequest {
  publicKey: Uint8Array;
}

export interface CryptoPoolOptions {
  /** Worker threads (default: defaultCryptoWorkers()). */
  workers?: number;
  /** Most items per message (default POOL_MAX_BATCH). */
  maxBatch?: number;
}

/** min(2, available cores): two workers already take the workload's crypto off the simulation thread. */
export function defaultCryptoWorkers(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

/** Where the worker module is and what the worker threads need to load it (see the module comment). */
export function poolWorkerLocation(): { filename: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const fromSources = extname(here) === ".ts";
  const filename = join(dirname(here), fromSources ? "pool-worker.ts" : "pool-worker.js");
  if (!existsSync(filename)) throw new Error(`CryptoPool: worker module ${filename} is missing (run \`npm run build\`?)`);
  if (!fromSources || process.execArgv.some((arg) => arg.includes("tsx"))) return { filename, execArgv: [...process.execArgv] };
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  return { filename, execArgv: [...process.execArgv, "--import", tsxLoader] };
}

export class CryptoPool {
  readonly workers: number;
  readonly maxBatch: number;
  private readonly piscina: Piscina<PoolTask, PoolTaskResult>;
  private closed = false;

  constructor(options: CryptoPoolOptions = {}) {
    this.workers = options.workers ?? defaultCryptoWorkers();
    this.maxBatch = options.maxBatch ?? POOL_MAX_BATCH;
    if (!Number.isInteger(this.workers) || this.workers < 1) {
      throw new RangeError(`CryptoPool: workers must be an integer ≥ 1, got ${this.workers}`);
    }
    if (!Number.isInteger(this.maxBatch) || this.maxBatch < 1) {
      throw new RangeError(`CryptoPool: maxBatch must be an integer ≥ 1, got ${this.maxBatch}`);
    }
    const { filename, execArgv } = poolWorkerLocation();
    this.piscina = new Piscina<PoolTask, PoolTaskResult>({
      filename,
      execArgv,
      minThreads: this.workers,
      maxThreads: this.workers,
      idleTimeout: 60_000,
      concurrentTasksPerWorker: TASKS_IN_FLIGHT_PER_WORKER,
    });
  }

  /** Starts every worker and loads its crypto (the first SM2 use builds tables): keeps start-up out of timings. */
  async warmUp(): Promise<void> {
    const seed = new TextEncoder().encode("ledgersim/pool/warm-up");
    const items: SignVerifyRequest[] = [];
    for (const suite of ["sm", "intl", "ed25519"] as const) {
      const keys = getSuite(suite).generateKeyPair(seed);
      for (let i = 0; i < this.workers * 2; i++) items.push({ suite, ...keys, message: seed });
    }
    await Promise.all(this.chunks(items.length, 1).map(([start, end]) =>
      this.runChunk("sign-verify", items.slice(start, end), (r) => [r.privateKey, r.publicKey, r.message])));
  }

  /** Verifies every request (real arithmetic in the workers); answers in input order. Never throws for bad input. */
  async verify(requests: readonly VerifyRequest[]): Promise<boolean[]> {
    const results = await this.run("verify", requests, (r) => wellFormed([r.publicKey, r.message, r.signature]));
    return results.flatMap((result) => Array.from(result.valid ?? [], (v) => v === 1));
  }

  /** Signs every request; signatures in input order (deterministic suites: the same bytes as signing here). */
  async sign(requests: readonly SignRequest[]): Promise<Uint8Array[]> {
    const results = await this.run("sign", requests, (r) => [r.privateKey, r.message]);
    return results.flatMap((result) => unpackSignatures(result.signatureLengths ?? new Uint32Array(0), result.signatureBlob ?? new Uint8Array(0)));
  }

  /** Signs every request, then verifies each signature for real against `publicKey`; input order. */
  async signAndVerify(requests: readonly SignVerifyRequest[]): Promise<{ signatures: Uint8Array[]; valid: boolean[] }> {
    const results = await this.run("sign-verify", requests, (r) => [r.privateKey, r.publicKey, r.message]);
    return {
      signatures: results.flatMap((result) =>
        unpackSignatures(result.signatureLengths ?? new Uint32Array(0), result.signatureBlob ?? new Uint8Array(0))),
      valid: results.flatMap((result) => Array.from(result.valid ?? [], (v) => v === 1)),
    };
  }

  /** Stops the workers; pending calls reject. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.piscina.destroy();
  }

  /** [start, end) ranges covering `count` items, at least `minBatch` and at most maxBatch each. */
  chunks(count: number, minBatch: number = POOL_MIN_BATCH): [number, number][] {
    const target = Math.ceil(count / (this.workers * CHUNKS_PER_WORKER));
    const size = Math.max(1, Math.min(this.maxBatch, Math.max(minBatch, target)));
    const ranges: [number, number][] = [];
    for (let start = 0; start < count; start += size) ranges.push([start, Math.min(count, start + size)]);
    return ranges;
  }

  /** Cuts `requests` into chunks, runs them concurrently, returns the chunk results in input order. */
  private async run<R extends { suite: SuiteName }>(
    op: PoolOp,
    requests: readonly R[],
    fields: (request: R) => Uint8Array[],
  ): Promise<PoolTaskResult[]> {
    if (this.closed) throw new Error(`CryptoPool.${op}: the pool is closed`);
    return Promise.all(this.chunks(requests.length).map(([start, end]) => this.runChunk(op, requests.slice(start, end), fields)));
  }

  private runChunk<R extends { suite: SuiteName }>(
    op: PoolOp,
    requests: readonly R[],
    fields: (request: R) => Uint8Array[],
  ): Promise<PoolTaskResult> {
    const task = packTask(op, requests.map((r) => r.suite), requests.map((r) => fields(r).map(asBytes)));
    // packTask allocates fresh (never shared) buffers: hand them over instead of copying.
    const transferList = [task.suites.buffer, task.lengths.buffer, task.blob.buffer] as ArrayBuffer[];
    return this.piscina.run(task, { transferList });
  }
}

const EMPTY = new Uint8Array(0);

/** A field that is not a Uint8Array travels as an empty one (a signer then throws, as it would here). */
function asBytes(value: unknown): Uint8Array {
  return value instanceof Uint8Array ? value : EMPTY;
}

/** A verification with any malformed field travels as all-empty fields, which every suite rejects (false). */
function wellFormed(fields: unknown[]): Uint8Array[] {
  return fields.every((f) => f instanceof Uint8Array) ? (fields as Uint8Array[]) : fields.map(() => EMPTY);
}
