/**
 * The charts of a single-run report, in the order the report shows them. Each is a pure function of the
 * result and its time series. (A latency CDF needs per-transaction latencies, which result.json does not
 * carry yet; it comes with `--tx-log` data.)
 */
import type { TimeseriesRow } from "../../metrics/report.js";
import type { RunResult } from "../../results/result.js";
import type { Chart } from "./common.js";
import { latencySpec } from "./latency.js";
import { messagesSpec } from "./messages.js";
import { nodesSpec } from "./nodes.js";
import { throughputSpec } from "./throughput.js";

export type { Chart, ChartSpec } from "./common.js";

export function runCharts(result: RunResult, timeseries: readonly TimeseriesRow[]): Chart[] {
  return [
    { name: "throughput", title: "Throughput", spec: throughputSpec(result, timeseries) },
    { name: "latency", title: "Latency", spec: latencySpec(result, timeseries) },
    { name: "messages", title: "Messages", spec: messagesSpec(result) },
    { name: "nodes", title: "Nodes", spec: nodesSpec(result) },
  ];
}
