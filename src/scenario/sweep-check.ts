/**
 * Checks the `sweep` block: every axis is a real key path (with the nearest one suggested) and every value on
 * an axis is valid for that key. Points are expanded and fully validated by `ledgersim sweep`.
 */
import type { ScenarioDocument } from "./document.js";
import type { Issue } from "./errors.js";
import { resolveKeyPath } from "./overrides.js";
import { PROTOCOL_NAMES } from "./schema.js";
import { validateValue } from "./validate.js";

export function checkSweep(doc: ScenarioDocument, sweep: Record<string, unknown>, issues: Issue[]): void {
  for (const [axis, values] of Object.entries(sweep)) {
    if (axis === "seeds" || !Array.isArray(values)) continue;
    const path = ["sweep", axis];
    if (axis === "sweep" || axis.startsWith("sweep.")) {
      issues.push({ path, atKey: true, message: "a sweep cannot sweep its own keys" });
      continue;
    }
    // The protocol itself is a valid axis: each value selects its own branch of the schema (with defaults).
    if (axis === "protocol.name") {
      values.forEach((value, index) => {
        if (typeof value !== "string" || !(PROTOCOL_NAMES as readonly string[]).includes(value)) {
          issues.push({ path: [...path, index], message: `expected one of ${PROTOCOL_NAMES.join(" | ")}, found ${JSON.stringify(value)}` });
        }
      });
      continue;
    }
    const resolved = resolveKeyPath(axis, doc);
    if ("message" in resolved) {
      issues.push({ path, atKey: true, message: resolved.message, suggestion: resolved.suggestion });
      continue;
    }
    values.forEach((value, index) => validateValue(resolved.node, value, [...path, index], issues));
  }
}
