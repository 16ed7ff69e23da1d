import { describe, expect, it } from "vitest";
import { createRng } from "../../src/engine/rng.js";
import { LinkState, isLost, isUnlimited, serializationUs, type UplinkReservation } from "../../src/network/links.js";
import { NETWORK_PRESETS } from "../../src/network/presets.js";

const MB = 1_000_000;
const MBPS = 1_000_000;

/**
 * What the engine does with one message: reserve the sender's uplink at send time, then (in the receiver's
 * arrival event, at the first bit) its downlink. Messages to one receiver must be passed in first-bit order.
 */
function transfer(links: LinkState, from: number, to: number, bytes: number, nowUs: number, propagationUs: number) {
  const { startUs, endUs } = links.reserveUplink(from, bytes, nowUs);
  const firstBitUs = startUs + propagationUs;
  const lastBitUs = endUs + propagationUs;
  return { startUs, endUs, firstBitUs, lastBitUs, deliver: () => links.reserveDownlink(to, bytes, firstBitUs, lastBitUs) };
}

describe("serializationUs", () => {
  it("1 MB at 10 Mbit/s takes exactly 800,000 µs", () => {
    expect(serializationUs(MB, 10 * MBPS)).toBe(800_000);
  });

  it("rounds up to whole microseconds", () => {
    expect(serializationUs(1, 1e9)).toBe(1); // 0.008 µs
    expect(serializationUs(1_000, 3 * MBPS)).toBe(2_667); // 2666.67 µs
    expect(serializationUs(0, 10 * MBPS)).toBe(0);
  });

  it("is the exact ceiling for every preset rate and a range of sizes", () => {
    const rates = [...(NETWORK_PRESETS["simblock-2019"]!.uploadBps ?? []), ...(NETWORK_PRESETS["simblock-2019"]!.downloadBps ?? []), 1e9, 10e9, 7];
    const wrong: string[] = [];
    for (const bps of rates) {
      for (const bytes of [1, 250, 256, 1_000, 4_096, 125_000, 999_999, MB, 8 * MB, 128 * MB]) {
        const us = serializationUs(bytes, bps);
        const bitMicros = BigInt(bytes) * 8_000_000n;
        if (!(BigInt(us) * BigInt(bps) >= bitMicros && BigInt(us - 1) * BigInt(bps) < bitMicros)) {
          wrong.push(`${bytes} B at ${bps} bit/s -> ${us}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("treats 0 and Infinity as unlimited", () => {
    expect(isUnlimited(0)).toBe(true);
    expect(isUnlimited(Infinity)).toBe(true);
    expect(isUnlimited(1)).toBe(false);
    expect(serializationUs(MB, 0)).toBe(0);
    expect(serializationUs(MB, Infinity)).toBe(0);
  });
});

describe("uplink: FIFO with serialisation delay", () => {
  it("back-to-back messages queue behind each other; an idle uplink starts at once", () => {
    const links = new LinkState([10 * MBPS, 10 * MBPS], [0, 0]);
    expect(links.reserveUplink(0, MB, 0)).toEqual({ startUs: 0, endUs: 800_000 });
    expect(links.reserveUplink(0, MB, 100)).toEqual({ startUs: 800_000, endUs: 1_600_000 });
    expect(links.uplinkBacklogUs(0, 1_000_000)).toBe(600_000);
    expect(links.reserveUplink(0, 1_000, 1_000_000)).toEqual({ startUs: 1_600_000, endUs: 1_600_800 });
    // After the queue drains, the next message starts when it is sent.
    expect(links.reserveUplink(0, MB, 2_000_000)).toEqual({ startUs: 2_000_000, endUs: 2_800_000 });
    // Uplinks are per node: node 1 is unaffected.
    expect(links.reserveUplink(1, MB, 100)).toEqual({ startUs: 100, endUs: 800_100 });
    expect(links.uplinkFreeAt(0)).toBe(2_800_000);
  });

  it("writes into a caller's reservation object when given one", () => {
    const links = new LinkState([10 * MBPS], [0]);
    const out: UplinkReservation = { startUs: -1, endUs: -1 };
    expect(links.reserveUplink(0, MB, 5, out)).toBe(out);
    expect(out).toEqual({ startUs: 5, endUs: 800_005 });
  });
});

describe("downlink: FIFO in first-bit order", () => {
  it("two senders targeting one receiver at once: the second waits for the first", () => {
    // Fast uplinks (1 Gbit/s), a 10 Mbit/s downlink at node 2, 50 ms propagation.
    const links = new LinkState([1e9, 1e9, 1e9], [0, 0, 10 * MBPS]);
    const a = transfer(links, 0, 2, MB, 0, 50_000);
    const b = transfer(links, 1, 2, MB, 0, 50_000);
    expect(a.firstBitUs).toBe(50_000);
    expect(b.firstBitUs).toBe(50_000);
    expect(a.deliver()).toBe(850_000);
    expect(b.deliver()).toBe(1_650_000);
    expect(links.downlinkFreeAt(2)).toBe(1_650_000);
  });

  it("a message arriving after the downlink has drained is not delayed by earlier ones", () => {
    const links = new LinkState([0, 0, 0], [0, 0, 10 * MBPS]);
    expect(transfer(links, 0, 2, MB, 0, 50_000).deliver()).toBe(850_000);
    expect(transfer(links, 1, 2, MB, 1_000_000, 50_000).deliver()).toBe(1_850_000);
  });

  it("a slow sender does not hold up a fast one behind it (no head-of-line blocking)", () => {
    // Node 0 uploads at 1 Mbit/s, node 1 at 1 Gbit/s; node 2 downloads at 100 Mbit/s.
    const links = new LinkState([1 * MBPS, 1e9, 0], [0, 0, 100 * MBPS]);
    const slow = transfer(links, 0, 2, MB, 0, 10_000);
    const fast = transfer(links, 1, 2, MB, 0, 20_000);
    expect(slow.deliver()).toBe(8_010_000); // last bit leaves the slow uplink at 8 s
    // The 1 MB from the slow sender used 80 ms of downlink capacity, so the fast one starts by 90 ms.
    expect(fast.deliver()).toBe(10_000 + 80_000 + 80_000);
  });

  it("when both messages saturate the downlink, the total time is what its capacity allows", () => {
    // Two 1 MB messages from 1 Mbit/s senders into a 1.5 Mbit/s downlink: 2 MB at 1.5 Mbit/s = 10.67 s.
    const links = new LinkState([1 * MBPS, 1 * MBPS, 0], [0, 0, 1.5 * MBPS]);
    const a = transfer(links, 0, 2, MB, 0, 0);
    const b = transfer(links, 1, 2, MB, 0, 0);
    expect(a.deliver()).toBe(8_000_000);
    expect(b.deliver()).toBe(2 * serializationUs(MB, 1.5 * MBPS));
  });
});

describe("unlimited bandwidth", () => {
  it("delivers after the propagation delay alone, with no queueing at either end", () => {
    const links = new LinkState([0, Infinity, 0], [Infinity, 0, 0]);
    for (let i = 0; i < 5; i++) {
      const m = transfer(links, 0, 2, 8 * MB, 1_000 * i, 30_000);
      expect(m).toMatchObject({ startUs: 1_000 * i, endUs: 1_000 * i, firstBitUs: 30_000 + 1_000 * i });
      expect(m.deliver()).toBe(30_000 + 1_000 * i);
    }
    expect(transfer(links, 1, 0, MB, 0, 7).deliver()).toBe(7); // Infinity reads as unlimited too
  });

  it("an unlimited downlink delivers at the last bit, however slow the sender", () => {
    const links = new LinkState([1 * MBPS, 1e9, 0], [0, 0, 0]);
    expect(transfer(links, 0, 2, MB, 0, 5_000).deliver()).toBe(8_005_000);
    // A second message arriving meanwhile is not queued behind the slow one.
    expect(transfer(links, 1, 2, MB, 0, 6_000).deliver()).toBe(6_000 + 8_000);
  });
});

describe("cut-through: the download overlaps the upload", () => {
  it("fast uplink, slow downlink: limited by the downlink, not the sum", () => {
    const links = new LinkState([1e9, 0], [0, 10 * MBPS]);
    const m = transfer(links, 0, 1, MB, 0, 50_000);
    expect(m).toMatchObject({ startUs: 0, endUs: 8_000, firstBitUs: 50_000, lastBitUs: 58_000 });
    expect(m.deliver()).toBe(850_000); // store-and-forward would give 858,000
  });

  it("slow uplink, fast downlink: limited by the uplink", () => {
    const links = new LinkState([10 * MBPS, 0], [0, 1e9]);
    const m = transfer(links, 0, 1, MB, 0, 50_000);
    expect(m).toMatchObject({ firstBitUs: 50_000, lastBitUs: 850_000 });
    expect(m.deliver()).toBe(850_000); // store-and-forward would give 858,000
  });

  it("equal rates: one serialisation delay plus propagation", () => {
    const links = new LinkState([10 * MBPS, 10 * MBPS], [10 * MBPS, 10 * MBPS]);
    expect(transfer(links, 0, 1, MB, 0, 50_000).deliver()).toBe(850_000);
  });
});

describe("counters", () => {
  it("counts bytes and messages sent at the uplink and received at the downlink", () => {
    const links = new LinkState([0, 0, 0], [0, 0, 0]);
    transfer(links, 0, 1, 100, 0, 1).deliver();
    transfer(links, 0, 2, 250, 0, 1).deliver();
    transfer(links, 2, 1, 50, 0, 1); // lost: sent, never received
    expect([0, 1, 2].map((n) => links.bytesSent(n))).toEqual([350, 0, 50]);
    expect([0, 1, 2].map((n) => links.bytesReceived(n))).toEqual([0, 100, 250]);
    expect([0, 1, 2].map((n) => links.messagesSent(n))).toEqual([2, 0, 1]);
    expect([0, 1, 2].map((n) => links.messagesReceived(n))).toEqual([0, 1, 1]);
  });
});

describe("loss", () => {
  it("observed loss over 100k draws is within 0.01 of the configured rate", () => {
    for (const lossProbability of [0.01, 0.1, 0.5]) {
      const rng = createRng(17, `net/loss/${lossProbability}`);
      let lost = 0;
      for (let i = 0; i < 100_000; i++) if (isLost(rng, lossProbability)) lost++;
      expect(Math.abs(lost / 100_000 - lossProbability)).toBeLessThan(0.01);
    }
  });

  it("a loss-free network never loses and draws no randomness", () => {
    const rng = createRng(1, "net/loss/0");
    for (let i = 0; i < 1_000; i++) expect(isLost(rng, 0)).toBe(false);
    expect(rng.next()).toBe(createRng(1, "net/loss/0").next());
  });

  it("is deterministic for a stream name", () => {
    const pattern = (name: string) => {
      const rng = createRng(5, name);
      return Array.from({ length: 200 }, () => isLost(rng, 0.3));
    };
    expect(pattern("net/loss/a")).toEqual(pattern("net/loss/a"));
    expect(pattern("net/loss/a")).not.toEqual(pattern("net/loss/b"));
  });

  it("a lost message still occupies the sender's uplink", () => {
    const links = new LinkState([10 * MBPS, 0], [0, 0]);
    const rng = createRng(1, "net/loss/always");
    links.reserveUplink(0, MB, 0); // sent...
    expect(isLost(rng, 0.999999)).toBe(true); // ...and dropped on the way
    expect(links.reserveUplink(0, MB, 0)).toEqual({ startUs: 800_000, endUs: 1_600_000 });
    expect(links.bytesSent(0)).toBe(2 * MB);
  });
});

describe("LinkState errors", () => {
  it("names the problem", () => {
    expect(() => new LinkState([1, 2], [1])).toThrow(/uploadBps has 2 nodes but downloadBps has 1/);
    expect(() => new LinkState([1, -5], [1, 1])).toThrow(/uploadBps\[1\]/);
    expect(() => new LinkState([1], [Number.NaN])).toThrow(/downloadBps\[0\]/);
    const links = new LinkState([1], [1]);
    expect(() => links.reserveUplink(1, 10, 0)).toThrow(/reserveUplink: no node 1/);
    expect(() => links.reserveDownlink(-1, 10, 0, 0)).toThrow(/reserveDownlink: no node -1/);
  });

  it("rejects downlink reservations out of first-bit order (an engine bug)", () => {
    const links = new LinkState([0, 0], [0, 10 * MBPS]);
    links.reserveDownlink(1, 100, 5_000, 5_000);
    links.reserveDownlink(1, 100, 5_000, 5_000); // the same instant is fine
    expect(() => links.reserveDownlink(1, 100, 4_999, 4_999)).toThrow(/first-bit order/);
    expect(() => links.reserveDownlink(1, 100, 6_000, 5_999)).toThrow(/last bit after first/);
    expect(links.bytesReceived(1)).toBe(200);
  });
});
