/**
 * Finds the Chromium the browser test drives, installing Debian's package with scripts/setup-browser.sh when
 * it is missing. Never skips: if no browser can be had, it throws with the installer's own explanation.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
const INSTALL_TIMEOUT_MS = 290_000;

function installedChromium(): string | undefined {
  const fromEnv = process.env["CHROMIUM_PATH"];
  if (fromEnv !== undefined && fromEnv !== "" && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((path) => existsSync(path));
}

export function ensureChromium(): string {
  const found = installedChromium();
  if (found !== undefined) return found;
  const script = join(REPO, "scripts", "setup-browser.sh");
  const run = spawnSync("bash", [script], { encoding: "utf8", timeout: INSTALL_TIMEOUT_MS });
  const path = run.stdout?.trim().split("\n").pop() ?? "";
  if (run.status === 0 && path !== "" && existsSync(path)) return path;
  throw new Error(
    `The report's browser test needs Chromium, and installing it failed.\n` +
      `  ran: bash ${script} (exit ${String(run.status)}${run.error === undefined ? "" : `, ${run.error.message}`})\n` +
      `  ${(run.stderr ?? "").trim().split("\n").join("\n  ")}\n` +
      `Install Debian's 'chromium' package by hand (apt-get install chromium), or set CHROMIUM_PATH to a Chromium executable.`,
  );
}
