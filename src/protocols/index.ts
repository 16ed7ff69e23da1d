/**
 * The protocol registry: every protocol the simulator can run, by scenario name.
 */
import { pbftModule } from "./pbft/index.js";
import { hotstuffModule } from "./hotstuff/index.js";
import { tendermintModule } from "./tendermint/index.js";
import { raftModule } from "./raft/index.js";
import { nakamotoModule } from "./nakamoto/index.js";
import type { ProtocolModule } from "./types.js";

/** A protocol module with its message type erased (the simulator only moves messages around). */
export type AnyProtocolModule = ProtocolModule<unknown, never>;

const REGISTRY: Readonly<Record<string, AnyProtocolModule>> = {
  pbft: pbftModule as unknown as AnyProtocolModule,
  hotstuff: hotstuffModule as unknown as AnyProtocolModule,
  tendermint: tendermintModule as unknown as AnyProtocolModule,
  raft: raftModule as unknown as AnyProtocolModule,
  nakamoto: nakamotoModule as unknown as AnyProtocolModule,
};

export function protocolNames(): string[] {
  return Object.keys(REGISTRY).sort();
}

export function getProtocol(name: string): AnyProtocolModule {
  const module = REGISTRY[name];
  if (module === undefined) {
    throw new Error(`getProtocol: unknown protocol '${name}' (available: ${protocolNames().join(", ")})`);
  }
  return module;
}

export type { ProtocolModule } from "./types.js";
