/**
 * Engine ordering specification: events come out in (time, class, source, seq) order whatever order they
 * were inserted in (ARCHITECTURE §1), and the run loop's stop conditions and stall guard.
 */
import { describe, expect, it } from "vitest";
import { EventLoop, SimulationStalledError } from "../../src/engine/loop.js";
import { EventClass, EventQueue, newPoppedEvent } from "../../src/engine/queue.js";
import { createRng } from "../../src/engine/rng.js";

type Key = [time: number, cls: number, source: number, seq: number];

function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}

function drain(queue: EventQueue<number>): Key[] {
  const out: Key[] = [];
  const event = newPoppedEvent<number>();
  while (queue.pop(event)) out.push([event.timeUs, event.cls, event.source, event.seq]);
  return out;
}

function randomKeys(seed: number, count: number): Key[] {
  const rng = createRng(seed, "test/keys");
  const keys = new Map<string, Key>();
  while (keys.size < count) {
    // Few distinct times and sources, so ties on every field are common.
    const key: Key = [rng.int(50) * 1000, rng.int(4), rng.int(20) - 16, rng.int(8)];
    keys.set(key.join(","), key);
  }
  return [...keys.values()];
}

describe("EventQueue", () => {
  it("pops in (time, class, source, seq) order for 200 random insertion orders", () => {
    for (let seed = 0; seed < 200; seed++) {
      const keys = randomKeys(seed, 300);
      const expected = keys.slice().sort(compareKeys);
      const queue = new EventQueue<number>(16);
      const rng = createRng(seed, "test/order");
      for (const [time, cls, source, seq] of rng.shuffle(keys)) {
        queue.push(time, cls as EventClass, source, seq, 0, 0);
      }
      expect(drain(queue)).toEqual(expected);
    }
  });

  it("gives the same order for the same events inserted in reverse", () => {
    const keys = randomKeys(7, 1000);
    const forward = new EventQueue<number>();
    const backward = new EventQueue<number>();
    keys.forEach(([t, c, s, q]) => forward.push(t, c as EventClass, s, q, 0, 0));
    keys.slice().reverse().forEach(([t, c, s, q]) => backward.push(t, c as EventClass, s, q, 0, 0));
    expect(drain(forward)).toEqual(drain(backward));
  });

  it("interleaves pushes and pops correctly (heap property holds under mixed use)", () => {
    const rng = createRng(3, "test/mixed");
    const queue = new EventQueue<number>(4);
    const event = newPoppedEvent<number>();
    let last = -1;
    let seq = 0;
    for (let i = 0; i < 20_000; i++) {
      if (queue.size === 0 || rng.next() < 0.55) {
        queue.push(Math.max(last, 0) + rng.int(1000), EventClass.local, 0, seq++, 0, 0);
      } else {
        queue.pop(event);
        expect(event.timeUs).toBeGreaterThanOrEqual(last);
        last = event.timeUs;
      }
    }
  });

  it("carries kind and payload with each event", () => {
    const queue = new EventQueue<string>();
    queue.push(5, EventClass.network, 2, 0, 7, "b");
    queue.push(5, EventClass.control, 9, 0, 3, "a");
    const event = newPoppedEvent<string>();
    queue.pop(event);
    expect([event.kind, event.payload, event.source]).toEqual([3, "a", 9]);
    queue.pop(event);
    expect([event.kind, event.payload, event.source]).toEqual([7, "b", 2]);
  });

  it("rejects non-integer, negative or out-of-range keys", () => {
    const queue = new EventQueue<number>();
    expect(() => queue.push(1.5, EventClass.local, 0, 0, 0, 0)).toThrow(/integer/);
    expect(() => queue.push(-1, EventClass.local, 0, 0, 0, 0)).toThrow(/integer/);
    expect(() => queue.push(0, EventClass.local, -100, 0, 0, 0)).toThrow(/source/);
  });
});

describe("EventLoop", () => {
  it("numbers each source's events in creation order (sourceSeq)", () => {
    const loop = new EventLoop<number>(2);
    const seen: string[] = [];
    loop.on(0, (payload, time, source) => seen.push(`${time}:${source}:${payload}`));
    loop.schedule(10, EventClass.local, 1, 0, 1);
    loop.schedule(10, EventClass.local, 0, 0, 2);
    loop.schedule(10, EventClass.local, 1, 0, 3);
    loop.run({ endUs: 100 });
    expect(seen).toEqual(["10:0:2", "10:1:1", "10:1:3"]);
  });

  it("stops at the end time and leaves later events queued", () => {
    const loop = new EventLoop<number>(1);
    let handled = 0;
    loop.on(0, () => handled++);
    for (let t = 0; t <= 100; t += 10) loop.schedule(t, EventClass.local, 0, 0, 0);
    const outcome = loop.run({ endUs: 55 });
    expect(outcome.stoppedBy).toBe("end-time");
    expect(handled).toBe(6);
    expect(loop.pending).toBe(5);
  });

  it("stops at the event budget", () => {
    const loop = new EventLoop<number>(1);
    loop.on(0, (_p, time) => loop.schedule(time + 1, EventClass.local, 0, 0, 0));
    loop.schedule(0, EventClass.local, 0, 0, 0);
    const outcome = loop.run({ endUs: 1e9, maxEvents: 1000 });
    expect(outcome).toMatchObject({ stoppedBy: "event-budget", events: 1000 });
  });

  it("reports a zero-delay loop instead of hanging", () => {
    const loop = new EventLoop<number>(1);
    loop.on(0, (_p, time) => loop.schedule(time, EventClass.local, 0, 0, 0));
    loop.schedule(5, EventClass.local, 0, 0, 0);
    expect(() => loop.run({ endUs: 1e9, maxEventsAtInstant: 10_000 })).toThrow(SimulationStalledError);
  });

  it("refuses to schedule into the past", () => {
    const loop = new EventLoop<number>(1);
    loop.on(0, (_p, time) => loop.schedule(time - 1, EventClass.local, 0, 0, 0));
    loop.schedule(5, EventClass.local, 0, 0, 0);
    expect(() => loop.run({ endUs: 100 })).toThrow(/before now/);
  });
});

describe("named rng streams", () => {
  it("derive each stream from (seed, name) only", () => {
    const a = createRng(42, "net/send/3");
    createRng(42, "another/stream").next();
    const b = createRng(42, "net/send/3");
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    expect(createRng(43, "net/send/3").next()).not.toBe(createRng(42, "net/send/3").next());
  });
});
