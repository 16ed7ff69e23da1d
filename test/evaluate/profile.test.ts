/**
 * `ledgersim evaluate`: a profile's tests run and a conformance report (JSON + self-contained HTML) is written
 * atomically with one row per test and each criterion's verdict; a failing test gives exit 99; a bad profile
 * gives 104 naming file, line and field, and writes nothing. Also checks that the shipped consortium profile
 * loads (it is run by `npm run evaluate:consortium`, not here).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Conformance } from "../../src/evaluate/conformance.js";
import { loadProfile } from "../../src/evaluate/profile.js";
import { cli, tempRoot } from "./helpers.js";

const root = tempRoot("evaluate");
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("evaluate", () => {
  it("writes the conformance report and exits 99 when a test fails", async () => {
    const run = await cli(["evaluate", "test/evaluate/fixtures/profiles/tiny.yaml", "--out", root, "--workers", "2"]);
    expect(run.code, run.stderr).toBe(99);
    const stamps = readdirSync(join(root, "evaluate", "tiny-profile"));
    expect(stamps).toHaveLength(1);
    const dir = join(root, "evaluate", "tiny-profile", stamps[0] as string);
    expect(resolve(run.stdout.trim())).toBe(resolve(dir));
    const report = JSON.parse(readFileSync(join(dir, "conformance.json"), "utf8")) as Conformance;
    expect(report.schema).toBe("ledgersim/conformance@1");
    expect(report.verdict).toBe("FAIL");
    expect(report.tests.map((t) => [t.name, t.pass])).toEqual([["light", true], ["seven-nodes", true], ["impossible", false]]);
    const light = report.tests[0] as Conformance["tests"][number];
    expect(light.criteria.map((c) => c.metric)).toEqual(["safety.ok", "throughput.successRate"]);
    expect(light.overrides).toEqual({ "workload.arrival.rate": 50, duration: "2s" });
    expect(light.metrics["nodes"]).toBe(4);
    expect(report.tests[1]?.metrics["nodes"]).toBe(7);
    const impossible = report.tests[2]?.criteria.find((c) => c.metric === "latency.p99Ms");
    expect(impossible).toMatchObject({ op: "<=", threshold: 0.001, pass: false });
    expect(typeof impossible?.value).toBe("number");
    for (const name of ["light", "seven-nodes", "impossible"]) expect(existsSync(join(dir, "tests", name, "result.json"))).toBe(true);
    const page = readFileSync(join(dir, "conformance.html"), "utf8");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).not.toContain("<script>");
    expect(page).toContain("<b>meant</b>".replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    expect(page).not.toMatch(/<link|src="http/);
    expect(run.stderr).toMatch(/FAIL impossible/);
  }, 180_000);

  it("refuses a bad profile with 104, naming file, line and field, and writes nothing", async () => {
    const out = join(root, "bad");
    const run = await cli(["evaluate", "test/evaluate/fixtures/profiles/bad.yaml", "--out", out]);
    expect(run.code).toBe(104);
    expect(run.stderr).toMatch(/bad\.yaml:5:\d+: tests\[0\]\.criteria\[0\]: .*did you mean 'throughput\.tps'/);
    expect(run.stderr).toMatch(/bad\.yaml:7:\d+: tests\[1\]\.scenaro: unknown key 'scenaro'.*did you mean 'scenario'/);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a test whose overrides the scenario rejects", async () => {
    const run = await cli(["evaluate", "test/evaluate/fixtures/profiles/bad-override.yaml", "--out", join(root, "bad2")]);
    expect(run.code).toBe(104);
    expect(run.stderr).toMatch(/bad-override\.yaml:5:\d+: tests\[0\]\.set: test 'too-small': .*nodes\.count/);
    expect(existsSync(join(root, "bad2"))).toBe(false);
  });

  it("ships a consortium profile that loads", () => {
    const profile = loadProfile("scenarios/profiles/consortium-baseline.yaml");
    expect(profile.tests.length).toBeGreaterThanOrEqual(6);
    expect(new Set(profile.tests.map((t) => t.overrides.find(([k]) => k === "nodes.count")?.[1]))).toEqual(new Set([4, 16]));
  });
});
