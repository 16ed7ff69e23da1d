/**
 * Helpers for the evaluation tests: run the CLI in-process with stdout/stderr captured, and temporary
 * result roots.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vi } from "vitest";
import { main } from "../../src/cli/main.js";

export const TINY_SWEEP = "test/evaluate/fixtures/tiny-sweep.yaml";

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[]): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

export function tempRoot(label: string): string {
  return mkdtempSync(join(tmpdir(), `ledgersim-${label}-`));
}
