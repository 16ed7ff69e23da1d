/**
 * The charts of a single-run report, in the order the report shows them. Each is a pure function of the
 * result and its time series. The latency CDF comes from result.json `latency.cdf` (absent in results written
 * before it existed: no chart); block propagation only for protocols whose observer reports it (PoW).
 */
import type { TimeseriesRow } from "../../metrics/report.js";
import type { RunResult } from "../../results/result.js";
import type { Chart } from "./common.js";
import { latencyCdfSpec } from "./latency-cdf.js";
import { latencySpec } from "./latency.js";
import { messagesSpec } from "./messages.js";
import { nodesSpec } from "./nodes.js";
import { propagationInput, propagationSpec } from "./propagation.js";
import { throughputSpec } from "./throughput.js";

export type { Chart, ChartSpec } from "./common.js";

export function runCharts(result: RunResult, timeseries: readonly TimeseriesRow[]): Chart[] {
  const propagation = propagationInput(result);
  return [
    { name: "throughput", title: "Throughput", spec: throughputSpec(result, timeseries) },
    { name: "latency", title: "Latency", spec: latencySpec(result, timeseries) },
    ...(result.latency.cdf === undefined ? [] : [{ name: "latency-cdf", title: "Latency CDF", spec: latencyCdfSpec(result) }]),
    ...(propagation === undefined ? [] : [{ name: "propagation", title: "Block propagation", spec: propagationSpec(propagation) }]),
    { name: "messages", title: "Messages", spec: messagesSpec(result) },
    { name: "nodes", title: "Nodes", spec: nodesSpec(result) },
  ];
}
