/**
 * One simulation run: `simulate(scenario)` wires the event loop to the network model, one host per node,
 * the workload, the fault schedule and the observers, runs to the scenario's end and returns what was
 * measured. It reads no clock and draws no randomness except from named seeded streams, so the outcome is a
 * pure function of the scenario (ARCHITECTURE §1).
 */
import { getCostProfile } from "../crypto/cost-profile.js";
import { expandFaults, faultRecords, lastHealUs, PartitionState, type FaultAction, type FaultRecord } from "../faults/schedule.js";
import { Host } from "../host/host.js";
import { hostCosts, RunKeys } from "../host/keys.js";
import type { HostEnvironment } from "../host/types.js";
import { RunMetrics, type TransactionLog } from "../metrics/collector.js";
import type { MetricsReport } from "../metrics/report.js";
import { LivenessObserver, SafetyObserver, type LivenessReport, type SafetyReport } from "../metrics/safety.js";
import { DelayModel } from "../network/distributions.js";
import { isLost, LinkState } from "../network/links.js";
import { buildTopology } from "../network/topology.js";
import { getProtocol } from "../protocols/index.js";
import type { CommittedBlock, NodeId, ProtocolObservation, ProtocolObserver } from "../protocols/types.js";
import type { Scenario } from "../scenario/types.js";
import { ArrivalProcess } from "../workload/arrivals.js";
import { TransactionFactory } from "../workload/transactions.js";
import { EventLoop, type StopReason } from "./loop.js";
import { EventClass } from "./queue.js";
import { RngStreams, type Rng } from "./rng.js";
import type { SimTime } from "./time.js";

const K_ARRIVE = 0;
const K_DELIVER = 1;
const K_TIMER = 2;
const K_CPU_FREE = 3;
const K_TX = 4;
const K_FAULT = 5;
const SOURCE_WORKLOAD = -1;
const SOURCE_FAULTS = -2;

interface Transmission {
  from: NodeId;
  to: NodeId;
  msg: unknown;
  sizeBytes: number;
  firstBitUs: SimTime;
  lastBitUs: SimTime;
}
interface LocalEvent {
  node: NodeId;
  epoch: number;
  timerId: number;
}
type Payload = Transmission | LocalEvent | FaultAction | null;

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

class Simulation {
  private readonly loop: EventLoop<Payload>;
  private readonly streams: RngStreams;
  private readonly hosts: Host<unknown>[] = [];
  private readonly delay: DelayModel;
  private readonly links: LinkState;
  private readonly partitions: PartitionState;
  private readonly delayRng: Rng[] = [];
  private readonly lossRng: Rng[] = [];
  private readonly metrics: RunMetrics;
  private readonly safety: SafetyObserver;
  private readonly liveness: LivenessObserver;
  private readonly keys: RunKeys;
  private readonly arrivals: ArrivalProcess;
  private readonly txFactory: TransactionFactory;
  private readonly targetRng: Rng;
  private protocolObserver: ProtocolObserver | undefined;
  private roundRobin = 0;
  private dropped = 0;
  private droppedByPartition = 0;

