/**
 * One simulation run: `simulate(scenario)` wires the event loop to the network model, one host per node,
 * the workload, the fault schedule and the observers, runs to the scenario's end and returns what was
 * measured. It reads no clock and draws no randomness except from named seeded streams, so the outcome is a
 * pure function of the scenario (ARCHITECTURE §1). `simulateAsync` is the same run with the workload prepared
 * a window ahead and its crypto done in a worker pool (workload/prepared.ts); its outcome is identical.
 */
import { getCostProfile } from "../crypto/cost-profile.js";
import { honestFlags } from "../faults/adversary.js";
import { FaultRuntime } from "../faults/runtime.js";
import { lastHealUs, type FaultAction, type FaultRecord } from "../faults/schedule.js";
import { TwinsRouting } from "../faults/twins.js";
import { adversaryReport, annotateFaults, faultControls, hostWiring, twinEnvironment, type AdversaryReport } from "../faults/wiring.js";
import { Host } from "../host/host.js";
import { hostCosts, RunKeys, type SchemeOps } from "../host/keys.js";
import type { HostEnvironment } from "../host/types.js";
import { RunMetrics, type TransactionLog } from "../metrics/collector.js";
import type { MetricsReport } from "../metrics/report.js";
import { LivenessObserver, SafetyObserver, type LivenessReport, type SafetyReport } from "../metrics/safety.js";
import { DelayModel } from "../network/distributions.js";
import { isLost, LinkState, type UplinkReservation } from "../network/links.js";
import { buildTopology } from "../network/topology.js";
import { getProtocol } from "../protocols/index.js";
import type { CommittedBlock, NodeId, ProtocolObservation, ProtocolObserver } from "../protocols/types.js";
import type { Scenario } from "../scenario/types.js";
import { WorkloadDriver } from "../workload/driver.js";
import type { WorkloadSigner } from "../workload/prepared.js";
import { K_ARRIVE, K_CPU_FREE, K_DELIVER, K_FAULT, K_TIMER, K_TX, SOURCE_FAULTS, SOURCE_WORKLOAD, type LocalEvent, type Payload, type Transmission, type WorkerRole } from "./events.js";
import { EventLoop, type RunOutcome, type StopReason } from "./loop.js";
import { DirectSink, RecordingSink, type OrderedSink } from "./observers.js";
import { EventClass } from "./queue.js";
import { RngStreams, type Rng } from "./rng.js";
import { US_PER_SEC, type SimTime } from "./time.js";
import { runInWindows } from "./windows.js";


export interface SimulationOutcome {
  metrics: MetricsReport;
  safety: SafetyReport;
  liveness: LivenessReport;
  faults: FaultRecord[];
  events: number;
  stoppedBy: StopReason;
  crypto: Record<string, { charged: number; executed: number }>;
  /** Authenticators checked by nodes: signatures of other nodes, and of clients. */
  authenticators: { nodeSignatures: number; txSignatures: number };
  network: { dropped: number; droppedByPartition: number };
  /** Byzantine nodes and what honest nodes rejected from them (absent when every node is honest). */
  adversaries?: AdversaryReport;
  /** Signatures and verifications per scheme, charged and computed (keys sorted). */
  cryptoOps: Record<string, SchemeOps>;
  /** What the protocol's own observer measured (absent when the protocol has none). */
  protocol?: ProtocolObservation;
  /** Every transaction's times and target node, for transactions.csv (only with `txLog`). */
  transactions?: TransactionLog;
}

export interface SimulateOptions {
  /** Called with structured protocol log lines (ctx.log); off by default. */
  trace?: (node: NodeId, atUs: SimTime, event: string, detail?: Record<string, unknown>) => void;
  /** Called for every block every node commits (after the observers). */
  onCommit?: (node: NodeId, block: CommittedBlock, atUs: SimTime) => void;
  /** Return every transaction's times in `transactions` (`ledgersim run --tx-log`). */
  txLog?: boolean;
}

export function simulate(scenario: Scenario, options: SimulateOptions = {}): SimulationOutcome {
  return new Simulation(scenario, options).run();
}

