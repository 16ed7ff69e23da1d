/**
 * The package version, read once from package.json (part of the determinism triple: scenario, seed, version).
 */
import { readFileSync } from "node:fs";

function readVersion(): string {
  const url = new URL("../package.json", import.meta.url);
  const parsed = JSON.parse(readFileSync(url, "utf8")) as { version?: unknown };
  if (typeof parsed.version !== "string") throw new Error("readVersion: package.json has no version");
  return parsed.version;
}

export const VERSION: string = readVersion();
