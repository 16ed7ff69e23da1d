/**
 * Host specification: the simulated CPU charges base + per-KiB + crypto costs, queues inputs that arrive
 * while it is busy (FIFO), fires timers unless cancelled, and on crash loses volatile state but keeps
 * persisted storage (ARCHITECTURE §4).
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/engine/rng.js";
import { Host } from "../../src/host/host.js";
import type { HostCosts, HostEnvironment, HostKeys } from "../../src/host/types.js";
import type { NodeContext, Protocol, ProtocolModule } from "../../src/protocols/types.js";

type Msg = { text: string };

const costs: HostCosts = {
  eventBaseUs: 10,
  messagePerKiBUs: 1024, // 1 µs per byte, easy arithmetic
  txExecuteUs: 0,
  signUs: () => 300,
  verifyUs: () => 300,
  hashUs: () => 0,
};

const keys: HostKeys = {
  scheme: "sm2",
  sign: (bytes) => bytes.slice(0, 4),
  verifyNode: () => ({ ok: true, scheme: "sm2" }),
  verifyTx: () => ({ ok: true, scheme: "sm2" }),
  hashName: "sm3",
  hash: (bytes) => bytes.slice(0, 32),
};

interface Recorder {
  handled: { text: string; startUs: number }[];
  ctx?: NodeContext<Msg>;
}

function makeModule(recorder: Recorder, body?: (ctx: NodeContext<Msg>, msg: Msg) => void): ProtocolModule<Msg, never> {
  const protocol: Protocol<Msg> = {
    name: "test",
    start: (ctx) => {
      recorder.ctx = ctx;
    },
    onMessage: (ctx, _from, msg) => {
      recorder.handled.push({ text: msg.text, startUs: ctx.now() });
      body?.(ctx, msg);
    },
    onTimer: (ctx, tag) => recorder.handled.push({ text: `timer:${tag}`, startUs: ctx.now() }),
    onTransaction: () => undefined,
  };
  return {
    name: "test",
    minNodes: 1,
    faultsTolerated: () => 0,
    codec: {
      encode: (m) => new TextEncoder().encode(m.text),
      decode: (b) => ({ text: new TextDecoder().decode(b) }),
      typeOf: () => "TEST",
    },
    create: () => protocol,
  };
}

function makeHost(recorder: Recorder, body?: (ctx: NodeContext<Msg>, msg: Msg) => void) {
  const scheduled: { kind: string; atUs: number; id?: number; epoch: number }[] = [];
  const sent: { to: number; atUs: number; size: number }[] = [];
  const busy: { us: number; category: string }[] = [];
  const env: HostEnvironment<Msg> = {
    transmit: (_from, to, _msg, size, _type, atUs) => sent.push({ to, atUs, size }),
    scheduleTimer: (_node, atUs, id, epoch) => scheduled.push({ kind: "timer", atUs, id, epoch }),
    scheduleCpuFree: (_node, atUs, epoch) => scheduled.push({ kind: "cpu", atUs, epoch }),
    committed: () => undefined,
    cpuBusy: (_node, us, category) => busy.push({ us, category }),
    viewChanged: () => undefined,
    observe: () => undefined,
  };
  const host = new Host<Msg>(0, [0, 1, 2], [1, 2], makeModule(recorder, body), {}, keys, costs, env, createRng(1, "node/0"));
  return { host, scheduled, sent, busy };
}

const message = (text: string, sizeBytes: number) => ({ kind: "message" as const, from: 1, msg: { text }, sizeBytes });

describe("Host simulated CPU", () => {
  it("charges base and per-byte cost, and queues inputs that arrive while busy (FIFO)", () => {
    const recorder: Recorder = { handled: [] };
    const { host, scheduled } = makeHost(recorder);
    host.start(0);
    host.input(message("a", 100), 1000); // busy 1000 .. 1000 + 10 + 100
    host.input(message("b", 50), 1050); // queued
    host.input(message("c", 10), 1060); // queued behind b
    expect(recorder.handled.map((h) => h.text)).toEqual(["a"]);
    expect(scheduled).toEqual([{ kind: "cpu", atUs: 1110, epoch: 0 }]);
    host.cpuFree(1110, 0);
    expect(recorder.handled[1]).toEqual({ text: "b", startUs: 1110 + 10 + 50 });
    host.cpuFree(1170, 0);
    expect(recorder.handled.map((h) => h.text)).toEqual(["a", "b", "c"]);
  });

  it("advances ctx.now() by crypto costs, so a message sent after signing leaves later", () => {
    const recorder: Recorder = { handled: [] };
    const { host, sent, busy } = makeHost(recorder, (ctx) => {
      ctx.crypto.sign(new Uint8Array(8));
      ctx.send(2, { text: "reply" });
    });
    host.start(0);
    host.input(message("req", 0), 500);
    // 500 + base 10 + sign 300; then encoding "reply" (5 B) costs 5 µs before it leaves.
    expect(sent).toEqual([{ to: 2, atUs: 815, size: 5 }]);
    expect(busy.map((b) => b.category)).toContain("sm2.sign");
  });

  it("fires timers at the right time and ignores cancelled ones", () => {
    const recorder: Recorder = { handled: [] };
    const { host, scheduled } = makeHost(recorder);
    host.start(0);
    const ctx = recorder.ctx as NodeContext<Msg>;
    const keep = ctx.setTimer(2000, "keep");
    const drop = ctx.setTimer(3000, "drop");
    ctx.cancelTimer(drop);
    const timers = scheduled.filter((s) => s.kind === "timer");
    expect(timers.map((t) => t.atUs)).toEqual([2010, 3010]);
    host.timerFired(keep, 0, 2010);
    host.timerFired(drop, 0, 3010);
    expect(recorder.handled.map((h) => h.text)).toEqual(["timer:keep"]);
  });

  it("loses timers and queued inputs on crash but keeps persisted storage", () => {
    const recorder: Recorder = { handled: [] };
    const { host } = makeHost(recorder);
    host.start(0);
    const ctx = recorder.ctx as NodeContext<Msg>;
    ctx.persist("view", { v: 7 });
    const timer = ctx.setTimer(100, "t");
    host.input(message("x", 1000), 20);
    host.input(message("queued", 10), 30);
    host.crash();
    expect(host.isUp).toBe(false);
    host.input(message("while-down", 10), 40);
    host.timerFired(timer, 0, 110);
    host.cpuFree(1030, 0);
    expect(recorder.handled.map((h) => h.text)).toEqual(["x"]);
    expect(host.droppedWhileDown).toBe(1);
    host.start(5000);
    expect(recorder.ctx?.restore("view")).toEqual({ v: 7 });
    host.input(message("after", 10), 6000);
    expect(recorder.handled.map((h) => h.text)).toEqual(["x", "after"]);
  });
});
