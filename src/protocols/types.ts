/**
 * The sans-IO protocol interface (ARCHITECTURE §3). A protocol never sends bytes, reads clocks or sleeps: it
 * reacts to inputs and asks its host for effects through a NodeContext, so the same code runs in the simulator
 * and over a real network. Protocols import nothing from the engine.
 */
import type { Rng } from "../engine/rng.js";
import type { SimTime } from "../engine/time.js";

export type NodeId = number;
export type TimerId = number;
/** A protocol-chosen label for a timer, handed back in onTimer. Plain data only. */
export type TimerTag = string;

/**
 * A client transaction, really signed by its client. `payload` holds the signed bytes (a header carrying id,
 * client and nonce, padded to the configured size); `signature` covers exactly those bytes.
 */
export interface SignedTx {
  /** Globally unique, assigned by the workload in submission order (0, 1, 2, …). */
  readonly id: number;
  readonly clientId: number;
  readonly submitUs: SimTime;
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
}

/** A decision a node reports to the observers. Heights start at 1 and grow by one per commit on each node. */
export interface CommittedBlock {
  readonly height: number;
  /** Hex digest identifying the block's content; honest nodes must agree on it at every height. */
  readonly hash: string;
  readonly proposer: NodeId;
  /** Ids of the transactions the block orders, in order. */
  readonly txIds: readonly number[];
  /** The block's encoded size in bytes. */
  readonly sizeBytes: number;
}

export interface NodeCrypto {
  /** Signs `bytes` with this node's private key (deterministic signatures; the cost is charged). */
  sign(bytes: Uint8Array): Uint8Array;
  /** Verifies `signature` by node `signer` over `bytes`; charged every time, computed once per run. */
  verify(signer: NodeId, bytes: Uint8Array, signature: Uint8Array): boolean;
  /** Verifies a client transaction's signature (charged; memoised). */
  verifyTx(tx: SignedTx): boolean;
  /** The suite's hash (SM3 for `sm`, SHA-256 otherwise); charged per KiB. */
  hash(bytes: Uint8Array): Uint8Array;
}

export interface NodeContext<Msg> {
  readonly id: NodeId;
  /** Every node taking part in consensus, in id order. */
  readonly nodes: readonly NodeId[];
  /** This node's neighbours in the network topology, sorted (a full mesh: every other node). Gossip uses it. */
  readonly peers: readonly NodeId[];
  /** Current simulated time, including the CPU time this handler has spent so far. */
  now(): SimTime;
  send(to: NodeId, msg: Msg): void;
  /** Sends to every other node (not to self). */
  broadcast(msg: Msg): void;
  setTimer(afterUs: SimTime, tag: TimerTag): TimerId;
  cancelTimer(id: TimerId): void;
  readonly crypto: NodeCrypto;
  /** Reports a decision to the observers. */
  commit(block: CommittedBlock): void;
  /** Durable storage that survives crash-recover (Raft term/vote, BFT locks). Values must be plain data. */
  persist(key: string, value: unknown): void;
  /** Reads back what `persist` stored (undefined if never stored). */
  restore(key: string): unknown;
  /** The node's own random stream. */
  readonly rng: Rng;
  /** Charges extra simulated CPU time (e.g. executing a block's transactions). */
  chargeCpu(us: SimTime): void;
  /** Reports that this node moved to a new view / term / leader (counted as a view change in the metrics). */
  viewChanged?(view: number): void;
  /**
   * Reports a protocol-specific observation (e.g. "block-received" with its hash) to the protocol's own
   * observer (ProtocolModule.createObserver), which turns them into metrics outside the protocol.
   */
  observe?(event: string, detail: Readonly<Record<string, number | string>>): void;
  /** Structured log line for debugging (kept only when tracing is on). */
  log(event: string, detail?: Record<string, unknown>): void;
}

export interface Protocol<Msg> {
  readonly name: string;
  /** Called once at time 0 and again after each recovery from a crash (state then comes from `restore`). */
  start(ctx: NodeContext<Msg>): void;
  onMessage(ctx: NodeContext<Msg>, from: NodeId, msg: Msg): void;
  onTimer(ctx: NodeContext<Msg>, tag: TimerTag): void;
  onTransaction(ctx: NodeContext<Msg>, tx: SignedTx): void;
  /** The node this replica believes leads now, if the protocol has one (used by `workload.target: leader`). */
  leader?(): NodeId | undefined;
}

/** How a protocol's messages travel: a real binary encoding (sizes on the wire are real) and a type name. */
export interface MessageCodec<Msg> {
  encode(msg: Msg): Uint8Array;
  decode(bytes: Uint8Array): Msg;
  /** Message type for metrics, e.g. "PREPARE". */
  typeOf(msg: Msg): string;
  /**
   * Optional: a name for a large message's content, such that two messages with the same name have the same
   * encoding (a block relayed by many nodes, each in an envelope of its own). The parallel engine then carries
   * that content between two workers once instead of once per relay (engine/parallel/wire.ts).
   */
  contentKey?(msg: Msg): string | undefined;
}

/** What a protocol observer adds to the result. */
export interface ProtocolObservation {
  /** Blocks produced that did not end on the main chain (PoW), for `blocks.stale` / `blocks.staleRate`. */
  staleBlocks?: number;
  /** All blocks produced, the denominator of the stale rate. */
  blocksProduced?: number;
  /** Protocol-specific result sections (e.g. `propagation`), placed under `protocol` in result.json. */
  sections: Record<string, unknown>;
}

/** Turns a protocol's `ctx.observe` events into metrics; lives outside the protocol's state machine. */
export interface ProtocolObserver {
  onEvent(node: NodeId, atUs: SimTime, event: string, detail: Readonly<Record<string, number | string>>): void;
  finish(endUs: SimTime): ProtocolObservation;
}

export interface ObserverOptions {
  nodeCount: number;
  durationUs: SimTime;
  warmupUs: SimTime;
}

/** Everything the simulator needs to know about one protocol. */
export interface ProtocolModule<Msg, Config = Record<string, unknown>> {
  readonly name: string;
  /** Smallest network this protocol runs on (PBFT: 4). */
  readonly minNodes: number;
  /** Faults tolerated at n nodes (PBFT: ⌊(n−1)/3⌋). */
  faultsTolerated(n: number): number;
  readonly codec: MessageCodec<Msg>;
  /** A fresh replica for one node. `config` is the scenario's resolved `protocol` block. */
  create(config: Config): Protocol<Msg>;
  /** An observer for this protocol's `ctx.observe` events (optional). */
  createObserver?(config: Config, options: ObserverOptions): ProtocolObserver;
  /**
   * Smallest network at which `engine.workers: auto` runs this protocol on the parallel engine (absent: never
   * by default). Set where bench/parallel.ts measured a gain on two cores.
   */
  readonly parallelAutoMinNodes?: number;
}
