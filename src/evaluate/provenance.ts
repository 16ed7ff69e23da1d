/**
 * Where a batch of runs comes from: the git commit of this build (for every result's manifest) and the UTC
 * stamp that names a batch's directory. Read once per command, in the main thread, never inside a run.
 */
import { spawnSync } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

export function gitCommit(): string {
  const repo = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
  const out = spawnSync("git", ["rev-parse", "HEAD"], { cwd: repo, encoding: "utf8" });
  return out.status === 0 ? out.stdout.trim() : "unknown";
}

/** `20261121T170502Z`. */
export function utcStamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}
