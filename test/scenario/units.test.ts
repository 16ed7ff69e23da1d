import { describe, expect, it } from "vitest";
import { formatDurationUs, parseBandwidthBps, parseDurationUs, parseSizeBytes, UnitError } from "../../src/scenario/units.js";

describe("durations → integer µs", () => {
  it.each([
    ["60s", 60_000_000], ["50ms", 50_000], ["250us", 250], ["250µs", 250], ["1.5s", 1_500_000], ["2m", 120_000_000],
    ["1h", 3_600_000_000], ["0s", 0], [" 10 ms ", 10_000], ["1.1s", 1_100_000], [100, 100_000], [0.25, 250], ["30", 30_000],
  ])("%s = %i µs", (input, us) => {
    expect(parseDurationUs(input)).toBe(us);
  });

  it.each(["-5s", -1, "abc", "", "10parsecs", "1.5us", "NaN", Number.NaN, Number.POSITIVE_INFINITY, "5 s s", true, null])(
    "rejects %s",
    (input) => {
      expect(() => parseDurationUs(input)).toThrow(UnitError);
    },
  );

  it("names the unknown unit and suggests the nearest one", () => {
    expect(() => parseDurationUs("10parsecs")).toThrow(/unknown unit 'parsecs'/);
    expect(() => parseDurationUs("10sec")).toThrow(/did you mean '10s'\?/);
    expect(() => parseDurationUs("-5s")).toThrow(/not negative, found '-5s'/);
  });

  it("formats back to the shortest exact unit", () => {
    expect(formatDurationUs(60_000_000)).toBe("1m");
    expect(formatDurationUs(1_500_000)).toBe("1500ms");
    expect(formatDurationUs(250)).toBe("250us");
    expect(formatDurationUs(0)).toBe("0s");
  });
});

describe("sizes → bytes", () => {
  it.each([
    ["256B", 256], ["1KB", 1000], ["1KiB", 1024], ["1MB", 1_000_000], ["1MiB", 1_048_576], ["1.5KB", 1500], ["2kb", 2000],
    [512, 512], ["1GiB", 1024 ** 3],
  ])("%s = %i B", (input, bytes) => {
    expect(parseSizeBytes(input)).toBe(bytes);
  });

  it.each(["-1B", "1.5B", "1XB", "big", 1.5])("rejects %s", (input) => {
    expect(() => parseSizeBytes(input)).toThrow(UnitError);
  });
});

describe("bandwidth → bit/s", () => {
  it.each([["100Mbps", 100e6], ["1Gbps", 1e9], ["500kbps", 500e3], ["1.5Gbps", 1.5e9], [20e6, 20e6], ["9600bps", 9600]])(
    "%s = %i bit/s",
    (input, bps) => {
      expect(parseBandwidthBps(input)).toBe(bps);
    },
  );

  it("explains that bytes per second are not bits per second", () => {
    expect(() => parseBandwidthBps("10MBps")).toThrow(/bits per second/);
  });

  it.each(["-1Mbps", "fast", "1Mbit"])("rejects %s", (input) => {
    expect(() => parseBandwidthBps(input)).toThrow(UnitError);
  });
});
