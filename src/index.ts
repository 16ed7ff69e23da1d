/**
 * ledgersim's library API (the package's main export): crypto suites (ARCHITECTURE §8), scenario loading,
 * simulation and result building.
 */
export { getSuite, listSuites } from "./crypto/suites.js";
export type { KeyPair, SignatureSuite, SuiteName } from "./crypto/types.js";
export { simulate, simulateAsync } from "./engine/simulation.js";
export type { SimulateAsyncOptions, SimulationOutcome } from "./engine/simulation.js";
export { CryptoPool, defaultCryptoWorkers } from "./crypto/pool.js";
export type { CryptoPoolOptions, SignRequest, SignVerifyRequest, VerifyRequest } from "./crypto/pool.js";
export { calibrate } from "./crypto/calibrate.js";
export { DEFAULT_COST_PROFILE, getCostProfile } from "./crypto/cost-profile.js";
export type { CostProfile } from "./crypto/cost-profile.js";
export { loadScenarioFile, loadScenarioText } from "./scenario/load.js";
export { ScenarioError } from "./scenario/errors.js";
export type { Scenario, LoadedScenario } from "./scenario/types.js";
export { buildResult, RESULT_SCHEMA } from "./results/result.js";
export type { RunResult } from "./results/result.js";
export { getProtocol, protocolNames } from "./protocols/index.js";
export type { Protocol, NodeContext, ProtocolModule, SignedTx, CommittedBlock } from "./protocols/types.js";
export { VERSION } from "./version.js";
