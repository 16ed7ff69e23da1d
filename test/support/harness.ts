/**
 * A small deterministic discrete-event harness for protocol unit tests (any ProtocolModule, not only PBFT).
 *
 * - n nodes, each with its own NodeContext; events in a binary heap ordered by (time, insertion seq), so a run
 *   is a pure function of the seed and the test's actions.
 * - Per-link delay function (default 1 ms), message filters (crash, partition, drop a type), injected messages.
 * - Every message is round-tripped through the module's codec (encode once per send, decode per receiver),
 *   so encoding bugs surface and byte counts are real.
 * - Crash/recover: a crashed node loses its timers, in-flight deliveries and memory; `recover` builds a fresh
 *   protocol instance that keeps only what it `persist`ed, and calls `start` again.
 * - TEST DOUBLE CRYPTO: signatures are HMAC-SHA256 with a per-node key derived from the node id, and
 *   verification recomputes the HMAC; the hash is SHA-256 (node:crypto). This is fast and catches any forged or
 *   corrupted signature, but it is NOT a real signature scheme — real SM2/ECDSA is exercised by the simulator's
 *   integration tests.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createRng, type Rng } from "../../src/engine/rng.js";
import type {
  CommittedBlock,
  NodeContext,
  NodeId,
  Protocol,
  ProtocolModule,
  SignedTx,
  TimerId,
} from "../../src/protocols/types.js";

const testKeys = new Map<number, Buffer>();

/** The secret key of node `id` in the test double (also used for clients, offset by 1e6); derived once. */
function keyOf(id: number): Buffer {
  let key = testKeys.get(id);
  if (key === undefined) {
    key = createHash("sha256").update(`ledgersim-test-key/${id}`).digest();
    testKeys.set(id, key);
  }
  return key;
}

export function testSign(id: number, bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac("sha256", keyOf(id)).update(bytes).digest());
}

export function testVerify(id: number, bytes: Uint8Array, sig: Uint8Array): boolean {
  const want = testSign(id, bytes);
  return sig.length === want.length && timingSafeEqual(Buffer.from(sig), Buffer.from(want));
}

export function testHash(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(bytes).digest());
}

const CLIENT_KEY_OFFSET = 1_000_000;

/** A client transaction signed by client `clientId` with the test double; payload padded to `sizeBytes`. */
export function makeTx(id: number, opts: { clientId?: number; sizeBytes?: number; submitUs?: number } = {}): SignedTx {
  const clientId = opts.clientId ?? id % 8;
  const size = Math.max(24, opts.sizeBytes ?? 64);
  const payload = new Uint8Array(size);
  const view = new DataView(payload.buffer);
  view.setFloat64(0, id);
  view.setUint32(8, clientId);
  view.setFloat64(12, opts.submitUs ?? 0);
  for (let i = 20; i < size; i++) payload[i] = (id * 31 + i) & 0xff;
  return { id, clientId, submitUs: opts.submitUs ?? 0, payload, signature: testSign(CLIENT_KEY_OFFSET + clientId, payload) };
}

/** The same transaction with one payload byte flipped: its client signature no longer verifies. */
export function corruptTx(tx: SignedTx): SignedTx {
  const payload = tx.payload.slice();
  payload[payload.length - 1] = (payload[payload.length - 1] as number) ^ 0xff;
  return { ...tx, payload };
}

export function verifyTestTx(tx: SignedTx): boolean {
  return testVerify(CLIENT_KEY_OFFSET + tx.clientId, tx.payload, tx.signature);
}

/** Returns false to drop the message. */
export type MessageFilter<Msg> = (from: NodeId, to: NodeId, msg: Msg, atUs: number) => boolean;
export type DelayFn<Msg> = (from: NodeId, to: NodeId, msg: Msg, rng: Rng) => number;

export interface SentRecord<Msg> {
  readonly atUs: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly type: string;
  readonly bytes: number;
  readonly msg: Msg;
  readonly dropped: boolean;
}

export interface CommitRecord {
  readonly atUs: number;
  readonly block: CommittedBlock;
}

