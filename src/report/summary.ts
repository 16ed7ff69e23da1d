/**
 * The report's tables as data: the headline summary (throughput, latency percentiles, blocks, messages,
 * safety, liveness), the manifest, the criteria and the faults. Kept apart from the markup so the numbers
 * shown are easy to test and the same formatting serves any later report (compare, sweeps).
 */
import type { RunResult } from "../results/result.js";
import { formatBytes, formatMs, formatNumber, formatPercent } from "./format.js";

export interface SummaryRow {
  label: string;
  value: string;
  /** "pass" / "fail" colour the value; absent for plain numbers. */
  verdict?: "pass" | "fail";
}

export interface SummaryGroup {
  title: string;
  rows: SummaryRow[];
}

function verdictRow(label: string, ok: boolean, detail: string): SummaryRow {
  return { label, value: `${ok ? "OK" : "VIOLATED"}${detail === "" ? "" : ` — ${detail}`}`, verdict: ok ? "pass" : "fail" };
}

function plural(count: number, word: string): string {
  return `${formatNumber(count)} ${word}${count === 1 ? "" : "s"}`;
}

export function summaryGroups(result: RunResult): SummaryGroup[] {
  const { throughput: tp, latency: lat, blocks, messages } = result;
  // Confirmation latency is a statistic of the confirmed transactions of the window: none confirmed, none to show.
  const confirmMs = (ms: number): string => (lat.confirmed === 0 ? "— (none confirmed)" : formatMs(ms));
  const stalls = result.liveness.count;
  return [
    { title: "Throughput", rows: [
      { label: "committed", value: `${formatNumber(tp.tps, 1)} tx/s` },
      { label: "offered", value: `${formatNumber(tp.offeredTps, 1)} tx/s` },
      { label: "submitted / committed", value: `${formatNumber(tp.submitted)} / ${formatNumber(tp.committed)}` },
      { label: "unconfirmed at end", value: formatNumber(lat.unconfirmed) },
    ] },
    { title: "Latency (confirmation)", rows: [
      { label: "p50", value: confirmMs(lat.p50Ms) },
      { label: "p90", value: confirmMs(lat.p90Ms) },
      { label: "p95", value: confirmMs(lat.p95Ms) },
      { label: "p99", value: confirmMs(lat.p99Ms) },
      { label: "p99.9", value: confirmMs(lat.p999Ms) },
      { label: "max", value: confirmMs(lat.maxMs) },
      { label: "mean", value: confirmMs(lat.meanMs) },
      { label: "first commit p50 / p99", value: `${formatMs(lat.firstCommit.p50Ms)} / ${formatMs(lat.firstCommit.p99Ms)}` },
    ] },
    { title: "Blocks", rows: [
      { label: "committed", value: formatNumber(blocks.committed) },
      { label: "interval p50 / max", value: `${formatMs(blocks.intervalMs.p50)} / ${formatMs(blocks.intervalMs.max)}` },
      { label: "size p50 / max", value: `${formatBytes(blocks.sizeBytes.p50)} / ${formatBytes(blocks.sizeBytes.max)}` },
      { label: "transactions per block", value: `mean ${formatNumber(blocks.txsPerBlock.mean, 1)}, max ${formatNumber(blocks.txsPerBlock.max)}` },
      { label: "stale", value: `${formatNumber(blocks.stale)} (${formatPercent(blocks.staleRate)})` },
    ] },
    { title: "Messages", rows: [
      { label: "sent", value: formatNumber(messages.total) },
      { label: "bytes", value: formatBytes(messages.bytes) },
      { label: "dropped (of which by partition)", value: `${formatNumber(messages.dropped)} (${formatNumber(messages.droppedByPartition)})` },
      { label: "view / leader changes", value: formatNumber(result.viewChanges) },
    ] },
    ...cryptoGroup(result),
    { title: "Verdicts", rows: [
      verdictRow("safety", result.safety.ok, result.safety.ok ? "" : plural(result.safety.count, "violation")),
      verdictRow("liveness", result.liveness.ok, stalls === 0 ? "" : plural(stalls, "stall")),
    ] },
  ];
}

/** Per signature scheme: simulated CPU charged, and signatures/verifications charged and computed (absent in older results). */
function cryptoGroup(result: RunResult): SummaryGroup[] {
  const schemes = Object.entries(result.crypto ?? {});
  if (schemes.length === 0) return [];
  const rows = schemes.flatMap(([scheme, c]): SummaryRow[] => [
    {
      label: c.signers.length === 0 ? `${scheme} CPU (clients only)` : `${scheme} CPU (${plural(c.signers.length, "node")})`,
      value: `${formatMs(c.cpuMs.total)} — sign ${formatMs(c.cpuMs.sign)}, verify ${formatMs(c.cpuMs.verify)}`,
    },
    {
      label: `${scheme} sign / verify`,
      value: `${formatNumber(c.sign.charged)} / ${formatNumber(c.verify.charged)} charged; ${formatNumber(c.sign.computed)} / ${formatNumber(c.verify.computed)} computed`,
    },
  ]);
  return [{ title: "Crypto (simulated CPU)", rows }];
}

export function manifestRows(result: RunResult): SummaryRow[] {
  const m = result.manifest;
  return [
    { label: "seed", value: String(m.seed) },
    { label: "ledgersim version", value: m.version },
    { label: "git commit", value: m.gitCommit },
    { label: "cost profile", value: m.costProfile },
    { label: "scenario hash", value: m.scenarioHash },
    { label: "result hash", value: m.resultHash },
    { label: "simulated", value: `${formatNumber(m.simulatedSeconds, 3).replace(/\.?0+$/, "")} s, ${formatNumber(m.events)} events, stopped by ${m.stoppedBy}` },
    { label: "Node.js / workers", value: `${m.node} / ${m.workers}` },
    { label: "wall clock", value: `${formatNumber(m.wall.seconds, 3)} s on ${m.wall.host}, started ${m.wall.startedAt}` },
  ];
}

/** A criterion's value and threshold as text (booleans as true/false, missing values as "—"). */
export function criterionText(value: number | boolean | null): string {
  if (value === null) return "—";
  return typeof value === "number" ? formatNumber(value, Number.isInteger(value) ? 0 : 3).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "") : String(value);
}

/** Overall verdict: a failed criterion or a safety violation fails the run (exit code 99). */
export function runPassed(result: RunResult): boolean {
  return result.safety.ok && result.criteria.every((c) => c.pass);
}
