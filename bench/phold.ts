/**
 * PHOLD (Fujimoto's parallel-simulation benchmark): N logical processes exchange timestamped events; each
 * event schedules one new event at a random destination after a lookahead plus an exponential delay. It
 * exercises only the engine (queue, clock, dispatch, rng) — no network, no crypto.
 */
import { EventLoop } from "../src/engine/loop.js";
import { EventClass } from "../src/engine/queue.js";
import { RngStreams, type Rng } from "../src/engine/rng.js";

export interface PholdOptions {
  nodes: number;
  eventsPerNode: number;
  lookaheadUs: number;
  meanDelayUs: number;
  endUs: number;
  seed: number;
}

export interface PholdOutcome {
  events: number;
  checksum: number;
}

const KIND_PHOLD = 0;

export function runPhold(options: PholdOptions): PholdOutcome {
  const loop = new EventLoop<number>(options.nodes);
  const streams = new RngStreams(options.seed);
  const rngs: Rng[] = [];
  for (let i = 0; i < options.nodes; i++) rngs.push(streams.get(`phold/${i}`));
  let checksum = 0;
  loop.on(KIND_PHOLD, (dest, timeUs) => {
    const rng = rngs[dest] as Rng;
    const target = rng.int(options.nodes);
    const delayUs = options.lookaheadUs + Math.round(rng.exponential(options.meanDelayUs));
    checksum = (checksum * 31 + target + timeUs) % 1_000_000_007;
    loop.schedule(timeUs + delayUs, EventClass.network, dest, KIND_PHOLD, target);
  });
  for (let i = 0; i < options.nodes; i++) {
    for (let j = 0; j < options.eventsPerNode; j++) {
      const rng = rngs[i] as Rng;
      loop.schedule(Math.round(rng.exponential(options.meanDelayUs)), EventClass.network, i, KIND_PHOLD, i);
    }
  }
  const outcome = loop.run({ endUs: options.endUs });
  return { events: outcome.events, checksum };
}
