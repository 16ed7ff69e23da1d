/**
 * `--crypto-workers N` for commands that simulate: the workload's client signatures and their first
 * verification run in a pool of N worker threads (simulateAsync), 0 runs everything on the simulation
 * thread (simulate). The result is the same either way; only the wall time changes.
 */
import { CryptoPool, defaultCryptoWorkers } from "../crypto/pool.js";
import { simulate, simulateAsync, type SimulateOptions, type SimulationOutcome } from "../engine/simulation.js";
import type { Scenario } from "../scenario/types.js";
import { UsageError } from "./exit-codes.js";

/** Most crypto workers accepted (more only adds threads contending for the same cores). */
const MAX_CRYPTO_WORKERS = 64;

export const CRYPTO_WORKERS_HELP =
  "worker threads that sign and pre-verify the workload's transactions (0 = none; default min(2, cores)); results are identical";

/** The option's value as a worker count: the default when absent; a usage error (exit 104) when not 0..64. */
export function parseCryptoWorkers(value: string | undefined): number {
  if (value === undefined) return defaultCryptoWorkers();
  const workers = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(workers) || workers > MAX_CRYPTO_WORKERS) {
    throw new UsageError(`--crypto-workers: expected an integer from 0 to ${MAX_CRYPTO_WORKERS}, found '${value}'`);
  }
  return workers;
}

/** simulate() with `workers` crypto workers (0: plain simulate). The pool lives for this one run. */
export async function simulateWithCryptoWorkers(
  scenario: Scenario,
  options: SimulateOptions,
  workers: number,
): Promise<SimulationOutcome> {
  if (workers === 0) return simulate(scenario, options);
  const pool = new CryptoPool({ workers });
  try {
    return await simulateAsync(scenario, { ...options, pool });
  } finally {
    await pool.close();
  }
}
