/** Exit codes (ARCHITECTURE §7). */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
/** A criterion failed or safety was violated. */
export const EXIT_CRITERIA_FAILED = 99;
/** Invalid scenario or arguments. */
export const EXIT_INVALID_INPUT = 104;

/** An error that carries its exit code (bad input: 104). */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT_INVALID_INPUT) {
    super(message);
    this.name = "UsageError";
  }
}