export interface HarnessOptions<Msg, Config> {
  readonly module: ProtocolModule<Msg, Config>;
  readonly config: Config;
  readonly n: number;
  readonly seed?: number;
  readonly delayUs?: DelayFn<Msg>;
  /** Keep ctx.log lines (default false). */
  readonly trace?: boolean;
}

type HarnessEvent<Msg> =
  | { kind: "deliver"; from: NodeId; to: NodeId; bytes: Uint8Array; epoch: number }
  | { kind: "timer"; node: NodeId; id: TimerId; tag: string; epoch: number }
  | { kind: "tx"; node: NodeId; tx: SignedTx }
  | { kind: "inject"; from: NodeId; to: NodeId; msg: Msg }
  | { kind: "action"; run: () => void };

interface Queued<Msg> {
  readonly atUs: number;
  readonly seq: number;
  readonly event: HarnessEvent<Msg>;
}

/** Binary min-heap on (atUs, seq). */
class EventHeap<Msg> {
  private readonly items: Queued<Msg>[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Queued<Msg> | undefined {
    return this.items[0];
  }
  push(item: Queued<Msg>): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(a[i] as Queued<Msg>, a[p] as Queued<Msg>)) break;
      [a[i], a[p]] = [a[p] as Queued<Msg>, a[i] as Queued<Msg>];
      i = p;
    }
  }
  pop(): Queued<Msg> | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l] as Queued<Msg>, a[m] as Queued<Msg>)) m = l;
        if (r < a.length && before(a[r] as Queued<Msg>, a[m] as Queued<Msg>)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as Queued<Msg>, a[i] as Queued<Msg>];
        i = m;
      }
    }
    return top;
  }
}

function before<Msg>(a: Queued<Msg>, b: Queued<Msg>): boolean {
  return a.atUs < b.atUs || (a.atUs === b.atUs && a.seq < b.seq);
}

export class Harness<Msg, Config> {
  /** Current simulated time, µs. */
  now = 0;
  readonly n: number;
  readonly nodes: readonly NodeId[];
  /** Every send, in order (dropped ones included, flagged). */
  readonly sent: SentRecord<Msg>[] = [];
  /** Commits reported by each node, across crashes. */
  readonly commits: CommitRecord[][];
  readonly logs: { atUs: number; node: NodeId; event: string; detail?: Record<string, unknown> }[] = [];
  /** Views / terms / leaders each node reported through ctx.viewChanged, in order. */
  readonly viewChanges: { atUs: number; node: NodeId; view: number }[] = [];
  /** Messages that failed to decode at a receiver. */
  decodeErrors = 0;
  private readonly heap = new EventHeap<Msg>();
  private seq = 0;
  private nextTimerId = 1;
  private readonly cancelled = new Set<TimerId>();
  private readonly filters: MessageFilter<Msg>[] = [];
  private readonly up: boolean[];
  private readonly epoch: number[];
  private readonly protocols: Protocol<Msg>[];
  private readonly contexts: NodeContext<Msg>[];
  private readonly storage: Map<string, unknown>[];
  private readonly netRng: Rng;
  private readonly delay: DelayFn<Msg>;

  constructor(private readonly opts: HarnessOptions<Msg, Config>) {
    this.n = opts.n;
    this.nodes = Array.from({ length: opts.n }, (_, i) => i);
    this.commits = this.nodes.map(() => []);
    this.up = this.nodes.map(() => true);
    this.epoch = this.nodes.map(() => 0);
    this.storage = this.nodes.map(() => new Map());
    this.netRng = createRng(opts.seed ?? 1, "harness/net");
    this.delay = opts.delayUs ?? (() => 1000);
    this.contexts = this.nodes.map((id) => this.makeContext(id));
    this.protocols = this.nodes.map(() => opts.module.create(opts.config));
    this.nodes.forEach((id) => (this.protocols[id] as Protocol<Msg>).start(this.contexts[id] as NodeContext<Msg>));
  }

  /** The protocol instance currently running on `node` (a new one after each recovery). */
  protocol(node: NodeId): Protocol<Msg> {
    return this.protocols[node] as Protocol<Msg>;
  }

  /** The node's context (e.g. to sign a hand-made message with its key). */
  ctx(node: NodeId): NodeContext<Msg> {
    return this.contexts[node] as NodeContext<Msg>;
  }