export interface SimulateAsyncOptions extends SimulateOptions {
  /** Signs and pre-verifies the workload a window ahead (a CryptoPool); without one this is simulate(). */
  pool?: WorkloadSigner;
  /** Simulated length of a workload window (default 1 s). */
  windowUs?: SimTime;
}

/** simulate(), with the workload's signing and first verification done in `options.pool`: the same outcome. */
export async function simulateAsync(scenario: Scenario, options: SimulateAsyncOptions = {}): Promise<SimulationOutcome> {
  const simulation = new Simulation(scenario, options);
  if (options.pool === undefined) return simulation.run();
  return simulation.runAsync(options.pool, options.windowUs ?? US_PER_SEC);
}

export class Simulation {
  private readonly loop: EventLoop<Payload>;
  private readonly streams: RngStreams;
  private readonly hosts: Host<unknown>[] = [];
  private readonly delay: DelayModel;
  private readonly links: LinkState;
  private readonly faults: FaultRuntime;
  /** Twins: routing between the two copies of a twinned node, and the second copies (faults/twins.ts). */
  private readonly twins: TwinsRouting;
  private readonly twinHosts = new Map<NodeId, Host<unknown>>();
  private readonly delayRng: Rng[] = [];
  /** Reused for every uplink reservation (one message at a time is on its way out). */
  private readonly uplinkOut: UplinkReservation = { startUs: 0, endUs: 0 };
  /** Created on first use: a run without loss never needs them (10,000 nodes, 10,000 seeded generators). */
  private readonly lossRng: (Rng | undefined)[] = [];
  /** The additive counters (messages, bytes, CPU, view changes); a worker's are summed by the coordinator. */
  readonly metrics: RunMetrics;
  private readonly safety: SafetyObserver;
  private readonly liveness: LivenessObserver;
  /** Order-sensitive observer calls: made at once, or recorded for the coordinator's replay (observers.ts). */
  readonly sink: OrderedSink;
  readonly keys: RunKeys;
  private readonly workload: WorkloadDriver;
  private protocolObserver: ProtocolObserver | undefined;
  /** Parallel engine: other partitions' leader hints just before a leader-targeted fault (setLeaderHints). */
  private leaderHints: { atUs: SimTime; hints: Int32Array } | undefined;
  dropped = 0;
  droppedByPartition = 0;
  /** Workload and fault events handled (a worker runs them all; the coordinator counts them once). */
  sharedEvents = 0;

  constructor(private readonly scenario: Scenario, private readonly options: SimulateOptions, private readonly role?: WorkerRole) {
    const n = scenario.nodes.count;
    this.loop = new EventLoop<Payload>(n);
    this.streams = new RngStreams(scenario.seed);
    this.delay = new DelayModel(scenario.network, scenario.nodes.regions);
    this.links = new LinkState(scenario.network.uploadBps, scenario.network.downloadBps);
    this.faults = new FaultRuntime(scenario.faults, n, this.streams);
    this.twins = new TwinsRouting(scenario.adversaries);
    for (let i = 0; i < n; i++) {
      this.delayRng.push(this.streams.get(`net/delay/${i}`));
    }
    const honest = honestFlags(n, scenario.adversaries);
    const m = scenario.metrics;
    this.metrics = new RunMetrics({
      nodeCount: n, durationUs: scenario.durationUs, warmupUs: m.warmupUs, cooldownUs: m.cooldownUs,
      confirmation: m.confirmation, honest,
    });
    this.safety = new SafetyObserver({ honest });
    this.liveness = new LivenessObserver({
      livenessBoundUs: m.livenessBoundUs, lastHealUs: lastHealUs(scenario.faults), honest,
    });
    this.keys = new RunKeys(scenario.seed, scenario.crypto.suite, scenario.crypto.perNode, scenario.workload.clients);
    this.createHosts();
    this.sink = role === undefined
      ? new DirectSink({ metrics: this.metrics, safety: this.safety, liveness: this.liveness, protocol: this.protocolObserver, onCommit: options.onCommit })
      : new RecordingSink(this.loop as EventLoop<unknown>, role.self === 0);
    this.workload = new WorkloadDriver(scenario, this.keys, this.streams, {
      hosts: this.hosts,
      owns: (node) => this.owns(node),
      signsUntargeted: role === undefined || role.self === 0,
      leaderHint: (node, atUs) => (this.owns(node) ? this.hosts[node]?.leaderHint() : this.remoteLeaderHint(node, atUs)),
      sink: this.sink,
      scheduleArrival: (atUs) => this.loop.schedule(atUs, EventClass.workload, SOURCE_WORKLOAD, K_TX, null),
    });
    this.registerHandlers();
  }

