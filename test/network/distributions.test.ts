import { describe, expect, it } from "vitest";
import { createRng } from "../../src/engine/rng.js";
import {
  DelayModel,
  minDelayUs,
  paretoScaleUs,
  paretoShape,
  sampleDelayUs,
  type DelayNetworkSpec,
} from "../../src/network/distributions.js";
import type { DelayDistributionKind } from "../../src/scenario/types.js";

const DRAWS = 100_000;
const MEANS_US = [100, 50_000, 150_000]; // 0.1 ms, 50 ms, 150 ms
const KINDS: DelayDistributionKind[] = ["constant", "uniform", "normal", "lognormal", "pareto"];
/** Distributions whose spread is set by sigma; constant and pareto ignore it. */
const USES_SIGMA = new Set<DelayDistributionKind>(["uniform", "normal", "lognormal"]);

function sampleMean(kind: DelayDistributionKind, meanUs: number, sigma: number, stream: string): number {
  const rng = createRng(1, stream);
  let sum = 0;
  for (let i = 0; i < DRAWS; i++) sum += sampleDelayUs(kind, meanUs, sigma, rng);
  return sum / DRAWS;
}

describe("sampleDelayUs: the expectation is the configured mean", () => {
  for (const kind of KINDS) {
    for (const sigma of USES_SIGMA.has(kind) ? [0.1, 0.5] : [0.1]) {
      for (const meanUs of MEANS_US) {
        it(`${kind}, mean ${meanUs / 1000} ms, sigma ${sigma}: sample mean of ${DRAWS} draws within 2%`, () => {
          const mean = sampleMean(kind, meanUs, sigma, `test/${kind}/${meanUs}/${sigma}`);
          expect(Math.abs(mean - meanUs) / meanUs).toBeLessThan(0.02);
        });
      }
    }
  }
});

describe("sampleDelayUs: samples are integer microseconds >= 1", () => {
  for (const kind of KINDS) {
    it(`${kind}`, () => {
      const rng = createRng(7, `ints/${kind}`);
      // Means down to 1 µs and a wide sigma push samples towards the floor.
      const bad: number[] = [];
      let atFloor = 0;
      for (const meanUs of [1, 3, 100, 50_000]) {
        for (let i = 0; i < 10_000; i++) {
          const delayUs = sampleDelayUs(kind, meanUs, 0.5, rng);
          if (!Number.isInteger(delayUs) || delayUs < 1) bad.push(delayUs);
          if (delayUs === 1) atFloor++;
        }
      }
      expect(bad).toEqual([]);
      expect(atFloor).toBeGreaterThan(0); // the floor was reached, so it was exercised
    });
  }

  it("constant returns the rounded mean without drawing", () => {
    const rng = createRng(1, "constant");
    expect(sampleDelayUs("constant", 1234.4, 0.5, rng)).toBe(1234);
    expect(sampleDelayUs("constant", 0.2, 0, rng)).toBe(1);
    expect(rng.next()).toBe(createRng(1, "constant").next());
  });

  it("uniform stays within mean·[1 − σ√3, 1 + σ√3]", () => {
    const rng = createRng(1, "uniform-range");
    const sigma = 0.2;
    const lo = 50_000 * (1 - sigma * Math.sqrt(3));
    const hi = 50_000 * (1 + sigma * Math.sqrt(3));
    let minUs = Infinity;
    let maxUs = -Infinity;
    for (let i = 0; i < 10_000; i++) {
      const delayUs = sampleDelayUs("uniform", 50_000, sigma, rng);
      minUs = Math.min(minUs, delayUs);
      maxUs = Math.max(maxUs, delayUs);
    }
    expect(minUs).toBeGreaterThanOrEqual(Math.floor(lo));
    expect(maxUs).toBeLessThanOrEqual(Math.ceil(hi));
    // ... and fills it: the extremes are within 1% of the range's ends.
    expect(minUs).toBeLessThan(lo + 0.01 * (hi - lo));
    expect(maxUs).toBeGreaterThan(hi - 0.01 * (hi - lo));
  });
});

describe("Pareto parameters (SimBlock-style)", () => {
  it("shape is 0.2 · mean in ms, clamped to >= 3", () => {
    expect(paretoShape(150_000)).toBeCloseTo(30, 12);
    expect(paretoShape(50_000)).toBeCloseTo(10, 12);
    expect(paretoShape(100)).toBe(3);
    expect(paretoShape(10_000)).toBe(3);
  });

  it("scale makes the mean exact, and equals SimBlock's mean − 5 ms when the shape is not clamped", () => {
    for (const meanUs of [50_000, 150_000, 322_000]) {
      const shape = paretoShape(meanUs);
      const scaleUs = paretoScaleUs(meanUs, shape);
      expect((shape * scaleUs) / (shape - 1)).toBeCloseTo(meanUs, 6);
      expect(scaleUs).toBeCloseTo(meanUs - 5_000, 6);
    }
  });

  it("never goes below its scale", () => {
    const rng = createRng(3, "pareto-min");
    const boundUs = minDelayUs("pareto", 150_000, 0);
    let minUs = Infinity;
    for (let i = 0; i < 10_000; i++) minUs = Math.min(minUs, sampleDelayUs("pareto", 150_000, 0, rng));
    expect(minUs).toBeGreaterThanOrEqual(boundUs);
    expect(boundUs).toBe(145_000);
  });
});