  isUp(node: NodeId): boolean {
    return this.up[node] === true;
  }

  /** Delivers `tx` to `node` at `atUs` (default now) through onTransaction. */
  submit(node: NodeId, tx: SignedTx, atUs = this.now): void {
    this.schedule(atUs, { kind: "tx", node, tx });
  }

  /** Delivers `msg` to `to` as if sent by `from`, bypassing filters. */
  inject(from: NodeId, to: NodeId, msg: Msg, atUs = this.now): void {
    this.schedule(atUs, { kind: "inject", from, to, msg });
  }

  /** Runs `fn` at `atUs` (for scripted faults). */
  at(atUs: number, fn: () => void): void {
    this.schedule(atUs, { kind: "action", run: fn });
  }

  /** Adds a filter; returns a function that removes it. */
  addFilter(filter: MessageFilter<Msg>): () => void {
    this.filters.push(filter);
    return () => {
      const i = this.filters.indexOf(filter);
      if (i >= 0) this.filters.splice(i, 1);
    };
  }

  /** Crashes `node` now: its timers, queued deliveries and memory are lost; it receives nothing. */
  crash(node: NodeId): void {
    this.up[node] = false;
    this.epoch[node] = (this.epoch[node] as number) + 1;
  }

  /** Restarts `node` now with a fresh protocol instance that keeps only its persisted storage. */
  recover(node: NodeId): void {
    if (this.up[node] === true) return;
    this.up[node] = true;
    this.epoch[node] = (this.epoch[node] as number) + 1;
    this.protocols[node] = this.opts.module.create(this.opts.config);
    (this.protocols[node] as Protocol<Msg>).start(this.ctx(node));
  }

  /** Processes events up to and including time `untilUs`; returns how many were processed. */
  runUntil(untilUs: number, maxEvents = 5_000_000): number {
    let count = 0;
    for (let top = this.heap.peek(); top !== undefined && top.atUs <= untilUs; top = this.heap.peek()) {
      if (++count > maxEvents) throw new Error(`Harness.runUntil: more than ${maxEvents} events before ${untilUs}us`);
      this.heap.pop();
      this.now = top.atUs;
      this.dispatch(top.event);
    }
    this.now = Math.max(this.now, untilUs);
    return count;
  }

  /** Highest height committed by `node` (0 if none). */
  height(node: NodeId): number {
    const list = this.commits[node] as CommitRecord[];
    return list.length === 0 ? 0 : (list[list.length - 1] as CommitRecord).block.height;
  }

  /** Sends by type, e.g. countSent((r) => r.type === "PREPARE"). Dropped sends are counted too. */
  countSent(pred: (r: SentRecord<Msg>) => boolean): number {
    let c = 0;
    for (const r of this.sent) if (pred(r)) c++;
    return c;
  }

  private schedule(atUs: number, event: HarnessEvent<Msg>): void {
    if (!Number.isInteger(atUs) || atUs < this.now) throw new RangeError(`Harness: bad event time ${atUs} (now ${this.now})`);
    this.heap.push({ atUs, seq: this.seq++, event });
  }

  private dispatch(event: HarnessEvent<Msg>): void {
    switch (event.kind) {
      case "action":
        event.run();
        return;
      case "tx":
        if (this.isUp(event.node)) this.protocol(event.node).onTransaction(this.ctx(event.node), event.tx);
        return;
      case "inject":
        if (this.isUp(event.to)) this.protocol(event.to).onMessage(this.ctx(event.to), event.from, event.msg);
        return;
      case "timer":
        if (this.cancelled.delete(event.id) || !this.isUp(event.node) || this.epoch[event.node] !== event.epoch) return;
        this.protocol(event.node).onTimer(this.ctx(event.node), event.tag);
        return;
      case "deliver":
        this.deliver(event.from, event.to, event.bytes, event.epoch);
        return;
    }
  }

  private deliver(from: NodeId, to: NodeId, bytes: Uint8Array, epoch: number): void {
    if (!this.isUp(to) || this.epoch[to] !== epoch) return;
    let msg: Msg;
    try {
      msg = this.opts.module.codec.decode(bytes);
    } catch {
      this.decodeErrors++;
      return;
    }
    this.protocol(to).onMessage(this.ctx(to), from, msg);
  }

