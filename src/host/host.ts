/**
 * A host runs one node: its protocol replica, a simulated CPU, timers, durable storage and crash/recover.
 *
 * Simulated CPU (ARCHITECTURE §4): handling an input costs a base cost, a per-KiB cost for the message, and
 * the cost of every crypto operation the handler performs. The handler runs when the CPU takes the input;
 * `ctx.now()` advances as costs are charged, so a message sent after signing leaves after the signature was
 * made. Inputs that arrive while the CPU is busy wait in a FIFO queue.
 */
import type { Rng } from "../engine/rng.js";
import type { SimTime } from "../engine/time.js";
import type {
  CommittedBlock, MessageCodec, NodeContext, NodeId, Protocol, ProtocolModule, SignedTx, TimerTag,
} from "../protocols/types.js";
import type { HostCosts, HostEnvironment, HostInput, HostKeys } from "./types.js";

/** Refuse unbounded growth of a node's input queue: a run this overloaded is reported, not ground through. */
const MAX_QUEUED_INPUTS = 2_000_000;

export class Host<Msg> {
  private protocol: Protocol<Msg> | null = null;
  private readonly ctx: NodeContext<Msg>;
  private readonly codec: MessageCodec<Msg>;
  private readonly queue: HostInput<Msg>[] = [];
  private queueHead = 0;
  private readonly timers = new Map<number, TimerTag>();
  private readonly storage = new Map<string, unknown>();
  private nextTimerId = 1;
  private cursorUs: SimTime = 0;
  private busyUntilUs: SimTime = 0;
  private cpuFreeScheduled = false;
  private epoch = 0;
  private crashed = false;
  private lastEncoded: { msg: Msg; bytes: Uint8Array } | null = null;
  /** Messages dropped because a signature or transaction failed verification is the protocol's business;
   * this counts inputs the host itself discarded while the node was down. */
  droppedWhileDown = 0;
  /** Node signatures this host's verifications rejected (forged or corrupted: real arithmetic caught them). */
  rejectedSignatures = 0;
  /** CPU speed relative to the cost model (a `slow` fault sets it; 0.5 = every charge takes twice as long). */
  cpuSpeed = 1;
  /** Timer stretch (a `clock` fault sets it; 2 = timers fire after twice the asked delay). */
  timerRate = 1;

  constructor(
    readonly id: NodeId,
    readonly nodes: readonly NodeId[],
    readonly peers: readonly NodeId[],
    private readonly module: ProtocolModule<Msg, never>,
    private readonly config: unknown,
    private readonly keys: HostKeys,
    private readonly costs: HostCosts,
    private readonly env: HostEnvironment<Msg>,
    rng: Rng,
    /** A Byzantine strategy's wrapper around the node's context (src/faults/adversary.ts); absent: honest. */
    wrapContext?: (ctx: NodeContext<Msg>) => NodeContext<Msg>,
  ) {
    this.codec = module.codec;
    const ctx = this.makeContext(rng);
    this.ctx = wrapContext === undefined ? ctx : wrapContext(ctx);
  }

  get isUp(): boolean {
    return !this.crashed;
  }

  /** Who this node's replica believes leads now (undefined when down or leaderless). */
  leaderHint(): NodeId | undefined {
    return this.protocol?.leader?.();
  }

  get currentEpoch(): number {
    return this.epoch;
  }

  /** Starts (or restarts after recovery) the protocol at `atUs`. */
  start(atUs: SimTime): void {
    this.crashed = false;
    this.protocol = (this.module.create as (config: unknown) => Protocol<Msg>)(this.config);
    const protocol = this.protocol;
    this.runHandler(atUs, 0, "start", () => protocol.start(this.ctx));
  }

  /**
   * Up again, without running anything: this copy of the node only mirrors the up/down state of a node that
   * lives in another partition of the parallel engine (engine/parallel), where it really restarts.
   */
  markUp(): void {
    this.crashed = false;
  }

  /** Crash: volatile state, queued inputs and timers are lost; durable storage survives. */
  crash(): void {
    this.crashed = true;
    this.epoch++;
    this.protocol = null;
    this.queue.length = 0;
    this.queueHead = 0;
    this.timers.clear();
    this.cpuFreeScheduled = false;
    this.busyUntilUs = 0;
    this.lastEncoded = null;
  }

  /** An input arrives at `atUs`: handled now if the CPU is idle, otherwise queued. */
  input(input: HostInput<Msg>, atUs: SimTime): void {
    if (this.crashed) {
      this.droppedWhileDown++;
      return;
    }
    if (this.busyUntilUs <= atUs && this.queue.length === this.queueHead) {
      this.handle(input, atUs);
      return;
    }
    if (this.queue.length - this.queueHead >= MAX_QUEUED_INPUTS) {
      throw new Error(`node ${this.id}: more than ${MAX_QUEUED_INPUTS} inputs queued — the CPU cannot keep up`);
    }
    this.queue.push(input);
    this.ensureCpuFreeEvent();
  }

  /** The CPU became free: take the next queued input. */
  cpuFree(atUs: SimTime, epoch: number): void {
    if (epoch !== this.epoch || this.crashed) return;
    this.cpuFreeScheduled = false;
    const input = this.queue[this.queueHead];
    if (input === undefined) return;
    this.queue[this.queueHead++] = undefined as unknown as HostInput<Msg>;
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
    this.handle(input, Math.max(atUs, this.busyUntilUs));
    if (this.queue.length > this.queueHead) this.ensureCpuFreeEvent();
  }