  /** Whether `node` lives in this worker (always, in the single-threaded engine). */
  owns(node: NodeId): boolean {
    return this.role === undefined || this.role.partitionOf[node] === this.role.self;
  }

  get eventLoop(): EventLoop<Payload> {
    return this.loop;
  }

  private createHosts(): void {
    const scenario = this.scenario;
    const module = getProtocol(scenario.protocol.name);
    const profile = getCostProfile(scenario.nodes.cpu.profile);
    const costs = hostCosts(profile, scenario.nodes.cpu.speedFactor);
    this.protocolObserver = module.createObserver?.(scenario.protocol as never, {
      nodeCount: scenario.nodes.count, durationUs: scenario.durationUs, warmupUs: scenario.metrics.warmupUs,
    });
    const nodes = Array.from({ length: scenario.nodes.count }, (_, i) => i);
    const peers = buildTopology(scenario.network.topology, nodes.length, this.streams.get("net/topology"));
    const plainEnv = this.hostEnvironment();
    for (const id of nodes) {
      const rng = this.streams.get(`node/${id}`);
      const keys = this.keys.hostKeys(id);
      const { env, wrapContext } = hostWiring(scenario, id, plainEnv, this.streams);
      this.hosts.push(new Host(id, nodes, peers[id] ?? [], module, scenario.protocol, keys, costs, env, rng, wrapContext));
    }
    for (const id of this.twins.twinned) {
      const env = twinEnvironment(
        plainEnv,
        (from, to, msg, size, type, atUs) => this.transmit(from, to, msg, size, type, atUs, true),
        (kind, node, atUs, timerId, epoch) =>
          this.loop.schedule(atUs, EventClass.local, node, kind === "timer" ? K_TIMER : K_CPU_FREE, { node, epoch, timerId, twin: true }),
      );
      const rng = this.streams.get(`node/${id}/twin`);
      this.twinHosts.set(id, new Host(id, nodes, peers[id] ?? [], module, scenario.protocol, this.keys.hostKeys(id), costs, env, rng));
    }
  }

  private hostEnvironment(): HostEnvironment<unknown> {
    const loop = this.loop;
    return {
      transmit: (from, to, msg, sizeBytes, type, atUs) => this.transmit(from, to, msg, sizeBytes, type, atUs),
      scheduleTimer: (node, atUs, timerId, epoch) =>
        loop.schedule(atUs, EventClass.local, node, K_TIMER, { node, epoch, timerId }),
      scheduleCpuFree: (node, atUs, epoch) =>
        loop.schedule(atUs, EventClass.local, node, K_CPU_FREE, { node, epoch, timerId: 0 }),
      committed: (node, block, atUs) => this.sink.committed(node, block, atUs),
      cpuBusy: (node, us, category) => this.metrics.cpuBusy(node, us, category),
      viewChanged: (node, _view, atUs) => this.metrics.viewChange(node, atUs),
      observe: (node, atUs, event, detail) => this.sink.observe(node, atUs, event, detail),
      trace: this.options.trace,
    };
  }