  private send(from: NodeId, to: NodeId, msg: Msg, encoded: Uint8Array): void {
    if (!this.isUp(from) || to === from || to < 0 || to >= this.n) return;
    const dropped = !this.filters.every((f) => f(from, to, msg, this.now));
    const type = this.opts.module.codec.typeOf(msg);
    this.sent.push({ atUs: this.now, from, to, type, bytes: encoded.length, msg, dropped });
    if (dropped) return;
    const delayUs = Math.max(0, Math.round(this.delay(from, to, msg, this.netRng)));
    this.schedule(this.now + delayUs, { kind: "deliver", from, to, bytes: encoded, epoch: this.epoch[to] as number });
  }

  private makeContext(id: NodeId): NodeContext<Msg> {
    const codec = this.opts.module.codec;
    const storage = this.storage[id] as Map<string, unknown>;
    return {
      id,
      nodes: this.nodes,
      peers: this.nodes.filter((peer) => peer !== id),
      now: () => this.now,
      send: (to, msg) => this.send(id, to, msg, codec.encode(msg)),
      broadcast: (msg) => {
        const encoded = codec.encode(msg);
        for (const to of this.nodes) if (to !== id) this.send(id, to, msg, encoded);
      },
      setTimer: (afterUs, tag) => {
        const timerId = this.nextTimerId++;
        this.schedule(this.now + Math.max(0, Math.round(afterUs)), { kind: "timer", node: id, id: timerId, tag, epoch: this.epoch[id] as number });
        return timerId;
      },
      cancelTimer: (timerId) => {
        this.cancelled.add(timerId);
      },
      crypto: {
        sign: (bytes) => testSign(id, bytes),
        verify: (signer, bytes, sig) => testVerify(signer, bytes, sig),
        verifyTx: (tx) => verifyTestTx(tx),
        hash: (bytes) => testHash(bytes),
      },
      commit: (block) => {
        (this.commits[id] as CommitRecord[]).push({ atUs: this.now, block });
      },
      persist: (key, value) => {
        storage.set(key, structuredClone(value));
      },
      restore: (key) => (storage.has(key) ? structuredClone(storage.get(key)) : undefined),
      rng: createRng(this.opts.seed ?? 1, `node/${id}`),
      chargeCpu: () => undefined,
      viewChanged: (view) => {
        this.viewChanges.push({ atUs: this.now, node: id, view });
      },
      log: (event, detail) => {
        if (this.opts.trace === true) this.logs.push({ atUs: this.now, node: id, event, ...(detail ? { detail } : {}) });
      },
    };
  }
}

/**
 * Safety checks over a harness's commits (what the simulator's observers check): on every node heights start
 * at 1 and grow by one; no transaction commits twice on a node; and every two nodes agree on the block at
 * every height they both committed. Returns human-readable violations (empty when safe).
 */
export function safetyViolations<Msg, Config>(h: Harness<Msg, Config>): string[] {
  const out: string[] = [];
  const canonical = new Map<number, { node: NodeId; block: CommittedBlock }>();
  for (const node of h.nodes) {
    const seen = new Set<number>();
    let expect = 1;
    for (const { block } of h.commits[node] as CommitRecord[]) {
      if (block.height !== expect) out.push(`node ${node}: height ${block.height}, expected ${expect}`);
      expect = block.height + 1;
      for (const id of block.txIds) {
        if (seen.has(id)) out.push(`node ${node}: tx ${id} committed twice`);
        seen.add(id);
      }
      const other = canonical.get(block.height);
      if (other === undefined) canonical.set(block.height, { node, block });
      else if (other.block.hash !== block.hash || other.block.txIds.join(",") !== block.txIds.join(",")) {
        out.push(`height ${block.height}: node ${node} has ${block.hash.slice(0, 12)}, node ${other.node} has ${other.block.hash.slice(0, 12)}`);
      }
    }
  }
  return out;
}

/** Transaction ids committed by `node`, in commit order. */
export function committedTxIds<Msg, Config>(h: Harness<Msg, Config>, node: NodeId): number[] {
  return (h.commits[node] as CommitRecord[]).flatMap((c) => [...c.block.txIds]);
}