  constructor(private readonly scenario: Scenario, private readonly options: SimulateOptions) {
    const n = scenario.nodes.count;
    this.loop = new EventLoop<Payload>(n);
    this.streams = new RngStreams(scenario.seed);
    this.delay = new DelayModel(scenario.network, scenario.nodes.regions);
    this.links = new LinkState(scenario.network.uploadBps, scenario.network.downloadBps);
    this.partitions = new PartitionState(n);
    for (let i = 0; i < n; i++) {
      this.delayRng.push(this.streams.get(`net/delay/${i}`));
      this.lossRng.push(this.streams.get(`net/loss/${i}`));
    }
    const honest = new Array<boolean>(n).fill(true);
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
    this.arrivals = new ArrivalProcess(scenario.workload.arrival, scenario.durationUs, this.streams.get("workload/arrival"));
    this.txFactory = new TransactionFactory(
      this.keys.clientSuite, this.keys.clientKeys, scenario.workload.txSizeBytes, this.streams.get("workload/payload"),
    );
    this.targetRng = this.streams.get("workload/target");
    this.createHosts();
    this.registerHandlers();
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
    const env = this.hostEnvironment();
    for (const id of nodes) {
      const rng = this.streams.get(`node/${id}`);
      const keys = this.keys.hostKeys(id);
      this.hosts.push(new Host(id, nodes, peers[id] ?? [], module, scenario.protocol, keys, costs, env, rng));
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
      committed: (node, block, atUs) => this.committed(node, block, atUs),
      cpuBusy: (node, us, category) => this.metrics.cpuBusy(node, us, category),
      viewChanged: (node, _view, atUs) => this.metrics.viewChange(node, atUs),
      observe: (node, atUs, event, detail) => this.protocolObserver?.onEvent(node, atUs, event, detail),
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
      this.hosts[e.node]?.timerFired(e.timerId, e.epoch, timeUs);
    });
    loop.on(K_CPU_FREE, (payload, timeUs) => {
      const e = payload as LocalEvent;
      this.hosts[e.node]?.cpuFree(timeUs, e.epoch);
    });
    loop.on(K_TX, (_payload, timeUs) => this.submitTransaction(timeUs));
    loop.on(K_FAULT, (payload, timeUs) => this.applyFault(payload as FaultAction, timeUs));
  }

  private transmit(from: NodeId, to: NodeId, msg: unknown, sizeBytes: number, type: string, atUs: SimTime): void {
    this.metrics.messageSent(type, sizeBytes, from, to);
    const transmission: Transmission = { from, to, msg, sizeBytes, firstBitUs: atUs, lastBitUs: atUs };
    if (from === to) {
      this.loop.schedule(atUs, EventClass.network, from, K_DELIVER, transmission);
      return;
    }
    if (!this.partitions.canTalk(from, to)) {
      this.droppedByPartition++;
      return;
    }
    const uplink = this.links.reserveUplink(from, sizeBytes, atUs);
    if (this.scenario.network.loss > 0 && isLost(this.lossRng[from] as Rng, this.scenario.network.loss)) {
      this.dropped++;
      return;
    }
    const propagationUs = this.delay.sampleUs(from, to, this.delayRng[from] as Rng);
    transmission.firstBitUs = uplink.startUs + propagationUs;
    transmission.lastBitUs = uplink.endUs + propagationUs;
    this.loop.schedule(transmission.firstBitUs, EventClass.network, from, K_ARRIVE, transmission);
  }

  private deliver(t: Transmission, timeUs: SimTime): void {
    const host = this.hosts[t.to] as Host<unknown>;
    if (!host.isUp) return;
    if (t.from !== t.to) this.metrics.messageReceived(t.sizeBytes, t.to);
    host.input({ kind: "message", from: t.from, msg: t.msg, sizeBytes: t.sizeBytes }, timeUs);
  }

  private committed(node: NodeId, block: CommittedBlock, atUs: SimTime): void {
    this.metrics.blockCommitted(node, block, atUs);
    this.safety.blockCommitted(node, block, atUs);
    this.liveness.blockCommitted(node, block, atUs);
    this.options.onCommit?.(node, block, atUs);
  }

  private submitTransaction(timeUs: SimTime): void {
    const tx = this.txFactory.make(timeUs);
    this.metrics.txSubmitted(tx.id, timeUs);
    this.safety.txSubmitted(tx.id);
    this.liveness.txSubmitted(tx.id, timeUs);
    const target = this.chooseTarget();
    if (target !== undefined) {
      this.metrics.txTargeted(tx.id, target);
      (this.hosts[target] as Host<unknown>).input({ kind: "tx", tx }, timeUs);
    }
    this.arrivals.advance();
    this.scheduleNextArrival();
  }

  /** Clients submit to live nodes only (a client whose node refuses the connection picks another). */
  private chooseTarget(): NodeId | undefined {
    const up = this.hosts.filter((h) => h.isUp).map((h) => h.id);
    if (up.length === 0) return undefined;
    switch (this.scenario.workload.target) {
      case "random":
        return up[this.targetRng.int(up.length)];
      case "round-robin":
        return up[this.roundRobin++ % up.length];
      case "leader": {
        const leader = (this.hosts[up[0] as number] as Host<unknown>).leaderHint();
        return leader !== undefined && this.hosts[leader]?.isUp ? leader : up[0];
      }
    }
  }

  private scheduleNextArrival(): void {
    const nextUs = this.arrivals.peekUs();
    if (nextUs <= this.scenario.durationUs) this.loop.schedule(nextUs, EventClass.workload, SOURCE_WORKLOAD, K_TX, null);
  }

  private applyFault(action: FaultAction, timeUs: SimTime): void {
    switch (action.kind) {
      case "crash":
        for (const node of action.nodes) {
          (this.hosts[node] as Host<unknown>).crash();
          this.metrics.nodeDown(node, timeUs);
        }
        return;
      case "recover":
        for (const node of action.nodes) {
          const host = this.hosts[node] as Host<unknown>;
          if (host.isUp) continue;
          host.start(timeUs);
          this.metrics.nodeUp(node, timeUs);
        }
        return;
      case "partition":
        this.partitions.apply(action.groups ?? []);
        return;
      case "heal":
        this.partitions.heal();
        return;
    }
  }

  run(): SimulationOutcome {
    const scenario = this.scenario;
    for (const action of expandFaults(scenario.faults)) {
      this.loop.schedule(action.atUs, EventClass.control, SOURCE_FAULTS, K_FAULT, action);
    }
    for (const host of this.hosts) host.start(0);
    this.scheduleNextArrival();
    const outcome = this.loop.run({ endUs: scenario.durationUs, maxEvents: scenario.engine.maxEvents });
    const endUs = scenario.durationUs;
    this.liveness.finish(endUs);
    return {
      metrics: this.metrics.finish(endUs),
      safety: this.safety.report(),
      liveness: this.liveness.report(),
      faults: faultRecords(scenario.faults),
      events: outcome.events,
      stoppedBy: outcome.stoppedBy,
      crypto: this.keys.memo.stats(),
      authenticators: { ...this.keys.verified },
      network: { dropped: this.dropped, droppedByPartition: this.droppedByPartition },
      ...(this.protocolObserver === undefined ? {} : { protocol: this.protocolObserver.finish(endUs) }),
      // Evaluated after `metrics` above: the log needs finish()'s confirmation times.
      ...(this.options.txLog === true ? { transactions: this.metrics.transactionLog() } : {}),
    };
  }
}
