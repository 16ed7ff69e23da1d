/**
 * The fuzz runs the tests and `npm run fuzz` share: each protocol's tiny fuzz base, and the unsafe
 * `protocol.quorumOverride` settings under which the fuzzer must find a safety violation.
 */
export interface FuzzTarget {
  protocol: "pbft" | "hotstuff" | "tendermint";
  file: string;
  /** Overrides that lower the quorum below safety (and, for HotStuff, give both partition sides four leaders). */
  unsafe: string[];
}

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  { protocol: "pbft", file: "scenarios/faults-pbft-fuzz.yaml", unsafe: ["protocol.quorumOverride=2"] },
  { protocol: "hotstuff", file: "scenarios/faults-hotstuff-fuzz.yaml", unsafe: ["nodes.count=8", "protocol.quorumOverride=4"] },
  { protocol: "tendermint", file: "scenarios/faults-tendermint-fuzz.yaml", unsafe: ["protocol.quorumOverride=2"] },
];
