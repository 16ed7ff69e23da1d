/**
 * Bandwidth: per-node uplinks and downlinks with serialisation delay and FIFO queues, plus message loss.
 *
 * The model is cut-through, as in SimBlock and most packet-level simulators once packets are small next to
 * messages: a message streams from the sender's uplink, across the network, into the receiver's downlink, and
 * the download overlaps the upload instead of waiting for it (store-and-forward would charge a 1 MB block
 * twice, once per link, which real TCP streams do not). So a message is limited by the slower of the two ends:
 *
 *   sender, at send time `nowUs`:
 *     startUs    = max(nowUs, uplinkFreeAt[from])              uplink is FIFO: later messages queue behind
 *     endUs      = startUs + ser(bytes, uploadBps[from])      ser = ceil(bytes·8·1e6 / bps) µs
 *     firstBitUs = startUs + propagationUs                    the engine schedules the arrival event here
 *     lastBitUs  = endUs + propagationUs                      when the last bit would land on a free downlink
 *
 *   receiver, when that arrival event fires (at firstBitUs):
 *     serDown    = ser(bytes, downloadBps[to])
 *     downStart  = max(firstBitUs, downlinkFreeAt[to])
 *     deliverUs  = max(lastBitUs, downStart + serDown)
 *                = max(lastBitUs, firstBitUs + serDown, downlinkFreeAt[to] + serDown)
 *     downlinkFreeAt[to] = downStart + serDown
 *
 * i.e. the download starts when both the first bit and a free downlink are there, takes `serDown`, and cannot
 * finish before the last bit has been uploaded. Downlinks are FIFO in first-bit order.
 *
 * The downlink is held for `serDown` (the capacity the message really uses), not until `deliverUs`: when the
 * sender's uplink is the bottleneck the bits trickle in and leave the downlink mostly idle, so a message from a
 * fast sender behind one from a slow sender is not held up by it (no head-of-line blocking), while messages
 * that together saturate the downlink still queue for its full capacity (two 1 MB messages from 1 Mbit/s
 * senders into a 1.5 Mbit/s downlink: the last is delivered at 10.67 s, what 2 MB at 1.5 Mbit/s takes).
 * With an unlimited downlink serDown = 0, so deliverUs = lastBitUs always.
 *
 * Why the downlink is reserved at the receiver's arrival event rather than at send time: only a node's own
 * events may touch its state. A sender reserving the receiver's downlink would make the result depend on which
 * partition's worker got there first; deferring it to the arrival event keeps the parallel engine (§9)
 * deterministic, since arrival events are ordered canonically at the receiver.
 *
 * A rate of 0 or Infinity means unlimited (serialisation takes no time). Times are integer µs; sizes are
 * bytes, exact for messages up to ~1.1 GB (bytes·8·1e6 must stay below 2^53).
 */
import type { Rng } from "../engine/rng.js";
import type { SimTime } from "../engine/time.js";

/** The sender's uplink occupancy for one message. */
export interface UplinkReservation {
  /** When the first bit leaves the sender, µs. */
  startUs: SimTime;
  /** When the last bit leaves the sender, µs. */
  endUs: SimTime;
}

/** Serialisation delay of `bytes` at `bps` bit/s, in whole µs rounded up; 0 when the rate is unlimited. */
export function serializationUs(bytes: number, bps: number): SimTime {
  if (isUnlimited(bps)) return 0;
  // bytes·8·1e6 is an exact integer here and IEEE division is correctly rounded, so an exact quotient
  // (1 MB at 10 Mbit/s = 800,000 µs) is never pushed up by ceil.
  return Math.ceil((bytes * 8 * 1_000_000) / bps);
}

/** True for a rate that imposes no limit (0 or Infinity, the scenario's "unlimited"). */
export function isUnlimited(bps: number): boolean {
  return bps === 0 || bps === Infinity;
}

/**
 * Whether one message is lost, drawn from `rng` with probability `lossProbability`. Draws nothing when the
 * probability is 0, so a loss-free network consumes no randomness. A lost message has still been sent: the
 * caller reserves the sender's uplink for it all the same.
 */
export function isLost(rng: Rng, lossProbability: number): boolean {
  return lossProbability > 0 && rng.next() < lossProbability;
}

function checkRates(name: string, rates: readonly number[]): void {
  rates.forEach((bps, node) => {
    if (!(bps >= 0)) throw new RangeError(`LinkState: ${name}[${node}] must be >= 0 bit/s (0 = unlimited), got ${bps}`);
  });
}

/**
 * The bandwidth state of every node: when its uplink and downlink are next free, and how many bytes it has
 * sent and received. The engine calls `reserveUplink` in the sender's send event and `reserveDownlink` in the
 * receiver's arrival event; nothing else mutates it.
 */
export class LinkState {
  readonly nodeCount: number;
  private readonly uploadBps: Float64Array;
  private readonly downloadBps: Float64Array;
  private readonly uplinkFreeAtUs: Float64Array;
  private readonly downlinkFreeAtUs: Float64Array;
  /** First bit of the latest arrival per node, to check that arrivals come in first-bit order. */
  private readonly lastFirstBitUs: Float64Array;
  private readonly sentBytes: Float64Array;
  private readonly receivedBytes: Float64Array;
  private readonly sentMessages: Float64Array;
  private readonly receivedMessages: Float64Array;

