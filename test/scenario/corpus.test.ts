import { describe, expect, it } from "vitest";
import { loadScenarioFile, ScenarioError } from "../../src/scenario/index.js";
import { badScenarioFiles } from "./corpus.js";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function loadError(file: string): ScenarioError {
  try {
    loadScenarioFile(file);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error(`${file} loaded without an error`);
}

describe("malformed scenario corpus", () => {
  const corpus = badScenarioFiles();

  it("has at least 22 files", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(22);
  });

  for (const { file, expectPath } of corpus) {
    it(`${file.split("/").pop()} is rejected at ${expectPath} with a line number`, () => {
      const error = loadError(file);
      const line = new RegExp(`^${escapeRegExp(file)}:(\\d+):(\\d+): ${escapeRegExp(expectPath)}: .+`, "m");
      expect(error.message).toMatch(line);
      const problem = error.problems.find((p) => p.path === expectPath);
      expect(problem?.line).toBeGreaterThan(0);
      expect(problem?.column).toBeGreaterThan(0);
    });
  }
});
