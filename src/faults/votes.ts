/**
 * Which message types are votes in each protocol, for the `drop-votes` strategy: the messages whose absence
 * starves quorums without silencing the node (its proposals and requests still go out).
 */
export const VOTE_TYPES: Readonly<Record<string, readonly string[]>> = {
  pbft: ["PREPARE", "COMMIT", "CHECKPOINT", "VIEW-CHANGE"],
  hotstuff: ["VOTE", "NEW-VIEW"],
  tendermint: ["PREVOTE", "PRECOMMIT"],
  raft: ["VOTE", "APPEND-RESPONSE"],
  nakamoto: [],
};

export function isVoteType(protocol: string, type: string): boolean {
  return (VOTE_TYPES[protocol] ?? []).includes(type);
}