  /** A timer event fired; stale (cancelled, or from before a crash) timers cost nothing. */
  timerFired(timerId: number, epoch: number, atUs: SimTime): void {
    if (epoch !== this.epoch || this.crashed || !this.timers.has(timerId)) return;
    this.input({ kind: "timer", timerId }, atUs);
  }

  private ensureCpuFreeEvent(): void {
    if (this.cpuFreeScheduled) return;
    this.cpuFreeScheduled = true;
    this.env.scheduleCpuFree(this.id, this.busyUntilUs, this.epoch);
  }

  private handle(input: HostInput<Msg>, startUs: SimTime): void {
    const protocol = this.protocol;
    if (protocol === null) return;
    switch (input.kind) {
      case "message": {
        const perByteUs = Math.round((this.costs.messagePerKiBUs * input.sizeBytes) / 1024);
        this.runHandler(startUs, perByteUs, "message", () => protocol.onMessage(this.ctx, input.from, input.msg));
        return;
      }
      case "timer": {
        const tag = this.timers.get(input.timerId);
        if (tag === undefined) return; // cancelled while queued
        this.timers.delete(input.timerId);
        this.runHandler(startUs, 0, "timer", () => protocol.onTimer(this.ctx, tag));
        return;
      }
      case "tx":
        this.runHandler(startUs, 0, "tx", () => protocol.onTransaction(this.ctx, input.tx));
        return;
    }
  }

  private runHandler(startUs: SimTime, extraUs: number, category: string, body: () => void): void {
    this.cursorUs = startUs;
    this.charge(this.costs.eventBaseUs + extraUs, category);
    body();
    this.busyUntilUs = this.cursorUs;
  }

  private charge(us: number, category: string): void {
    if (us <= 0) return;
    if (this.cpuSpeed !== 1) us = Math.max(1, Math.round(us / this.cpuSpeed));
    this.cursorUs += us;
    this.env.cpuBusy(this.id, us, category);
  }

  private encode(msg: Msg): Uint8Array {
    const cached = this.lastEncoded;
    if (cached !== null && cached.msg === msg) return cached.bytes;
    const bytes = this.codec.encode(msg);
    this.lastEncoded = { msg, bytes };
    this.charge(Math.round((this.costs.messagePerKiBUs * bytes.length) / 1024), "message");
    return bytes;
  }

  private send(to: NodeId, msg: Msg): void {
    if (this.crashed) return;
    const bytes = this.encode(msg);
    this.env.transmit(this.id, to, msg, bytes.length, this.codec.typeOf(msg), this.cursorUs);
  }

  private makeContext(rng: Rng): NodeContext<Msg> {
    const keys = this.keys;
    const costs = this.costs;
    const crypto = {
      sign: (bytes: Uint8Array): Uint8Array => {
        this.charge(costs.hashUs(keys.hashName, bytes.length) + costs.signUs(keys.scheme), keys.scheme + ".sign");
        return keys.sign(bytes);
      },
      verify: (signer: NodeId, bytes: Uint8Array, signature: Uint8Array): boolean => {
        const { ok, scheme } = keys.verifyNode(signer, bytes, signature);
        if (!ok) this.rejectedSignatures++;
        this.charge(costs.hashUs(keys.hashName, bytes.length) + costs.verifyUs(scheme), scheme + ".verify");
        return ok;
      },
      verifyTx: (tx: SignedTx): boolean => {
        const { ok, scheme } = keys.verifyTx(tx);
        this.charge(costs.hashUs(keys.hashName, tx.payload.length) + costs.verifyUs(scheme), scheme + ".verify");
        return ok;
      },
      hash: (bytes: Uint8Array): Uint8Array => {
        this.charge(costs.hashUs(keys.hashName, bytes.length), keys.hashName);
        return keys.hash(bytes);
      },
    };
    return {
      id: this.id,
      nodes: this.nodes,
      peers: this.peers,
      now: () => this.cursorUs,
      send: (to, msg) => this.send(to, msg),
      broadcast: (msg) => {
        for (const to of this.nodes) if (to !== this.id) this.send(to, msg);
      },
      setTimer: (afterUs, tag) => {
        const timerId = this.nextTimerId++;
        this.timers.set(timerId, tag);
        this.env.scheduleTimer(this.id, this.cursorUs + Math.max(0, Math.round(afterUs * this.timerRate)), timerId, this.epoch);
        return timerId;
      },
      cancelTimer: (timerId) => {
        this.timers.delete(timerId);
      },
      crypto,
      commit: (block: CommittedBlock) => {
        this.charge(costs.txExecuteUs * block.txIds.length, "execute");
        this.env.committed(this.id, block, this.cursorUs);
      },
      persist: (key, value) => {
        this.storage.set(key, structuredClone(value));
      },
      restore: (key) => {
        const value = this.storage.get(key);
        return value === undefined ? undefined : structuredClone(value);
      },
      rng,
      chargeCpu: (us) => this.charge(Math.max(0, Math.round(us)), "protocol"),
      viewChanged: (view) => this.env.viewChanged(this.id, view, this.cursorUs),
      observe: (event, detail) => this.env.observe(this.id, this.cursorUs, event, detail),
      log: (event, detail) => this.env.trace?.(this.id, this.cursorUs, event, detail),
    };
  }
}
