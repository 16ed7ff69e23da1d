/**
 * Bad input specification (ARCHITECTURE §7): every malformed scenario or argument exits 104 with a message
 * naming the file, line and field, and leaves no result directory behind.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";

const CORPUS = "test/fixtures/bad-scenarios";

async function capture(run: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
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
    return { code: await run(), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

let outDir = "";
beforeEach(() => {
  outDir = mkdtempSync(join(tmpdir(), "ledgersim-bad-"));
});
afterEach(() => {
  rmSync(outDir, { recursive: true, force: true });
});

function resultDirsLeft(): string[] {
  return existsSync(outDir) ? readdirSync(outDir, { recursive: true }).map(String) : [];
}

const corpus = readdirSync(CORPUS).filter((f) => f.endsWith(".yaml") || f.endsWith(".json")).sort();

describe("malformed scenario corpus", () => {
  it("has at least 20 cases", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(20);
  });

  it.each(corpus)("%s exits 104, names its field and a line, and writes nothing", async (name) => {
    const file = join(CORPUS, name);
    const expectLine = /expect:\s*(\S+)/.exec(readFileSync(file, "utf8"));
    const { code, stderr } = await capture(() => main(["run", file, "--out", outDir]));
    expect(code).toBe(104);
    expect(stderr).toContain(file);
    if (expectLine !== null) expect(stderr).toContain(expectLine[1] as string);
    expect(stderr).toMatch(new RegExp(`${name.replace(/[.]/g, "\\.")}:\\d+:\\d+`));
    expect(resultDirsLeft()).toEqual([]);
  });
});

describe("bad arguments", () => {
  const cases: [string, string[], RegExp][] = [
    ["unknown --set path", ["--set", "protocol.batch.maxTx=3"], /maxTx/],
    ["__proto__ in a --set path", ["--set", "__proto__.polluted=1"], /__proto__/],
    ["constructor in a --set path", ["--set", "nodes.constructor=1"], /constructor/],
    ["a --set value of the wrong type", ["--set", "nodes.count=many"], /nodes\.count/],
    ["a non-numeric seed", ["--seed", "abc"], /seed/],
    ["an unknown option", ["--frobnicate"], /frobnicate/],
  ];
  it.each(cases)("%s exits 104 and writes nothing", async (_label, args, pattern) => {
    const { code, stderr } = await capture(() => main(["run", "scenarios/quickstart.yaml", "--out", outDir, ...args]));
    expect(code).toBe(104);
    expect(stderr).toMatch(pattern);
    expect(resultDirsLeft()).toEqual([]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("a missing scenario file exits 104 naming the file", async () => {
    const { code, stderr } = await capture(() => main(["run", "scenarios/no-such-file.yaml", "--out", outDir]));
    expect(code).toBe(104);
    expect(stderr).toContain("no-such-file.yaml");
  });

  it("an unknown list exits 104", async () => {
    expect((await capture(() => main(["list", "planets"]))).code).toBe(104);
  });
});
