/**
 * Network presets: regions with mean one-way latencies and (optionally) per-region bandwidth and node shares.
 * Sources are listed in ../shared/REFERENCE.md: SimBlock's 2019 tables (dsg-titech/simblock) and measured
 * cloud inter-region round-trip times (p50, halved for one way).
 */
import type { DelayDistributionKind } from "../scenario/types.js";

export interface NetworkPreset {
  readonly name: string;
  readonly description: string;
  /** Region names, in matrix order. */
  readonly regions: readonly string[];
  /** Mean one-way delay in ms, [from][to]. */
  readonly meanOneWayMs: readonly (readonly number[])[];
  /** Per-region upload/download in bit/s; absent means the scenario's (or the default) bandwidth. */
  readonly uploadBps?: readonly number[];
  readonly downloadBps?: readonly number[];
  /** Share of nodes per region, for `placement: { by: share }` (sums to 1). */
  readonly nodeShare?: readonly number[];
  /** Default per-message delay distribution for this preset. */
  readonly defaultDistribution: DelayDistributionKind;
  /** Default bandwidth when the preset has no per-region figures, bit/s. */
  readonly defaultBandwidthBps: number;
}

const SIMBLOCK_2019: NetworkPreset = {
  name: "simblock-2019",
  description: "SimBlock's six regions with 2019 latency, bandwidth and Bitcoin node share",
  regions: ["NA", "EU", "SA", "AP", "JP", "AU"],
  meanOneWayMs: [
    [32, 124, 184, 198, 151, 189],
    [124, 11, 227, 237, 252, 294],
    [184, 227, 88, 325, 301, 322],
    [198, 237, 325, 85, 58, 198],
    [151, 252, 301, 58, 12, 126],
    [189, 294, 322, 198, 126, 16],
  ],
  downloadBps: [52.0e6, 40.0e6, 18.0e6, 22.8e6, 22.8e6, 29.9e6],
  uploadBps: [19.2e6, 20.7e6, 5.8e6, 15.7e6, 10.2e6, 11.3e6],
  nodeShare: [0.3316, 0.4998, 0.009, 0.1177, 0.0224, 0.0195],
  defaultDistribution: "pareto",
  defaultBandwidthBps: 20e6,
};

const CLOUD_REGIONS = [
  "us-west-1", "us-east-1", "eu-west-1", "ap-northeast-1", "eu-north-1",
  "ap-south-1", "sa-east-1", "eu-central-1", "ap-northeast-2", "ap-southeast-2",
] as const;

/** Round-trip p50 in ms, [from][to], as measured; halved into one-way below. */
const CLOUD_RTT_MS: readonly (readonly number[])[] = [
  [2.8, 63.9, 129.9, 108.3, 172.9, 232.0, 174.8, 153.3, 133.5, 139.1],
  [64.2, 5.5, 69.6, 149.7, 112.8, 192.5, 115.3, 93.2, 179.8, 199.8],
  [130.1, 69.7, 3.2, 202.3, 40.9, 125.9, 178.2, 27.5, 232.6, 255.7],
  [108.7, 149.5, 202.5, 2.8, 247.2, 134.3, 258.3, 227.6, 36.3, 106.9],
  [172.5, 112.2, 39.7, 246.7, 3.3, 148.9, 223.0, 23.0, 250.1, 271.2],
  [231.6, 189.7, 125.4, 133.3, 148.4, 3.2, 301.0, 129.0, 134.5, 154.7],
  [175.3, 115.4, 178.6, 258.9, 223.3, 301.8, 3.3, 205.0, 289.7, 312.4],
  [153.0, 92.7, 27.0, 227.0, 22.9, 129.3, 204.0, 4.0, 230.8, 251.3],
  [133.9, 179.5, 233.2, 36.4, 250.4, 135.2, 289.4, 231.6, 4.0, 145.2],
  [139.2, 199.7, 255.6, 105.8, 271.6, 154.9, 312.1, 251.6, 146.1, 4.1],
];

const CLOUD_10: NetworkPreset = {
  name: "cloud-10",
  description: "Ten public-cloud regions; one-way delay is half the measured p50 round trip",
  regions: CLOUD_REGIONS,
  meanOneWayMs: CLOUD_RTT_MS.map((row) => row.map((rtt) => rtt / 2)),
  defaultDistribution: "lognormal",
  defaultBandwidthBps: 1e9,
};

const LAN: NetworkPreset = {
  name: "lan",
  description: "One data-centre LAN: 100 µs one way, 10 Gbit/s",
  regions: ["lan"],
  meanOneWayMs: [[0.1]],
  defaultDistribution: "lognormal",
  defaultBandwidthBps: 10e9,
};

export const NETWORK_PRESETS: Readonly<Record<string, NetworkPreset>> = {
  "simblock-2019": SIMBLOCK_2019,
  "cloud-10": CLOUD_10,
  lan: LAN,
};

/** Name used for a scenario's own `latencyMs` matrix. */
export const CUSTOM_PRESET = "custom";

export function presetNames(): string[] {
  return Object.keys(NETWORK_PRESETS).concat(CUSTOM_PRESET);
}
