/**
 * The README is part of the product: its two commands must be there, and its scenario reference must match the
 * schema it was generated from (regenerate with `npm run docs:scenario`).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readmeWithReference } from "../../scripts/scenario-reference.js";

const readme = readFileSync("README.md", "utf8");

describe("README", () => {
  it("gives a newcomer the two commands", () => {
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toContain("npm test");
  });

  it("carries the scenario reference generated from the current schema", () => {
    expect(readmeWithReference(readme)).toBe(readme);
  });
});