describe("minDelayUs is a lower bound on every sample", () => {
  for (const kind of KINDS) {
    it(kind, () => {
      const rng = createRng(5, `min/${kind}`);
      const boundUs = minDelayUs(kind, 20_000, 0.3);
      expect(boundUs).toBeGreaterThanOrEqual(1);
      let minUs = Infinity;
      for (let i = 0; i < 10_000; i++) minUs = Math.min(minUs, sampleDelayUs(kind, 20_000, 0.3, rng));
      expect(minUs).toBeGreaterThanOrEqual(boundUs);
    });
  }
});

describe("determinism", () => {
  it("the same stream name gives the same delays; another name gives others", () => {
    const draw = (seed: number, name: string): number[] => {
      const rng = createRng(seed, name);
      return Array.from({ length: 1000 }, () => sampleDelayUs("lognormal", 50_000, 0.5, rng));
    };
    expect(draw(42, "net/link/3->7")).toEqual(draw(42, "net/link/3->7"));
    expect(draw(42, "net/link/3->7")).not.toEqual(draw(42, "net/link/7->3"));
    expect(draw(42, "net/link/3->7")).not.toEqual(draw(43, "net/link/3->7"));
  });
});

const TWO_REGIONS: DelayNetworkSpec = {
  regionNames: ["eu", "ap"],
  meanDelayUs: [
    [5_000, 120_000],
    [125_000, 8_000],
  ],
  jitter: { distribution: "lognormal", sigma: 0.3 },
};

describe("DelayModel", () => {
  const nodeRegions = ["eu", "ap", "eu", "ap"];

  it("looks up the mean by the nodes' regions", () => {
    const model = new DelayModel(TWO_REGIONS, nodeRegions);
    expect(model.nodeCount).toBe(4);
    expect(model.meanDelayUs(0, 2)).toBe(5_000);
    expect(model.meanDelayUs(0, 1)).toBe(120_000);
    expect(model.meanDelayUs(3, 2)).toBe(125_000);
    expect(model.meanDelayUs(1, 3)).toBe(8_000);
  });

  for (const kind of KINDS) {
    it(`${kind}: draws exactly what sampleDelayUs draws from the same stream`, () => {
      const spec: DelayNetworkSpec = { ...TWO_REGIONS, jitter: { distribution: kind, sigma: 0.3 } };
      const model = new DelayModel(spec, nodeRegions);
      const a = createRng(9, "net/model");
      const b = createRng(9, "net/model");
      for (let i = 0; i < 2_000; i++) {
        const from = i % 4;
        const to = (i * 7 + 1) % 4;
        expect(model.sampleUs(from, to, a)).toBe(sampleDelayUs(kind, model.meanDelayUs(from, to), 0.3, b));
      }
    });
  }

  it("sample means match the region-pair means", () => {
    const model = new DelayModel({ ...TWO_REGIONS, jitter: { distribution: "pareto", sigma: 0 } }, nodeRegions);
    const rng = createRng(11, "net/model-mean");
    let sum = 0;
    for (let i = 0; i < DRAWS; i++) sum += model.sampleUs(0, 1, rng);
    expect(Math.abs(sum / DRAWS - 120_000) / 120_000).toBeLessThan(0.02);
    expect(model.minDelayUs(0, 1)).toBe(paretoScaleUs(120_000, paretoShape(120_000)));
  });

  it("rejects an unknown region, a ragged matrix, a non-positive mean and a negative sigma", () => {
    expect(() => new DelayModel(TWO_REGIONS, ["eu", "us"])).toThrow(/node 1 is in region 'us'/);
    expect(() => new DelayModel({ ...TWO_REGIONS, meanDelayUs: [[1, 2], [3]] }, nodeRegions)).toThrow(/2×2/);
    expect(() => new DelayModel({ ...TWO_REGIONS, meanDelayUs: [[1, 0], [3, 4]] }, nodeRegions)).toThrow(/eu -> ap/);
    expect(
      () => new DelayModel({ ...TWO_REGIONS, jitter: { distribution: "normal", sigma: -1 } }, nodeRegions),
    ).toThrow(/sigma/);
  });

  it("builds from a compiled scenario's network block and node regions", () => {
    const model = DelayModel.fromScenario({
      network: { ...TWO_REGIONS, preset: "custom", uploadBps: [], downloadBps: [], loss: 0, topology: { kind: "mesh" } },
      nodes: { count: 2, regions: ["ap", "eu"], placement: { regions: ["ap", "eu"] }, cpu: { profile: "default", speedFactor: 1 } },
    });
    expect(model.meanDelayUs(0, 1)).toBe(125_000);
    expect(model.kind).toBe("lognormal");
  });

  it("rejects a node outside the model", () => {
    const model = new DelayModel(TWO_REGIONS, nodeRegions);
    expect(() => model.sampleUs(0, 4, createRng(1, "x"))).toThrow(/no such node/);
  });
});
