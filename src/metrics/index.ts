/**
 * Observers (ARCHITECTURE §2, §5): PSWG metrics, histograms, time series and the safety/liveness checkers that
 * the simulation feeds as it runs. Nothing here reads a clock or a random source.
 */
export { Histogram, bucketIndexOf, bucketHighestValue } from "./histogram.js";
export {
  NOT_COMMITTED,
  confirmationRule,
  fractionQuorum,
  kthSmallestCommit,
  latestOfRequired,
  requiredNodes,
  type ConfirmationRule,
} from "./confirmation.js";
export { RunMetrics, type RunMetricsOptions, type TransactionLog, type TransactionTimes } from "./collector.js";
export {
  CDF_PERCENTILES,
  round3,
  type BlocksReport,
  type LatencyCdf,
  type LatencyReport,
  type MessagesReport,
  type MetricsReport,
  type NodeReport,
  type ThroughputReport,
  type TimeseriesRow,
} from "./report.js";
export { buildTimeseries, type TimeseriesInput } from "./timeseries.js";
export {
  LivenessObserver,
  MAX_REPORTED,
  SafetyObserver,
  type LivenessReport,
  type SafetyReport,
  type SafetyViolation,
  type SafetyViolationKind,
  type Stall,
} from "./safety.js";