  private registerHandlers(): void {
    const loop = this.loop;
    loop.on(K_ARRIVE, (payload, timeUs) => {
      const t = payload as Transmission;
      const deliverUs = this.links.reserveDownlink(t.to, t.sizeBytes, t.firstBitUs, t.lastBitUs);
      if (deliverUs <= timeUs) this.deliver(t, timeUs);
      else loop.schedule(deliverUs, EventClass.network, t.to, K_DELIVER, t);
    });
    loop.on(K_DELIVER, (payload, timeUs) => this.deliver(payload as Transmission, timeUs));
    loop.on(K_TIMER, (payload, timeUs) => {
      const e = payload as LocalEvent;
      this.hostFor(e.node, e.twin)?.timerFired(e.timerId, e.epoch, timeUs);
    });
    loop.on(K_CPU_FREE, (payload, timeUs) => {
      const e = payload as LocalEvent;
      this.hostFor(e.node, e.twin)?.cpuFree(timeUs, e.epoch);
    });
    loop.on(K_TX, (_payload, timeUs) => {
      this.sharedEvents++;
      this.workload.submit(timeUs);
    });
    loop.on(K_FAULT, (payload, timeUs) => {
      this.sharedEvents++;
      this.applyFault(payload as FaultAction, timeUs);
    });
  }

  private lossStream(from: NodeId): Rng {
    let rng = this.lossRng[from];
    if (rng === undefined) {
      rng = this.streams.get(`net/loss/${from}`);
      this.lossRng[from] = rng;
    }
    return rng;
  }

  private transmit(from: NodeId, to: NodeId, msg: unknown, sizeBytes: number, type: string, atUs: SimTime, fromTwin = false): void {
    this.metrics.messageSent(type, sizeBytes, from, to);
    const transmission: Transmission = { from, to, msg, sizeBytes, firstBitUs: atUs, lastBitUs: atUs };
    if (this.twins.active) {
      const toTwin = this.twins.route(from, to, fromTwin);
      if (toTwin === undefined) {
        this.droppedByPartition++;
        return;
      }
      if (toTwin) transmission.toTwin = true;
    }
    if (from === to) {
      this.loop.schedule(atUs, EventClass.network, from, K_DELIVER, transmission);
      return;
    }
    if (!this.faults.network.canTalk(from, to)) {
      this.droppedByPartition++;
      return;
    }
    const uplink = this.links.reserveUplink(from, sizeBytes, atUs, this.uplinkOut);
    if (this.scenario.network.loss > 0 && isLost(this.lossStream(from), this.scenario.network.loss)) {
      this.dropped++;
      return;
    }
    const link = this.faults.network.linkEffect(from, to);
    if (link.loss > 0 && this.faults.linkLost(from, link.loss)) {
      this.dropped++;
      return;
    }
    const propagationUs = Math.round(this.delay.sampleUs(from, to, this.delayRng[from] as Rng) * link.delayFactor) + link.addedDelayUs;
    transmission.firstBitUs = uplink.startUs + propagationUs;
    transmission.lastBitUs = uplink.endUs + propagationUs;
    if (this.role !== undefined && !this.owns(to)) {
      this.role.sendAway(transmission, this.loop.nextSeq(from));
      return;
    }
    this.loop.schedule(transmission.firstBitUs, EventClass.network, from, K_ARRIVE, transmission);
  }

  /** The host of `node`, or of its twin copy (faults/twins.ts). */
  private hostFor(node: NodeId, twin: boolean | undefined): Host<unknown> | undefined {
    return twin === true ? this.twinHosts.get(node) : this.hosts[node];
  }

  private deliver(t: Transmission, timeUs: SimTime): void {
    const host = this.hostFor(t.to, t.toTwin) as Host<unknown>;
    if (!host.isUp) return;
    if (t.from !== t.to) this.metrics.messageReceived(t.sizeBytes, t.to);
    host.input({ kind: "message", from: t.from, msg: t.msg, sizeBytes: t.sizeBytes }, timeUs);
  }

  private applyFault(action: FaultAction, timeUs: SimTime): void {
    const controls = faultControls(
      this.hosts, this.scenario.nodes.regions,
      (node, atUs) => this.sink.nodeDown(node, atUs), (node, atUs) => this.sink.nodeUp(node, atUs),
      (node) => this.owns(node),
      (node) => this.remoteLeaderHint(node, timeUs),
    );
    this.faults.apply(action, timeUs, controls);
  }

