/**
 * The human-readable run summary printed on stderr after `ledgersim run`.
 */
import type { RunResult } from "../results/result.js";

function n(value: number, digits = 1): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatSummary(result: RunResult, resultDir: string | undefined, reproduce: string): string {
  const m = result.manifest;
  const scenario = result.scenario as { name?: string; protocol?: { name?: string }; nodes?: { count?: number }; crypto?: { suite?: string } };
  const t = result.throughput;
  const l = result.latency;
  const speed = m.wall.seconds > 0 ? m.simulatedSeconds / m.wall.seconds : 0;
  const lines = [
    `ledgersim ${m.version} — ${scenario.name} (${scenario.protocol?.name}, ${scenario.nodes?.count} nodes, ${scenario.crypto?.suite}) seed ${m.seed}`,
    `simulated  ${n(m.simulatedSeconds)} s in ${n(m.wall.seconds, 2)} s wall (${n(speed, 1)}× real time), ${n(m.events, 0)} events`,
    `throughput ${n(t.tps)} tx/s committed of ${n(t.offeredTps)} tx/s offered (${n(t.committed, 0)} of ${n(t.submitted, 0)} in the window)`,
    l.confirmed === 0
      ? `latency    none: no transaction submitted in the window was confirmed by the end (${n(l.unconfirmed, 0)} unconfirmed)`
      : `latency    p50 ${n(l.p50Ms)} ms  p90 ${n(l.p90Ms)} ms  p99 ${n(l.p99Ms)} ms  max ${n(l.maxMs)} ms  mean ${n(l.meanMs)} ms` +
        (l.unconfirmed > 0 ? ` (${n(l.unconfirmed, 0)} of ${n(l.confirmed + l.unconfirmed, 0)} unconfirmed)` : ""),
    `blocks     ${n(result.blocks.committed, 0)} committed, ${n(result.blocks.txsPerBlock.mean)} tx/block, view changes ${result.viewChanges}`,
    `messages   ${n(result.messages.total, 0)} sent, ${n(result.messages.bytes / 1e6, 2)} MB`,
    `safety     ${result.safety.ok ? "ok" : `VIOLATED (${result.safety.violations.length})`}   liveness ${result.liveness.ok ? "ok" : `STALLED (${result.liveness.stalls.length})`}`,
  ];
  for (const v of result.safety.violations.slice(0, 3)) {
    lines.push(`violation  ${v.kind}${v.height === undefined ? "" : ` at height ${v.height}`}, nodes ${v.nodes.join(", ")}: ${v.detail}`);
  }
  for (const c of result.criteria) {
    lines.push(`criterion  ${c.pass ? "PASS" : "FAIL"} ${c.metric} ${c.op} ${c.threshold} (value ${c.value})`);
  }
  lines.push(`verified   ${Object.entries(m.verifications).map(([s, v]) => `${s} ${n(v.executed, 0)} computed / ${n(v.charged, 0)} charged`).join("; ")}`);
  if (resultDir !== undefined) lines.push(`result     ${resultDir}`);
  lines.push(`reproduce  ${reproduce}`);
  return lines.join("\n") + "\n";
}
