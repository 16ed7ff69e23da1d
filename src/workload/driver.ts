/**
 * The workload inside a run: each arrival picks a live target node (random, round-robin or the leader a replica
 * believes in), makes the transaction — signed by its client, or taken ready-signed from the crypto pool
 * (prepared.ts) — tells the observers, hands it to the target, and schedules the next arrival.
 *
 * In the parallel engine every worker runs every arrival (the streams must advance identically everywhere) but
 * signs and delivers only the transactions whose target lives there; the others are built unsigned, which draws
 * exactly the same randomness (transactions.ts).
 */
import { RngStreams, type Rng } from "../engine/rng.js";
import type { SimTime } from "../engine/time.js";
import type { OrderedSink } from "../engine/observers.js";
import type { Host } from "../host/host.js";
import type { RunKeys } from "../host/keys.js";
import type { NodeId, SignedTx } from "../protocols/types.js";
import type { Scenario } from "../scenario/types.js";
import { ArrivalProcess } from "./arrivals.js";
import { PreparedWorkload, type WorkloadSigner } from "./prepared.js";
import { TransactionFactory } from "./transactions.js";

/** What the driver needs of the simulation around it. */
export interface WorkloadWorld {
  readonly hosts: readonly Host<unknown>[];
  /** Whether `node` lives here (always, on one thread). */
  owns(node: NodeId): boolean;
  /** Whether this simulation signs the transactions no node can take (one thread, or worker 0). */
  readonly signsUntargeted: boolean;
  /** Whom `node` believes leads at `atUs` (its replica here, or the hint handed round by the coordinator). */
  leaderHint(node: NodeId, atUs: SimTime): NodeId | undefined;
  readonly sink: OrderedSink;
  /** Schedules the arrival event at `atUs`. */
  scheduleArrival(atUs: SimTime): void;
}

/** The arrival process and transaction factory over `streams` (a fresh copy gives the same sequence). */
function workloadSources(scenario: Scenario, keys: RunKeys, streams: RngStreams): { arrivals: ArrivalProcess; txFactory: TransactionFactory } {
  const { workload, durationUs } = scenario;
  return {
    arrivals: new ArrivalProcess(workload.arrival, durationUs, streams.get("workload/arrival")),
    txFactory: new TransactionFactory(keys.clientSuite, keys.clientKeys, workload.txSizeBytes, streams.get("workload/payload")),
  };
}

export class WorkloadDriver {
  private readonly arrivals: ArrivalProcess;
  private readonly txFactory: TransactionFactory;
  private readonly targetRng: Rng;
  private roundRobin = 0;
  /** The workload prepared ahead (simulateAsync only). */
  private prepared: PreparedWorkload | undefined;

  constructor(private readonly scenario: Scenario, private readonly keys: RunKeys, streams: RngStreams, private readonly world: WorkloadWorld) {
    const sources = workloadSources(scenario, keys, streams);
    this.arrivals = sources.arrivals;
    this.txFactory = sources.txFactory;
    this.targetRng = streams.get("workload/target");
  }

  /** From now on, transactions come signed (and pre-verified) by `signer` a window ahead (simulateAsync). */
  prepareWith(signer: WorkloadSigner): PreparedWorkload {
    const ahead = workloadSources(this.scenario, this.keys, new RngStreams(this.scenario.seed));
    const { clientSuite, memo } = this.keys;
    this.prepared = new PreparedWorkload(ahead.arrivals, ahead.txFactory, clientSuite, memo, signer, this.scenario.durationUs);
    return this.prepared;
  }

  /** The arrival due now. */
  submit(timeUs: SimTime): void {
    // The target is chosen first: its stream and the live set do not depend on the transaction.
    const target = this.chooseTarget(timeUs);
    const signs = target === undefined ? this.world.signsUntargeted : this.world.owns(target);
    const tx = signs ? this.nextTransaction(timeUs) : this.txFactory.build(timeUs);
    const sink = this.world.sink;
    sink.txSubmitted(tx.id, timeUs);
    if (target !== undefined) {
      sink.txTargeted(tx.id, target);
      if (signs) (this.world.hosts[target] as Host<unknown>).input({ kind: "tx", tx: tx as SignedTx }, timeUs);
    }
    this.arrivals.advance();
    this.scheduleNext();
  }

  /** Schedules the next arrival, if it falls inside the run. */
  scheduleNext(): void {
    const nextUs = this.arrivals.peekUs();
    if (nextUs <= this.scenario.durationUs) this.world.scheduleArrival(nextUs);
  }

  /** The transaction arriving now: prepared ahead (simulateAsync) or made here — the same bytes either way. */
  private nextTransaction(timeUs: SimTime): SignedTx {
    this.keys.countClientSign();
    const tx = this.prepared?.take(timeUs) ?? this.txFactory.make(timeUs);
    this.keys.clientSigned(tx);
    return tx;
  }

  /** Clients submit to live nodes only (a client whose node refuses the connection picks another). */
  private chooseTarget(timeUs: SimTime): NodeId | undefined {
    const hosts = this.world.hosts;
    const up = hosts.filter((h) => h.isUp).map((h) => h.id);
    if (up.length === 0) return undefined;
    switch (this.scenario.workload.target) {
      case "random":
        return up[this.targetRng.int(up.length)];
      case "round-robin":
        return up[this.roundRobin++ % up.length];
      case "leader": {
        const first = up[0] as number;
        const leader = this.world.leaderHint(first, timeUs);
        return leader !== undefined && hosts[leader]?.isUp ? leader : first;
      }
    }
  }
}
