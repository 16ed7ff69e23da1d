/**
 * `ledgersim run --tx-log`: transactions.csv lands in the run directory with the rest, one row per submitted
 * transaction (id order), times in µs that agree with each other (submit ≤ first commit ≤ confirmation) and the
 * node the client submitted to; empty cells where an event never happened. Without the flag, no file.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/run.js";
import { TRANSACTION_COLUMNS, transactionsCsv } from "../../src/results/write.js";
import type { RunResult } from "../../src/results/result.js";

/** A small, quick run: 4 PBFT replicas, 3 s at 60 tx/s, everything measured (no warm-up or cool-down). */
const SMALL = ["duration=3s", "workload.arrival.rate=60", "metrics.warmup=0s", "metrics.cooldown=0s"];

const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function runQuiet(out: string, txLog: boolean, sets: string[] = SMALL): Promise<string> {
  const write = process.stderr.write.bind(process.stderr);
  const stdout = process.stdout.write.bind(process.stdout);
  let printed = "";
  process.stderr.write = () => true;
  process.stdout.write = (chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  };
  try {
    const code = await runCommand("scenarios/quickstart.yaml", { set: sets, out, json: false, write: true, txLog });
    expect(code).toBe(0);
  } finally {
    process.stderr.write = write;
    process.stdout.write = stdout;
  }
  return printed.trim();
}

function cells(line: string): (number | null)[] {
  return line.split(",").map((cell) => (cell === "" ? null : Number(cell)));
}

describe("transactions.csv", () => {
  it("has a header and one row per submitted transaction, written with the rest of the run", async () => {
    const out = mkdtempSync(join(tmpdir(), "ledgersim-txlog-"));
    tmpDirs.push(out);
    const dir = await runQuiet(out, true);
    expect(readdirSync(dir).sort()).toEqual(["charts", "report.html", "result.json", "timeseries.csv", "transactions.csv"]);
    const result = JSON.parse(readFileSync(join(dir, "result.json"), "utf8")) as RunResult;
    const lines = readFileSync(join(dir, "transactions.csv"), "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("tx_id,submit_us,first_commit_us,confirm_us,node");
    const rows = lines.slice(1).map(cells);
    expect(rows.length).toBe(result.throughput.submitted);
    expect(rows.length).toBeGreaterThan(100);
    let confirmed = 0;
    rows.forEach((row, i) => {
      const [id, submit, first, confirm, node] = row;
      expect(id).toBe(i);
      expect(Number.isInteger(submit)).toBe(true);
      expect(node !== null && node >= 0 && node < 4, `tx ${i} node`).toBe(true);
      if (first !== null) expect(first).toBeGreaterThanOrEqual(submit as number);
      if (confirm !== null) {
        confirmed++;
        expect(confirm).toBeGreaterThanOrEqual(first as number);
      }
    });
    expect(confirmed).toBe(result.latency.confirmed);
    expect(new Set(rows.map((row) => row[4])).size, "random targets reach every replica").toBe(4);
  });

  it("is not written without --tx-log", async () => {
    const out = mkdtempSync(join(tmpdir(), "ledgersim-notxlog-"));
    tmpDirs.push(out);
    const dir = await runQuiet(out, false, [...SMALL, "duration=1s"]);
    expect(readdirSync(dir)).not.toContain("transactions.csv");
  });

  it("writes empty cells for events that never happened", () => {
    const log = {
      submitUs: Float64Array.from([10, 20]), firstCommitUs: Float64Array.from([100, -1]),
      confirmUs: Float64Array.from([150, -1]), node: Float64Array.from([2, -1]),
    };
    expect(transactionsCsv(log)).toBe(`${TRANSACTION_COLUMNS.join(",")}\n0,10,100,150,2\n1,20,,,\n`);
  });
});
