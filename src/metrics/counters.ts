/**
 * The additive part of RunMetrics — messages and bytes by type and per node, CPU time by category, view
 * changes seen — as plain data that crosses threads. These counters are sums, so the parallel engine lets each
 * worker count its own nodes and adds the workers' counters up (in worker order; integer sums, so the order
 * cannot change the totals), while order-sensitive observations are replayed (engine/observers.ts).
 */
export interface NodeAdditiveCounters {
  busyUs: number;
  busyByCategoryUs: [string, number][];
  sentBytes: number;
  receivedBytes: number;
  sentMessages: number;
  viewChanges: number;
}

export interface AdditiveCounters {
  messageCount: number;
  messageBytes: number;
  /** [type, count, bytes], in first-seen order (reports sort them). */
  messageTypes: [string, number, number][];
  nodes: NodeAdditiveCounters[];
}