  /**
   * Parallel engine: the leader hints of the nodes of other partitions as they stood just before `atUs`, for a
   * fault or a transaction that is the first event of its window there and asks for the leader.
   */
  setLeaderHints(atUs: SimTime, hints: Int32Array): void {
    this.leaderHints = { atUs, hints };
  }

  /** Every own node's leader hint (−1: none), −2 for the nodes of other partitions. */
  ownLeaderHints(): Int32Array {
    const hints = new Int32Array(this.hosts.length).fill(-2);
    for (const host of this.hosts) if (this.owns(host.id)) hints[host.id] = host.leaderHint() ?? -1;
    return hints;
  }

  private remoteLeaderHint(node: NodeId, atUs: SimTime): NodeId | undefined {
    const known = this.leaderHints;
    if (known === undefined || known.atUs !== atUs) {
      throw new Error(`parallel engine: no leader hint for node ${node} at ${atUs} µs (the coordinator did not stop before this fault)`);
    }
    const hint = known.hints[node] as number;
    return hint >= 0 ? hint : undefined;
  }

  run(): SimulationOutcome {
    this.begin();
    return this.finish(this.loop.run({ endUs: this.scenario.durationUs, maxEvents: this.scenario.engine.maxEvents }));
  }

  /** run(), in windows: the next window's workload is signed and pre-verified by `signer` while this one runs. */
  async runAsync(signer: WorkloadSigner, windowUs: SimTime): Promise<SimulationOutcome> {
    const prepared = this.workload.prepareWith(signer);
    this.begin();
    const { durationUs: endUs, engine } = this.scenario;
    return this.finish(await runInWindows(this.loop, (untilUs) => prepared.prepare(untilUs), { endUs, maxEvents: engine.maxEvents, windowUs }));
  }

  begin(): void {
    for (const action of this.faults.actions()) {
      this.loop.schedule(action.atUs, EventClass.control, SOURCE_FAULTS, K_FAULT, action);
    }
    for (const host of this.hosts) {
      if (!this.owns(host.id)) continue;
      if (this.sink instanceof RecordingSink) this.sink.beginNode = host.id;
      host.start(0);
    }
    for (const host of this.twinHosts.values()) if (this.owns(host.id)) host.start(0);
    this.workload.scheduleNext();
  }

  /** The adversary section over this worker's own nodes (parallel engine; summed by the coordinator). */
  ownAdversaryReport(): AdversaryReport | undefined {
    return adversaryReport(this.scenario, this.hosts, (node) => this.owns(node));
  }

  /** Fault records so far (the same in every worker: faults are applied everywhere). */
  faultRecords(): FaultRecord[] {
    return this.faults.records();
  }

  private finish(outcome: RunOutcome): SimulationOutcome {
    const scenario = this.scenario;
    const endUs = scenario.durationUs;
    this.liveness.finish(endUs);
    const metrics = this.metrics.finish(endUs);
    const faults = this.faults.records();
    annotateFaults(metrics.timeseries, faults);
    const adversaries = adversaryReport(scenario, this.hosts);
    return {
      metrics,
      safety: this.safety.report(),
      liveness: this.liveness.report(),
      faults,
      ...(adversaries === undefined ? {} : { adversaries }),
      events: outcome.events,
      stoppedBy: outcome.stoppedBy,
      crypto: this.keys.memo.stats(),
      authenticators: { ...this.keys.verified },
      cryptoOps: this.keys.schemeOps(),
      network: { dropped: this.dropped, droppedByPartition: this.droppedByPartition },
      ...(this.protocolObserver === undefined ? {} : { protocol: this.protocolObserver.finish(endUs) }),
      // Evaluated after `metrics` above: the log needs finish()'s confirmation times.
      ...(this.options.txLog === true ? { transactions: this.metrics.transactionLog() } : {}),
    };
  }
}
