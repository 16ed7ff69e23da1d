/**
 * `ledgersim compare`: two run directories give compare.html (each run a column, both runs' labels, every value
 * escaped), compare.csv (a row per run, quoted where needed, spreadsheet formulas defused) and three overlaid
 * charts, written atomically into --out and byte-identical when rendered twice; a directory that is not a run
 * is refused with exit 104.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { compileChart } from "../../src/report/index.js";
import { loadCompareRuns, renderCompareReport, runLabels, writeCompareReport } from "../../src/report/compare.js";
import { COMPARE_FIELDS, csvCell } from "../../src/report/compare-table.js";
import { compareCharts } from "../../src/report/specs/compare.js";
import { fixtureResult, fixtureTimeseries } from "./fixtures/run-60s.js";
import { HOSTILE_NAME } from "./fixtures/hostile.js";
import { HOSTILE_PROTOCOL, secondRun } from "./fixtures/second-run.js";
import { renderToTempDir } from "./render-to-dir.js";

/** Parses RFC 4180 CSV (quoted cells with doubled quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.trimEnd().split("\n")) {
    const cells: string[] = [];
    let cell = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i] as string;
      if (quoted && ch === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = !quoted;
      else if (ch === "," && !quoted) cells.push(cell), (cell = "");
      else cell += ch;
    }
    rows.push([...cells, cell]);
  }
  return rows;
}

const tmpDirs: string[] = [];
let dirA = "";
let dirB = "";

beforeAll(async () => {
  dirA = await renderToTempDir(fixtureResult(), fixtureTimeseries(), "cmp-a");
  dirB = await renderToTempDir(secondRun(), fixtureTimeseries().map((row) => ({ ...row, committed_tps: row.committed_tps * 1.7 })), "cmp-b");
  tmpDirs.push(dirA, dirB);
});
afterAll(() => tmpDirs.forEach((dir) => rmSync(join(dir, ".."), { recursive: true, force: true })));

describe("compare report", () => {
  it("writes compare.html, compare.csv and the overlaid charts atomically into the output directory", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "ledgersim-cmp-out-")), "cmp");
    tmpDirs.push(out);
    await writeCompareReport([dirA, dirB], out);
    expect(readdirSync(out).sort()).toEqual(["charts", "compare.csv", "compare.html"]);
    expect(readdirSync(join(out, "charts")).sort()).toEqual(["latency-cdf.svg", "latency.svg", "throughput.svg"]);
    expect(readdirSync(join(out, ".."))).toEqual(["cmp"]);
  });

  it("puts both runs in the CSV, one row each, quoted and with formulas defused", async () => {
    const { files } = await renderCompareReport(loadCompareRuns([dirA, dirB]));
    const rows = parseCsv(files["compare.csv"] ?? "");
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual(["run", ...COMPARE_FIELDS.map((f) => f.column)]);
    const column = (name: string) => rows.slice(1).map((row) => row[(rows[0] as string[]).indexOf(name)]);
    expect(column("run")).toEqual(["pbft/sm", `${HOSTILE_PROTOCOL}/intl`]);
    expect(column("protocol")).toEqual(["pbft", HOSTILE_PROTOCOL]);
    expect(column("scenario")).toEqual(["pbft-4-crash", HOSTILE_NAME]);
    expect(column("tps")).toEqual(["291.318", "512.25"]);
    expect(column("p99_ms")).toEqual(["1512.448", "640.5"]);
    expect(column("seed")).toEqual(["42", "7"]);
    expect(column("messages_per_block")).toEqual([String(Math.round((232_146 / 1041) * 1000) / 1000), String(Math.round((232_146 / 1041) * 1000) / 1000)]);
    expect(column("safety_ok")).toEqual(["true", "true"]);
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell(-3)).toBe("-3");
  });

  it("shows each run as a column, with every value from the runs escaped", async () => {
    const { files } = await renderCompareReport(loadCompareRuns([dirA, dirB]));
    const page = files["compare.html"] ?? "";
    expect(page).toContain('<th scope="col" class="num">pbft/sm</th>');
    expect(page).toContain("hot,stuff&quot;&lt;img src=x onerror=alert(5)&gt;/intl");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    for (const text of ["291.3 tx/s", "512.3 tx/s", "1,512 ms", "641 ms", "4 of 4 pass"]) expect(page, text).toContain(text);
    for (const planted of [HOSTILE_NAME, "<img src=x", "alert(5)>"]) expect(page, planted).not.toContain(planted);
    const json = /<script type="application\/json" id="ledgersim-charts">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? "";
    expect(json).not.toMatch(/[<>]/);
    expect(page.match(/<script\b/g)).toHaveLength(5);
  });

  it("renders byte-identical files twice, and charts that compile without warnings", async () => {
    const runs = loadCompareRuns([dirA, dirB]);
    const first = await renderCompareReport(runs);
    const second = await renderCompareReport(loadCompareRuns([dirA, dirB]));
    expect(Object.keys(second.files).sort()).toEqual(Object.keys(first.files).sort());
    for (const name of Object.keys(first.files)) expect(second.files[name], name).toBe(first.files[name]);
    for (const chart of compareCharts(runs)) expect(compileChart(chart.spec).warnings, chart.name).toEqual([]);
  });

  it("labels runs protocol/suite, adding the seed, then a number, where labels would collide", () => {
    const a = fixtureResult();
    const b = { ...fixtureResult(), manifest: { ...fixtureResult().manifest, seed: 7 } };
    expect(runLabels([a, secondRun()])).toEqual(["pbft/sm", `${HOSTILE_PROTOCOL}/intl`]);
    expect(runLabels([a, b])).toEqual(["pbft/sm seed 42", "pbft/sm seed 7"]);
    expect(runLabels([a, a, b])).toEqual(["pbft/sm seed 42 #1", "pbft/sm seed 42 #2", "pbft/sm seed 7"]);
  });
});

describe("ledgersim compare (CLI)", () => {
  async function quiet(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const out = { stdout: "", stderr: "" };
    const [w1, w2] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
    process.stdout.write = (chunk: string | Uint8Array) => ((out.stdout += String(chunk)), true);
    process.stderr.write = (chunk: string | Uint8Array) => ((out.stderr += String(chunk)), true);
    try {
      return { code: await main(argv), ...out };
    } finally {
      process.stdout.write = w1;
      process.stderr.write = w2;
    }
  }

  it("prints the output directory on stdout", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "ledgersim-cmp-cli-")), "c");
    tmpDirs.push(out);
    const { code, stdout } = await quiet(["compare", dirA, dirB, "--out", out]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${out}\n`);
    expect(existsSync(join(out, "compare.html"))).toBe(true);
  });

  it("exits 104, naming the directory, for a directory that is not a run, and for an existing --out", async () => {
    const root = mkdtempSync(join(tmpdir(), "ledgersim-cmp-bad-"));
    tmpDirs.push(join(root, "x"));
    const empty = join(root, "empty");
    mkdirSync(empty);
    const missing = await quiet(["compare", dirA, join(root, "nope"), "--out", join(root, "o1")]);
    expect(missing.code).toBe(104);
    expect(missing.stderr).toContain(`${join(root, "nope")} is not a readable run directory (`);
    const notRun = await quiet(["compare", empty, "--out", join(root, "o2")]);
    expect(notRun.code).toBe(104);
    expect(notRun.stderr).toMatch(/empty is not a readable run directory \(cannot read .*result\.json/);
    expect(existsSync(join(root, "o1")) || existsSync(join(root, "o2"))).toBe(false);
    const taken = await quiet(["compare", dirA, "--out", empty]);
    expect(taken.code).toBe(104);
    expect(taken.stderr).toContain("already exists");
    expect(readFileSync(join(dirA, "result.json"), "utf8")).toContain("ledgersim/result@1");
  });
});