  constructor(uploadBps: readonly number[], downloadBps: readonly number[]) {
    if (uploadBps.length !== downloadBps.length) {
      throw new RangeError(
        `LinkState: uploadBps has ${uploadBps.length} nodes but downloadBps has ${downloadBps.length}`,
      );
    }
    checkRates("uploadBps", uploadBps);
    checkRates("downloadBps", downloadBps);
    const n = uploadBps.length;
    this.nodeCount = n;
    this.uploadBps = Float64Array.from(uploadBps);
    this.downloadBps = Float64Array.from(downloadBps);
    this.uplinkFreeAtUs = new Float64Array(n);
    this.downlinkFreeAtUs = new Float64Array(n);
    this.lastFirstBitUs = new Float64Array(n);
    this.sentBytes = new Float64Array(n);
    this.receivedBytes = new Float64Array(n);
    this.sentMessages = new Float64Array(n);
    this.receivedMessages = new Float64Array(n);
  }

  private checkNode(node: number, fn: string): void {
    if (!(node >= 0 && node < this.nodeCount && Number.isInteger(node))) {
      throw new RangeError(`LinkState.${fn}: no node ${node} (nodes are 0..${this.nodeCount - 1})`);
    }
  }

  /**
   * Queues `bytes` on the uplink of `from` at `nowUs` and counts them as sent. Writes into `out` when given
   * (allocation-free on the hot path), otherwise returns a fresh object.
   */
  reserveUplink(from: number, bytes: number, nowUs: SimTime, out?: UplinkReservation): UplinkReservation {
    this.checkNode(from, "reserveUplink");
    const freeAtUs = this.uplinkFreeAtUs[from]!;
    const startUs = nowUs > freeAtUs ? nowUs : freeAtUs;
    const endUs = startUs + serializationUs(bytes, this.uploadBps[from]!);
    this.uplinkFreeAtUs[from] = endUs;
    this.sentBytes[from]! += bytes;
    this.sentMessages[from]! += 1;
    if (out === undefined) return { startUs, endUs };
    out.startUs = startUs;
    out.endUs = endUs;
    return out;
  }

  /**
   * Called in the receiver's arrival event (at `firstBitUs`): queues `bytes` on the downlink of `to`, counts
   * them as received, and returns when the whole message has been received, µs.
   */
  reserveDownlink(to: number, bytes: number, firstBitUs: SimTime, lastBitUs: SimTime): SimTime {
    this.checkNode(to, "reserveDownlink");
    if (firstBitUs < this.lastFirstBitUs[to]! || lastBitUs < firstBitUs) {
      throw new RangeError(
        `LinkState.reserveDownlink: arrival at node ${to} with firstBitUs ${firstBitUs}, lastBitUs ${lastBitUs} ` +
          `after one at ${this.lastFirstBitUs[to]} — arrivals must be reserved in first-bit order, last bit after first`,
      );
    }
    this.lastFirstBitUs[to] = firstBitUs;
    const serDownUs = serializationUs(bytes, this.downloadBps[to]!);
    const freeAtUs = this.downlinkFreeAtUs[to]!;
    const downloadStartUs = firstBitUs > freeAtUs ? firstBitUs : freeAtUs;
    const downloadEndUs = downloadStartUs + serDownUs;
    const deliverUs = lastBitUs > downloadEndUs ? lastBitUs : downloadEndUs;
    // Held for the capacity used, not until deliverUs (see the module comment).
    this.downlinkFreeAtUs[to] = downloadEndUs;
    this.receivedBytes[to]! += bytes;
    this.receivedMessages[to]! += 1;
    return deliverUs;
  }

  /** When the uplink of `node` is next free, µs (≤ now means idle). */
  uplinkFreeAt(node: number): SimTime {
    this.checkNode(node, "uplinkFreeAt");
    return this.uplinkFreeAtUs[node]!;
  }

  /** When the downlink of `node` is next free, µs. */
  downlinkFreeAt(node: number): SimTime {
    this.checkNode(node, "downlinkFreeAt");
    return this.downlinkFreeAtUs[node]!;
  }

  /** How long a message sent by `node` at `nowUs` would wait before its first bit leaves, µs. */
  uplinkBacklogUs(node: number, nowUs: SimTime): SimTime {
    const freeAtUs = this.uplinkFreeAt(node);
    return freeAtUs > nowUs ? freeAtUs - nowUs : 0;
  }

  /** Bytes `node` has put on its uplink (lost messages included). */
  bytesSent(node: number): number {
    this.checkNode(node, "bytesSent");
    return this.sentBytes[node]!;
  }

  /** Bytes `node` has taken off its downlink. */
  bytesReceived(node: number): number {
    this.checkNode(node, "bytesReceived");
    return this.receivedBytes[node]!;
  }

  messagesSent(node: number): number {
    this.checkNode(node, "messagesSent");
    return this.sentMessages[node]!;
  }

  messagesReceived(node: number): number {
    this.checkNode(node, "messagesReceived");
    return this.receivedMessages[node]!;
  }
}
