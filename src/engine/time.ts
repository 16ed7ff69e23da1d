/**
 * Simulated time. Always an integer number of microseconds since the start of the run — never a float,
 * never wall-clock time (ARCHITECTURE §1).
 */
export type SimTime = number;

export const US_PER_MS = 1_000;
export const US_PER_SEC = 1_000_000;

export function msToUs(ms: number): SimTime {
  return Math.round(ms * US_PER_MS);
}

export function secToUs(sec: number): SimTime {
  return Math.round(sec * US_PER_SEC);
}

export function usToMs(us: SimTime): number {
  return us / US_PER_MS;
}

export function usToSec(us: SimTime): number {
  return us / US_PER_SEC;
}
